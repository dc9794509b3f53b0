// Two projects: `unit` (pure logic, transport, sandbox and node tests against the in-process
// sandbox; seconds) and `e2e` (a real n8n with the packed package; minutes).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.tools.json', diagnostics: { warnOnly: false } }];

/** @type {import('jest').Config} */
module.exports = {
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['<rootDir>/test/e2e/'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
		},
	],
};
