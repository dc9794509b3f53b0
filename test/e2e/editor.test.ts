/**
 * The editor as a new user meets it, in a real n8n 2.40.7 driven by Debian's headless chromium
 * (scripts/editorProbe.ts, run with the node 24 of the n8n install for its built-in WebSocket):
 * search finds the nodes and the credential under "WhatsApp"; Notification → Send, with the
 * default Phone Number and no input data, shows each chosen template's own variable fields; the
 * credential test with a wrong token names the field to fix.
 */
import { execFile } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';

import { installN8n, repoRoot } from '../../scripts/n8n';
import type { EditorFindings } from '../../scripts/editorProbe';

const run = promisify(execFile);

jest.setTimeout(15 * 60_000);

let findings: EditorFindings;

beforeAll(async () => {
	// Debian's chromium, installed on first use like the queue suite's PostgreSQL and Redis.
	const CHROMIUM = (await run('bash', [join(repoRoot(), 'scripts', 'install-chromium.sh')], { timeout: 10 * 60_000 })).stdout.trim();
	if (!existsSync(CHROMIUM)) throw new Error(`scripts/install-chromium.sh printed ${CHROMIUM}, which does not exist`);
	const install = await installN8n();
	await run('npm', ['run', 'build:tools'], { cwd: repoRoot() });
	const { stdout } = await run(install.node, [join(repoRoot(), 'build', 'scripts', 'editorProbe.js')], {
		cwd: repoRoot(),
		env: { ...process.env, CHROMIUM },
		maxBuffer: 16 << 20,
		timeout: 12 * 60_000,
	});
	findings = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as EditorFindings;
});

it('searching "WhatsApp" finds the trigger (trigger panel), the action node (node panel) and the credential', () => {
	// n8n lists a package's trigger and action node as one "Channel360" entry, in the trigger
	// panel (first step) and in the node panel (what happens next): both searches must find it.
	expect(findings.nodeSearch.filter((item) => item.startsWith('Channel360 '))).toHaveLength(2);
	expect(findings.credentialSearch).toContain('Channel360 WhatsApp API');
});

it('Notification → Send without input data: each template chosen shows its own variable fields', () => {
	expect(findings.templateFields).toEqual([
		{ template: 'order_update', fields: ['body_1', 'body_2', 'body_3'] },
		{ template: 'welcome_back', fields: ['header_media', 'body_1', 'button_0_1'] },
	]);
});

it('the credential test with a wrong token says to fix the API Token, and how', () => {
	expect(findings.credentialTestMessage).toMatch(/API Token: Channel360 did not accept it\. Copy the organisation API token again/);
});
