/**
 * The GitHub Actions workflows: valid YAML with the shape GitHub accepts (triggers, jobs with a
 * runner and steps, each step one action or one command), and what this project needs of them:
 * CI runs the README's test command on Node 20 and 22 with the n8n cache; publishing happens on
 * a version tag only, with provenance, through OIDC (id-token: write), never with a stored token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	[key: string]: unknown;
}

interface Job {
	'runs-on'?: unknown;
	permissions?: Record<string, string>;
	strategy?: { matrix?: Record<string, unknown[]> };
	steps?: Step[];
	[key: string]: unknown;
}

interface Workflow {
	name?: string;
	on?: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs?: Record<string, Job>;
}

const workflowsDir = join(__dirname, '..', '..', '.github', 'workflows');

function workflow(file: string): { text: string; parsed: Workflow } {
	const text = readFileSync(join(workflowsDir, file), 'utf8');
	// YAML 1.2 (as GitHub reads it): `on` is a key, not the boolean true.
	const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
	expect(document.errors.map((error) => error.message)).toEqual([]);
	return { text, parsed: document.toJS() as Workflow };
}

const stepRuns = (job: Job, command: string) => (job.steps ?? []).findIndex((step) => step.run?.split('\n').some((line) => line.trim() === command));
const stepUses = (job: Job, action: string) => (job.steps ?? []).findIndex((step) => step.uses?.startsWith(`${action}@`));

describe.each(['ci.yml', 'publish.yml'])('GitHub Actions workflow %s', (file) => {
	it('has the shape GitHub Actions accepts', () => {
		const { parsed } = workflow(file);
		expect(typeof parsed.name).toBe('string');
		expect(parsed.on && typeof parsed.on).toBe('object');
		const jobs = Object.entries(parsed.jobs ?? {});
		expect(jobs.length).toBeGreaterThan(0);
		for (const [id, job] of jobs) {
			expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
			expect(job['runs-on']).toBeTruthy();
			expect(Array.isArray(job.steps) && job.steps.length > 0).toBe(true);
			for (const step of job.steps ?? []) {
				// A step is one action (pinned to a version) or one shell command, never both.
				expect([step.uses, step.run].filter((value) => value !== undefined)).toHaveLength(1);
				if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[\w.-]+$/);
			}
		}
	});

	it('balances every ${{ }} expression and keeps no npm token', () => {
		const { text } = workflow(file);
		expect((text.match(/\$\{\{/g) ?? []).length).toBe((text.match(/\}\}/g) ?? []).length);
		expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|_authToken/);
	});
});

describe('ci.yml', () => {
	const { parsed } = workflow('ci.yml');
	const job = parsed.jobs!.test;

	it('runs on pushes to main and on pull requests, with read-only access', () => {
		expect(Object.keys(parsed.on!).sort()).toEqual(['pull_request', 'push']);
		expect(parsed.permissions).toEqual({ contents: 'read' });
	});

	it("runs the README's test command on Node 20 and 22", () => {
		expect(job.strategy?.matrix?.node).toEqual([20, 22]);
		expect(job.steps!.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe('${{ matrix.node }}');
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		expect(readme).toContain('npm ci && npm test');
		expect(stepRuns(job, 'npm ci')).toBeLessThan(stepRuns(job, 'npm test'));
		expect(stepRuns(job, 'npm ci')).toBeGreaterThanOrEqual(0);
	});

	it('caches the pinned n8n by the hash of its install script, before the tests install it', () => {
		const cache = job.steps![stepUses(job, 'actions/cache')];
		expect(cache.with).toMatchObject({ path: '~/.cache/n8n-nodes-channel360' });
		expect(cache.with?.key).toContain("hashFiles('scripts/install-n8n.sh')");
		expect(stepUses(job, 'actions/cache')).toBeLessThan(stepRuns(job, 'scripts/install-n8n.sh'));
		expect(stepRuns(job, 'scripts/install-n8n.sh')).toBeLessThan(stepRuns(job, 'npm test'));
	});

	it('installs the Debian packages the queue-mode suite needs', () => {
		const apt = job.steps!.find((step) => /apt-get install/.test(step.run ?? ''));
		expect(apt?.run).toMatch(/\bpostgresql\b/);
		expect(apt?.run).toMatch(/\bredis-server\b/);
	});
});

describe('publish.yml', () => {
	const { parsed } = workflow('publish.yml');
	const job = parsed.jobs!.publish;

	it('runs on version tags only', () => {
		expect(parsed.on).toEqual({ push: { tags: ['v*'] } });
	});

	it('may mint an OIDC token (trusted publishing, provenance) and only read the repository', () => {
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(parsed.permissions).toEqual({ contents: 'read' });
	});

	it('builds and tests before it publishes with provenance, publicly', () => {
		const publish = stepRuns(job, 'npm publish --provenance --access public');
		expect(publish).toBe(job.steps!.length - 1);
		expect(stepRuns(job, 'npm ci')).toBeGreaterThanOrEqual(0);
		expect(stepRuns(job, 'npm run build')).toBeGreaterThan(stepRuns(job, 'npm ci'));
		expect(stepRuns(job, 'npm test')).toBeGreaterThan(stepRuns(job, 'npm run build'));
		expect(publish).toBeGreaterThan(stepRuns(job, 'npm test'));
		expect(job.steps!.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	it('refuses a tag that does not name the version in package.json', () => {
		expect(job.steps!.some((step) => /GITHUB_REF_NAME.*package\.json.*version/.test(step.run ?? ''))).toBe(true);
	});
});
