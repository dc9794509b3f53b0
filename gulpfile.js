// Copies the node and credential icons next to the compiled files, where n8n looks for them
// (`icon: 'file:channel360.svg'` is resolved relative to the .js file in dist/).
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
