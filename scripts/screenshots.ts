/**
 * Screenshots for the README: each node of the examples open in a real n8n editor, taken with
 * Debian's headless chromium over the DevTools protocol. Run through scripts/screenshots.sh
 * (installs chromium if needed, builds, runs this with node 24 for its built-in WebSocket).
 *
 *   CHROMIUM=/usr/bin/chromium OUT=docs/images node build/scripts/screenshots.js
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { sandboxConnection, startDemoSandbox } from './demoSandbox';
import { closeEditorRun, openEditor, runScript } from './editorSession';
import { EXAMPLE_CREDENTIAL, preferredOrFreePort, readExample, repoRoot, startN8nEnvironment, type WorkflowJson } from './n8n';

const WIDTH = 1440;
/** Canvas pictures need less height than an open node with all its parameters. */
const CANVAS_HEIGHT = 720;
const NODE_HEIGHT = 1100;

interface Shot {
	file: string;
	/** Editor path to open. */
	path: string;
	/** Selector that is present once the picture is worth taking. */
	ready: string;
	height: number;
}

const CANVAS_READY = '[data-test-id="canvas-node"], .vue-flow__node';
const NODE_READY = '[data-test-id="ndv"], [data-test-id="node-parameters"]';
const CREDENTIAL_READY = '[data-test-id="editCredential-modal"], [data-test-id="credential-edit-dialog"], .el-dialog';

function canvas(file: string, workflow: WorkflowJson): Shot {
	return { file, path: `/workflow/${workflow.id}`, ready: CANVAS_READY, height: CANVAS_HEIGHT };
}

/** The workflow with one node open (n8n opens the node given after the workflow id). */
function openNode(file: string, workflow: WorkflowJson, type: string): Shot {
	const node = workflow.nodes.find((candidate) => candidate.type === type) as { id?: string } | undefined;
	if (!node?.id) throw new Error(`no ${type} node with an id in ${workflow.name}`);
	return { file, path: `/workflow/${workflow.id}/${node.id}`, ready: NODE_READY, height: NODE_HEIGHT };
}

async function main(): Promise<void> {
	const out = join(repoRoot(), process.env.OUT ?? join('docs', 'images'));
	mkdirSync(out, { recursive: true });
	const autoReply = readExample('customer-auto-reply.json');
	const outreach = readExample('scheduled-outreach.json');
	const approval = readExample('approval-in-whatsapp.json');
	const shots: Shot[] = [
		canvas('example-customer-auto-reply.png', autoReply),
		canvas('example-scheduled-outreach.png', outreach),
		openNode('node-channel360-trigger.png', autoReply, 'n8n-nodes-channel360.channel360Trigger'),
		openNode('node-channel360-reply.png', autoReply, 'n8n-nodes-channel360.channel360'),
		openNode('node-channel360-notification-send.png', outreach, 'n8n-nodes-channel360.channel360'),
		canvas('example-approval-in-whatsapp.png', approval),
		openNode('node-channel360-send-and-wait.png', approval, 'n8n-nodes-channel360.channel360'),
		{ file: 'credential-channel360-api.png', path: `/home/credentials/${EXAMPLE_CREDENTIAL.id}`, ready: CREDENTIAL_READY, height: CANVAS_HEIGHT },
	];

	const sandbox = await startDemoSandbox(await preferredOrFreePort(4360));
	const n8n = await startN8nEnvironment({
		connection: sandboxConnection(sandbox),
		workflows: [autoReply, outreach, approval],
		log: (line) => process.stdout.write(`[screenshots] ${line}\n`),
	});
	await n8n.api.activate(autoReply.id);
	await n8n.api.waitUntilPublished(autoReply.id);

	const editor = await openEditor(n8n, WIDTH, NODE_HEIGHT, ['--hide-scrollbars']);
	const { page } = editor;

	for (const shot of shots) {
		await page.resize(WIDTH, shot.height);
		await page.navigate(`${n8n.n8n.url}${shot.path}`);
		await page.waitFor(`document.querySelector(${JSON.stringify(shot.ready)})`);
		// Let option lists and the template's variable fields load before the picture.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		writeFileSync(join(out, shot.file), await page.screenshot());
		process.stdout.write(`[screenshots] ${join(out, shot.file)}\n`);
	}
	await closeEditorRun(editor, n8n, sandbox);
}

runScript('screenshots', main);
