/**
 * Screenshots for the README: each node of the examples open in a real n8n editor, taken with
 * Debian's headless chromium over the DevTools protocol. Run through scripts/screenshots.sh
 * (installs chromium if needed, builds, runs this with node 24 for its built-in WebSocket).
 *
 *   CHROMIUM=/usr/bin/chromium OUT=docs/images node build/scripts/screenshots.js
 */
import { spawn } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import {
	freePort,
	HARNESS_BROWSER_ID,
	onShutdown,
	readExample,
	repoRoot,
	startN8nEnvironment,
	stopAll,
	track,
	type WorkflowJson,
} from '../test/e2e/harness';
import { CdpConnection, CdpPage } from './cdp';
import { sandboxConnection, startDemoSandbox } from './demoSandbox';

const WIDTH = 1440;
const HEIGHT = 1100;

interface Shot {
	file: string;
	workflow: WorkflowJson;
	/** Node to open; none = the canvas. */
	nodeName?: string;
}

const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--hide-scrollbars',
	'--remote-debugging-port=0',
	`--window-size=${WIDTH},${HEIGHT}`,
];

/** Starts chromium and resolves with its DevTools websocket URL (it prints it on stderr). */
async function launchChromium(binary: string, profile: string): Promise<string> {
	const child = spawn(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
		stdio: ['ignore', 'ignore', 'pipe'],
		detached: true,
	});
	track(child);
	return await new Promise((resolve, reject) => {
		let output = '';
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
			const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`chromium exited with ${code}: ${output.slice(-500)}`)));
	});
}

function nodeId(workflow: WorkflowJson, name: string): string {
	const node = workflow.nodes.find((candidate) => candidate.name === name) as { id?: string } | undefined;
	if (!node?.id) throw new Error(`no node "${name}" in ${workflow.name}`);
	return node.id;
}

async function main(): Promise<void> {
	const out = join(repoRoot(), process.env.OUT ?? join('docs', 'images'));
	mkdirSync(out, { recursive: true });
	const autoReply = readExample('customer-auto-reply.json');
	const outreach = readExample('scheduled-outreach.json');
	const trigger = autoReply.nodes[0].name;
	const reply = autoReply.nodes[1].name;
	const notification = outreach.nodes.find((node) => node.type === 'n8n-nodes-channel360.channel360')?.name;
	const shots: Shot[] = [
		{ file: 'example-customer-auto-reply.png', workflow: autoReply },
		{ file: 'example-scheduled-outreach.png', workflow: outreach },
		{ file: 'node-channel360-trigger.png', workflow: autoReply, nodeName: trigger },
		{ file: 'node-channel360-reply.png', workflow: autoReply, nodeName: reply },
		{ file: 'node-channel360-notification-send.png', workflow: outreach, nodeName: notification },
	];

	const sandbox = await startDemoSandbox(await freePort());
	const n8n = await startN8nEnvironment({
		connection: sandboxConnection(sandbox),
		workflows: [autoReply, outreach],
		log: (line) => process.stdout.write(`[screenshots] ${line}\n`),
	});
	await n8n.api.activate(autoReply.id);
	await n8n.api.waitUntilPublished(autoReply.id);

	const profile = mkdtempSync(join(tmpdir(), 'c360-chromium-'));
	onShutdown(() => rmSync(profile, { recursive: true, force: true }));
	const cdp = await CdpConnection.open(await launchChromium(process.env.CHROMIUM ?? '/usr/bin/chromium', profile));
	const page = await CdpPage.create(cdp, WIDTH, HEIGHT);

	// Log in as the owner: the session cookie, and the browser id n8n bound it to.
	const [name, value] = n8n.session.cookie.split('=');
	await page.send('Network.setCookie', { name, value, url: n8n.n8n.url, httpOnly: true });
	await page.navigate(`${n8n.n8n.url}/healthz`);
	await page.evaluate(`localStorage.setItem('n8n-browserId', ${JSON.stringify(HARNESS_BROWSER_ID)})`);

	for (const shot of shots) {
		const path = shot.nodeName
			? `/workflow/${shot.workflow.id}/${nodeId(shot.workflow, shot.nodeName)}`
			: `/workflow/${shot.workflow.id}`;
		await page.navigate(`${n8n.n8n.url}${path}`);
		await page.waitFor(`document.querySelector('[data-test-id="canvas-node"], .vue-flow__node')`);
		if (shot.nodeName) await page.waitFor(`document.querySelector('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]')`);
		// Let option lists and the template's variable fields load before the picture.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		writeFileSync(join(out, shot.file), await page.screenshot());
		process.stdout.write(`[screenshots] ${join(out, shot.file)}\n`);
	}
	cdp.close();
	await n8n.stop();
	await sandbox.stop();
	await stopAll();
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`screenshots failed: ${error.message}\n`);
		process.exit(1);
	},
);
