import {defineConfig} from 'vitest/config';

/**
 * `npm run test:package`: the package as users install it (packed, installed into an empty folder,
 * run there), apart from `npm test`; `.ci/run` runs it after the suite on each Node.
 */
export default defineConfig({
	test: {
		include: ['test/e2e/package.test.ts'],
		testTimeout: 300_000,
		hookTimeout: 300_000,
		env: {AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'},
	},
});
