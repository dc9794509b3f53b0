// Three projects: `unit` (pure logic, transport, sandbox and node tests against the in-process
// sandbox; seconds), `e2e` (a real n8n with the packed package; minutes) and `queue` (n8n's
// queue mode: PostgreSQL, Redis, main, two webhook processes, a worker; minutes).
// dist/ and build/ hold compiled copies (with their own package.json): jest must not map them.
const ignoredCopies = ['<rootDir>/dist/', '<rootDir>/build/'];
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.tools.json', diagnostics: { warnOnly: false } }];

/** @type {import('jest').Config} */
module.exports = {
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
	// A hang guard, not a speed target (speed is measured in bench/): engine tests that run
	// hundreds of webhook calls take seconds more on a busy 2-core machine. Global (jest ignores
	// it inside a project); the e2e and queue suites set their own longer ones.
	testTimeout: 60_000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			modulePathIgnorePatterns: ignoredCopies,
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['<rootDir>/test/e2e/', '<rootDir>/test/queue/'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			modulePathIgnorePatterns: ignoredCopies,
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
		},
		{
			displayName: 'queue',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			modulePathIgnorePatterns: ignoredCopies,
			testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
		},
	],
};
