import {availableParallelism} from 'node:os';
import {defineConfig} from 'vitest/config';

const common = {
	// Generous bounds for waits on a real engine on a shared, noisy machine: a wait that hits
	// them has failed, and nothing here measures speed.
	testTimeout: 120_000,
	hookTimeout: 120_000,
	env: {AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'},
};

export default defineConfig({
	test: {
		// One engine for the run, shared by the files that have no engine of their own.
		globalSetup: ['test/support/global-setup.ts'],
		// A file at a time per core: the engines the files talk to need the cores as much as the
		// files do, and more files at once than cores only makes each wait on the others.
		maxWorkers: availableParallelism(),
		projects: [
			{
				test: {
					...common,
					name: 'in-process',
					// Functions and components: nothing outlives a test but what its file stops, so the
					// files share their workers' imports (a process and its imports for each file cost
					// more than the tests themselves).
					include: ['test/{unit,ui}/**/*.test.{ts,tsx}'],
					isolate: false,
					// React's production build, as the bundle users run is built (esbuild.config.js):
					// the development build's checks make every render of the explorer about a fifth
					// slower, and these files render it on every key.
					env: {...common.env, NODE_ENV: 'production'},
				},
				// The JSX compiled to match: production calls (jsx), not the development build's (jsxDEV).
				oxc: {jsx: {development: false}},
			},
			{
				test: {
					...common,
					name: 'processes',
					// Engines, CLI processes and terminals: a process of its own for each file.
					include: ['test/{integration,e2e,reliability}/**/*.test.{ts,tsx}'],
					// The package as users install it is checked by `npm run test:package` (.ci/run).
					exclude: ['test/e2e/package.test.ts'],
				},
			},
		],
	},
});
