/**
 * What a new user meets in the real n8n editor, checked in Debian's headless chromium over the
 * DevTools protocol: searching "WhatsApp" finds both nodes and the credential; in Notification →
 * Send without input data, switching templates shows each template's own variable fields; the
 * credential test with a wrong token names the field to fix. Prints one JSON line of findings
 * (the e2e test test/e2e/editor.test.ts asserts on it). Runs with node 24 (built-in WebSocket).
 *
 *   CHROMIUM=/usr/bin/chromium node build/scripts/editorProbe.js [screenshot-folder]
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { CdpPage } from './cdp';
import { sandboxConnection, startDemoSandbox } from './demoSandbox';
import { closeEditorRun, openEditor, runScript } from './editorSession';
import { EXAMPLE_CREDENTIAL, freePort, startN8nEnvironment, type WorkflowJson } from './n8n';

const WIDTH = 1440;
const HEIGHT = 1000;

export interface EditorFindings {
	nodeSearch: string[];
	credentialSearch: string[];
	/** The variable fields shown after each template choice, in order. */
	templateFields: Array<{ template: string; fields: string[] }>;
	credentialTestMessage: string;
}

const NOTIFY_NODE_ID = 'b1c2d3e4-0000-4000-8000-00000000e2e1';
export const FIRST_TEMPLATE = 'order_update';
export const SECOND_TEMPLATE = 'welcome_back';

/** A workflow with only Notification → Send: no trigger, so no input data, and the default phone. */
const notifyOnly: WorkflowJson = {
	id: 'c360EditorProbe1',
	name: 'Editor probe: Notification → Send',
	nodes: [
		{
			id: NOTIFY_NODE_ID,
			name: 'Send notification',
			type: 'n8n-nodes-channel360.channel360',
			typeVersion: 1,
			position: [400, 300],
			parameters: { resource: 'notification', operation: 'send', template: `${FIRST_TEMPLATE}|en_US` },
			credentials: { channel360Api: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name } },
		},
		// Not connected, so the Channel360 node still has no input; with a trigger present, n8n's
		// node panel opens on actions rather than triggers.
		{ id: 'b1c2d3e4-0000-4000-8000-00000000e2e0', name: 'Manual start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [100, 300], parameters: {} },
	],
	connections: {},
	settings: {},
} as unknown as WorkflowJson;

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** A real mouse click in the middle of the first visible element `expression` finds. */
async function clickAt(page: CdpPage, expression: string, timeoutMs = 20_000): Promise<void> {
	await page.waitFor(expression, timeoutMs);
	const { x, y } = await page.evaluate<{ x: number; y: number }>(
		`(() => { const element = ${expression}; element.scrollIntoView({ block: 'center' }); const box = element.getBoundingClientRect(); return { x: box.x + box.width / 2, y: box.y + box.height / 2 }; })()`,
	);
	await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
	await page.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
	await page.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
}

const visible = (selector: string, text = '') =>
	`[...document.querySelectorAll(${JSON.stringify(selector)})].find((element) => element.offsetParent !== null && element.textContent.includes(${JSON.stringify(text)}))`;

async function typeText(page: CdpPage, text: string): Promise<void> {
	await page.send('Input.insertText', { text });
}

async function pressKey(page: CdpPage, key: string, code: string, keyCode: number): Promise<void> {
	for (const type of ['keyDown', 'keyUp']) {
		await page.send('Input.dispatchKeyEvent', { type, key, code, windowsVirtualKeyCode: keyCode });
	}
}

/** The variable fields the resource mapper shows, by id (body_1, header_media, button_0_1...). */
async function variableFieldLabels(page: CdpPage): Promise<string[]> {
	return await page.evaluate<string[]>(
		`[...document.querySelectorAll('[data-test-id="resource-mapper-container"] [data-test-id^="parameter-input-"]')].map((input) => input.getAttribute('data-test-id').slice('parameter-input-'.length)).filter((id) => id !== 'field')`,
	);
}

async function waitForFields(page: CdpPage, mustContain: string, mustNotContain: string): Promise<string[]> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const labels = await variableFieldLabels(page);
		const text = labels.join('\n');
		if (text.includes(mustContain) && !text.includes(mustNotContain)) return labels;
		if (Date.now() > deadline) return labels;
		await sleep(500);
	}
}

/** The node panel's results: name and description of each. */
async function nodeCreatorItems(page: CdpPage): Promise<string[]> {
	return await page.evaluate<string[]>(
		`[...document.querySelectorAll('[data-test-id="node-creator"] [data-test-id="node-creator-node-item"], [data-test-id="node-creator"] [data-test-id="item-iterator-item"]')].map((item) => item.innerText.replace(/\\s+/g, ' ').trim())`,
	);
}

async function main(): Promise<void> {
	const shots = process.argv[2];
	if (shots) mkdirSync(shots, { recursive: true });
	const sandbox = await startDemoSandbox(await freePort());
	const connection = sandboxConnection(sandbox);
	const n8n = await startN8nEnvironment({ connection, workflows: [notifyOnly], log: (line) => process.stderr.write(`[editor] ${line}\n`) });

	const editor = await openEditor(n8n, WIDTH, HEIGHT);
	let page = editor.page;
	const snap = async (file: string) => {
		if (shots) writeFileSync(join(shots, file), await page.screenshot());
	};

	const findings: EditorFindings = { nodeSearch: [], credentialSearch: [], templateFields: [], credentialTestMessage: '' };
	try {
		// 1. The node panel: open it on a new workflow (Tab, as n8n's shortcut) and search.
		await page.navigate(`${n8n.n8n.url}/workflow/new`);
		await page.waitFor(`document.querySelector('[data-test-id="canvas-plus-button"], [data-test-id="canvas-add-button"], .vue-flow')`);
		await sleep(1500);
		await snap('probe-canvas.png');
		const creatorInput = `document.querySelector('[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator"] input, [data-test-id="node-creator-search-bar"]')`;
		await page.evaluate(`document.querySelector('[data-test-id="canvas-add-button"]')?.click()`);
		await page.waitFor(creatorInput, 5_000).catch(async () => {
			await page.evaluate(`document.querySelector('[data-test-id="canvas-plus-button"]')?.click()`);
			await page.waitFor(creatorInput, 5_000).catch(async () => {
				await pressKey(page, 'Tab', 'Tab', 9);
				await page.waitFor(creatorInput, 10_000);
			});
		});
		await page.evaluate(`${creatorInput}.focus()`);
		await typeText(page, 'WhatsApp');
		await page.waitFor(`document.querySelector('[data-test-id="node-creator"]')?.innerText.includes('Channel360')`, 20_000).catch(() => undefined);
		await sleep(1000);
		await snap('probe-node-search.png');
		findings.nodeSearch = await nodeCreatorItems(page);

		// 2. The credential picker: Create credential, search "WhatsApp".
		await page.navigate(`${n8n.n8n.url}/home/credentials/create`);
		await page.waitFor(`document.querySelector('[data-test-id="selectCredential-modal"] input, .el-dialog input')`);
		await page.evaluate(`document.querySelector('[data-test-id="selectCredential-modal"] input, .el-dialog input').focus()`);
		await typeText(page, 'WhatsApp');
		await sleep(1500);
		await snap('probe-credential-search.png');
		findings.credentialSearch = await page.evaluate<string[]>(
			`[...document.querySelectorAll('[data-test-id="selectCredential-modal"] .el-select-dropdown__item, .el-select-dropdown__item, [data-test-id="new-credential-type-select-option"]')].filter((item) => item.offsetParent !== null).map((item) => item.innerText.trim())`,
		);
		await pressKey(page, 'Escape', 'Escape', 27);

		// 3. Notification → Send, default phone, no input data: switch templates back and forth.
		await page.navigate(`${n8n.n8n.url}/workflow/${notifyOnly.id}/${NOTIFY_NODE_ID}`);
		await page.waitFor(`document.querySelector('[data-test-id="ndv"], [data-test-id="node-parameters"]')`);
		let labels = await waitForFields(page, 'body_3', 'header_media');
		findings.templateFields.push({ template: FIRST_TEMPLATE, fields: labels });
		for (const template of [SECOND_TEMPLATE]) {
			// As a user does: open the list, type to filter, take the match with Enter.
			// A click that lands while the field is still loading its options opens nothing: click again.
			const listed = `[...document.querySelectorAll('.el-select-dropdown__item')].some((item) => item.textContent.includes(${JSON.stringify(template)}))`;
			for (let attempt = 1; ; attempt++) {
				await clickAt(page, visible('[data-test-id="parameter-input-template"]'));
				const opened = await page.waitFor(listed, 20_000).then(
					() => true,
					() => false,
				);
				if (opened) break;
				if (attempt === 3) throw new Error(`the template list did not show ${template} after ${attempt} clicks`);
			}
			await typeText(page, template);
			await sleep(800);
			await clickAt(page, visible('.el-select-dropdown__item', template));
			labels =
				template === SECOND_TEMPLATE
					? await waitForFields(page, 'header_media', 'body_3')
					: await waitForFields(page, 'body_3', 'header_media');
			await snap(`probe-template-${template}.png`);
			findings.templateFields.push({ template, fields: labels });
		}

		// The node panel after a node (actions, not triggers): the action node is found too.
		// A new tab: the edited workflow's tab would ask "leave without saving?" on navigation.
		page = await CdpPage.create(editor.cdp, WIDTH, HEIGHT);
		await page.navigate(`${n8n.n8n.url}/workflow/${notifyOnly.id}`);
		await page.waitFor(`document.querySelector('[data-test-id="canvas-node"]')`);
		await sleep(1000);
		await page.evaluate(`document.querySelectorAll('[data-test-id="canvas-node"]').length`);
		// The + after the node opens the panel for what comes next (actions), not the trigger panel.
		await clickAt(page, visible('[data-test-id="canvas-handle-plus"]'));
		await page.waitFor(creatorInput, 10_000);
		await page.evaluate(`${creatorInput}.focus()`);
		await typeText(page, 'WhatsApp');
		await sleep(1500);
		await snap('probe-node-search-actions.png');
		findings.nodeSearch.push(...(await nodeCreatorItems(page)));
		await pressKey(page, 'Escape', 'Escape', 27);

		// 4. A credential with a wrong token: the test's message names the field.
		const created = (await n8n.session.rest('POST', '/credentials', {
			name: 'Channel360 wrong token',
			type: 'channel360Api',
			data: { ...connection, apiToken: 'not-the-token' },
		})) as { data?: { id: string }; id?: string };
		const credentialId = created.data?.id ?? created.id;
		await page.navigate(`${n8n.n8n.url}/home/credentials/${credentialId}`);
		await page.waitFor(`document.querySelector('[data-test-id="editCredential-modal"], .el-dialog')`);
		await sleep(1000);
		await snap('probe-credential-open.png');
		await clickAt(page, `document.querySelector('[data-test-id="credential-save-button"]') ?? ${visible('button', 'Retry')} ?? ${visible('button', 'Save')}`);
		await page.waitFor(`document.body.innerText.includes('API Token') && /Couldn.t connect|did not accept/.test(document.body.innerText)`, 30_000).catch(() => undefined);
		await clickAt(page, `[...document.querySelectorAll('.el-dialog *')].find((element) => element.childElementCount === 0 && element.textContent.trim() === 'More details')`, 10_000).catch(() => undefined);
		await sleep(1000);
		await snap('probe-credential-test.png');
		findings.credentialTestMessage = await page.evaluate<string>(
			`[...document.querySelectorAll('.el-dialog, .el-popper, [role="tooltip"]')].map((element) => element.innerText).join('\\n').trim()`,
		);
	} catch (error) {
		await snap('probe-failed.png');
		const testIds = await page.evaluate<string[]>(`[...new Set([...document.querySelectorAll('[data-test-id]')].map((element) => element.getAttribute('data-test-id')))]`);
		process.stderr.write(`test ids on the page: ${testIds.join(' ')}\n`);
		throw error;
	} finally {
		process.stdout.write(`${JSON.stringify(findings)}\n`);
		await closeEditorRun(editor, n8n, sandbox);
	}
}

runScript('editor probe', main);
