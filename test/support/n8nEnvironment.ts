/**
 * What n8n-core expects from its host process before any node context is built: a user folder
 * (InstanceSettings writes its config there) and quiet logs. Imported first by the engine
 * harness; each jest worker gets its own temporary folder, so parallel suites never share one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER?.includes('c360-harness-')) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'c360-harness-'));
}
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n refuses to start with a world-readable config file unless told otherwise; the folder is ours.
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
