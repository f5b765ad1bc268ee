import {defineConfig} from 'vitest/config';

/** `npm run media`: drives the explorer to write the pictures in media/, apart from `npm test`. */
export default defineConfig({
	test: {
		include: ['test/e2e/media.ts'],
		testTimeout: 300_000,
		env: {AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'},
	},
});
