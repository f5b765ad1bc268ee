import {availableParallelism} from 'node:os';
import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		globalSetup: ['test/support/global-setup.ts'],
		// Generous bounds for waits on a real engine on a shared, noisy machine: a wait that hits
		// them has failed, and nothing here measures speed.
		testTimeout: 120_000,
		hookTimeout: 120_000,
		env: {AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'},
		// A file at a time per core: the engines the files talk to need the cores as much as the
		// files do, and more files at once than cores only makes each wait on the others.
		maxWorkers: availableParallelism(),
	},
});
