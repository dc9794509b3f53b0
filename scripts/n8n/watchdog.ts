/**
 * A tiny detached process per started process group: once the process that started the group
 * is gone (killed, crashed, or a test runner that exited without running our handlers; jest
 * gives test code its own `process` object, so signal and exit listeners there never fire), it
 * stops the group: SIGTERM, then SIGKILL. It exits by itself when the group is gone.
 */
import { spawn } from 'child_process';

const WATCHDOG_SOURCE = `
const [owner, group] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; } };
const timer = setInterval(() => {
	if (!alive(-group)) process.exit(0);
	if (alive(owner)) return;
	clearInterval(timer);
	try { process.kill(-group, 'SIGTERM'); } catch {}
	setTimeout(() => { try { process.kill(-group, 'SIGKILL'); } catch {} process.exit(0); }, 10000);
}, 1000);
`;

export function watchOver(groupLeaderPid: number): void {
	const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, String(process.pid), String(groupLeaderPid)], {
		detached: true,
		stdio: 'ignore',
	});
	watchdog.unref();
}
