/**
 * What the editor probe and the README screenshots share: a headless chromium logged in to the
 * n8n they started, the shutdown of everything they started, and how a script ends.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import type { Sandbox } from '../sandbox';
import { CdpConnection, CdpPage } from './cdp';
import { HARNESS_BROWSER_ID, onShutdown, stopAll, track, type N8nEnvironment } from './n8n';

const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--remote-debugging-port=0',
];

/** Starts chromium and resolves with its DevTools websocket URL (it prints it on stderr). */
async function launchChromium(binary: string, flags: string[]): Promise<string> {
	const child = spawn(binary, [...CHROMIUM_FLAGS, ...flags, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
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

export interface EditorSession {
	cdp: CdpConnection;
	page: CdpPage;
}

/** A chromium page logged in to n8n as its owner ($CHROMIUM, else Debian's /usr/bin/chromium). */
export async function openEditor(n8n: N8nEnvironment, width: number, height: number, extraFlags: string[] = []): Promise<EditorSession> {
	const profile = mkdtempSync(join(tmpdir(), 'c360-chromium-'));
	onShutdown(() => rmSync(profile, { recursive: true, force: true }));
	const flags = [...extraFlags, `--window-size=${width},${height}`, `--user-data-dir=${profile}`];
	const cdp = await CdpConnection.open(await launchChromium(process.env.CHROMIUM ?? '/usr/bin/chromium', flags));
	const page = await CdpPage.create(cdp, width, height);
	// The owner's session cookie, and the browser id n8n bound it to.
	const [name, value] = n8n.session.cookie.split('=');
	await page.send('Network.setCookie', { name, value, url: n8n.n8n.url, httpOnly: true });
	await page.navigate(`${n8n.n8n.url}/healthz`);
	await page.evaluate(`localStorage.setItem('n8n-browserId', ${JSON.stringify(HARNESS_BROWSER_ID)})`);
	return { cdp, page };
}

/** Stops the browser, n8n, the sandbox and every process still tracked. */
export async function closeEditorRun(editor: EditorSession, n8n: N8nEnvironment, sandbox: Sandbox): Promise<void> {
	editor.cdp.close();
	await n8n.stop();
	await sandbox.stop();
	await stopAll();
}

/** Runs a script's main and exits 0, or 1 saying `<what> failed: <why>`. */
export function runScript(what: string, main: () => Promise<void>): void {
	main().then(
		() => process.exit(0),
		(error: Error) => {
			process.stderr.write(`${what} failed: ${error.message}\n`);
			process.exit(1);
		},
	);
}
