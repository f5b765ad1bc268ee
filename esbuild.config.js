// `npm run build`: the CLI as users run it, bundled by esbuild into dist/. Start-up was Node
// resolving, reading and compiling hundreds of files of Ink, React and the SDK; a bundle is a few
// dozen, what only some runs import (Ink and the panes, the embedded engine, the SDK's credential
// providers) in chunks of their own that load when first imported. tsc only type-checks.
import {chmod, readFile, rm, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {build} from 'esbuild';

const outdir = 'dist';
const require = createRequire(import.meta.url);

/** A filter for esbuild that matches this one file. */
function exactPath(file) {
	return new RegExp(`^${file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Changes to packages' code, for start-up, each to the text of one file. The build fails when a
 * file no longer holds the text to change (an update of its package), so that none is lost quietly.
 * Each keeps the file's lines where they were, for the source maps.
 */
const PATCHES = [
	{
		// Yoga (Ink's layout engine) carries its WebAssembly as a data: URL and loads it with fetch()
		// where fetch exists: that loads Node's fetch (undici) and decodes the URL slowly, about 50 ms
		// and 7 MB at every start. A `fetch` of its own, undefined, sends it down its other path,
		// where it decodes the bytes itself.
		file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		changes: [['var _scriptDir = import.meta.url;', 'var _scriptDir = import.meta.url, fetch;']],
	},
	{
		// string-width makes its Intl.Segmenter and its emoji expression when it is imported: the
		// first segmenter a process makes loads ICU's break rules (15 to 30 ms), and V8 checks
		// /\p{RGI_Emoji}/v as it compiles it (30 ms, and 1 MB). Plain ASCII (stream names, JSON, the
		// commands' tables) needs neither: both made on first use instead, and the expression only
		// for a cluster that may be an emoji (every RGI emoji holds a code point of the Emoji
		// property, and none is one ASCII character), which the explorer's frames seldom hold.
		// (Ink's wrap-ansi has a string-width of its own, whose segmenter the first frame makes.)
		file: exactPath(require.resolve('string-width')),
		changes: [
			['const segmenter = new Intl.Segmenter();', 'let segmenter;'],
			['of segmenter.segment(string)', 'of (segmenter ??= new Intl.Segmenter()).segment(string)'],
			['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', 'let rgiEmojiRegex;'],
			[
				'rgiEmojiRegex.test(segment)',
				"(/\\p{Emoji}/u.test(segment) && (segment.length > 1 || segment.charCodeAt(0) > 0x7f) && (rgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment))",
			],
		],
	},
	{
		// The SDK's HTTP handlers import node:http2 as they load, for the HTTP/2 handler, which only an
		// https endpoint uses (AWS): 9 ms and 6 MB at every start, on top of https, for the local
		// engine and LocalStack, whose plain http never needs it. It is required on first use
		// instead, through the one module of the package that imports it for the others.
		file: /@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-http2\.js$/,
		changes: [
			[
				'import node_http2 from "node:http2";',
				'let http2Module; const node_http2 = new Proxy({}, {get: (_, key) => (http2Module ??= require("node:http2"))[key]});',
			],
		],
	},
	{
		file: /@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-http2-connection-manager\.js$/,
		changes: [
			['import http2 from "node:http2";', 'import { node_http2 as http2 } from "./node-http2";'],
		],
	},
	{
		file: /@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-http2-handler\.js$/,
		changes: [
			[
				'const { constants } = node_http2;',
				'const constants = new Proxy({}, {get: (_, key) => node_http2.constants[key]});',
			],
		],
	},
	{
		// The same for node:https (and node:tls under it), which the HTTP/1.1 handler loaded as it
		// was imported and made its agent for as it was configured, though a plain-http endpoint (the
		// embedded engine, LocalStack) never uses it: required, and the agent made, by the first
		// https call. The agent is left alone when the handler ends without one.
		file: /@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-https\.js$/,
		changes: [
			[
				'import node_https from "node:https";',
				'let httpsModule; const node_https = new Proxy({}, {get: (_, key) => (httpsModule ??= require("node:https"))[key]});',
			],
		],
	},
	{
		file: /@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-http-handler\.js$/,
		changes: [
			[
				'this.config?.httpsAgent?.destroy();',
				'if (!this.config?.httpsAgentPending?.()) this.config?.httpsAgent?.destroy();',
			],
			['let httpAgentPromise;', 'let httpAgentPromise, lazyHttpsAgent; const handler = this;'],
			['httpsAgent: (() => {', 'get httpsAgent() { return (lazyHttpsAgent ??= (() => {'],
			[
				'this.externalAgent = true;\n                    return httpsAgent;',
				'handler.externalAgent = true;\n                    return httpsAgent;',
			],
			[
				'})(),\n            logger,',
				'})()); },\n            logger, httpsAgentPending: () => lazyHttpsAgent === undefined,',
			],
		],
	},
];

const patchPackages = {
	name: 'patch-packages',
	setup(pluginBuild) {
		const applied = new Set();
		for (const patch of PATCHES) {
			pluginBuild.onLoad({filter: patch.file}, async (args) => {
				let text = await readFile(args.path, 'utf8');
				for (const [find, replace] of patch.changes) {
					if (!text.includes(find)) {
						return {errors: [{text: `${args.path} no longer holds the text this build changes.`}]};
					}
					text = text.replace(find, () => replace);
				}
				applied.add(patch);
				return {contents: text, loader: 'js'};
			});
		}
		pluginBuild.onEnd((result) => {
			for (const patch of PATCHES) {
				if (!applied.has(patch) && result.errors.length === 0) {
					result.errors.push({text: `No file matches ${patch.file}: its change is lost.`});
				}
			}
		});
	},
};

/**
 * Node's http module required, not imported, wherever the bundle uses it. Since Node 22, importing
 * node:http builds its ES module view by reading every export, and some are getters that load
 * Node's fetch (undici): 30 to 50 ms at every start, for nothing. A require reads none of them.
 */
const httpByRequire = {
	name: 'http-by-require',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: /^(node:)?http$/, namespace: 'file'}, () => ({
			path: 'node:http',
			namespace: 'http-by-require',
		}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'http-by-require'}, () => ({
			contents: "module.exports = require('node:http');",
			loader: 'js',
		}));
	},
};

await rm(outdir, {recursive: true, force: true});
await build({
	entryPoints: {
		main: 'source/cli.tsx',
		// Preloaded into the engine's process by a URL relative to the chunk that starts it
		// (source/local/engine.ts): beside every chunk, as it is beside engine.ts in source/.
		'default-listen-host': 'source/local/default-listen-host.js',
	},
	outdir,
	// Chunks in the same folder as the entry, for the relative URL above.
	chunkNames: '[name]-[hash]',
	bundle: true,
	splitting: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// The packages' ES module builds, where they ship one: the SDK's tree-shake, its CommonJS do not.
	mainFields: ['module', 'main'],
	// React's production build, chosen here rather than by the environment at run time: its
	// development build checks every render and made the explorer several times slower.
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink loads it only for React DevTools (DEV=true), and it is not installed.
	external: ['react-devtools-core'],
	// CommonJS packages in the bundle (signal-exit, …) require Node's own modules.
	banner: {
		js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
	},
	// Names kept whole: a stack trace reads as the code does, and maps to source/ through the maps.
	minifyWhitespace: true,
	minifySyntax: true,
	sourcemap: 'linked',
	// A stack trace needs the lines, not the text: the package does not carry source/.
	sourcesContent: false,
	legalComments: 'linked',
	plugins: [patchPackages, httpByRequire],
	logLevel: 'warning',
});

// The command. Source maps are switched on before the bundle loads (Node reads a module's map only
// when it loads it), so that a stack trace names source/ files and lines, not the bundle's. Node 22
// and later keep the bundle's compiled code on disk (in the temporary folder) for the next start,
// which then compiles little; Node 20 has no such cache.
//
// For the explorer, V8's young generation (new objects) stays at its first size. V8 doubles it each
// time many of them outlive a collection, as loading the bundle's modules makes them do: on Node 24
// it stood at 16 MB of the explorer's 99 MB at its first frame, and the explorer tailing 2,000
// records a second held 213 MB against 181 MB without that growth, for the same CPU; a 1 MB one is
// enough for what a terminal screen keeps making and dropping. Its first size is fixed as V8 starts,
// before any code runs; the factor it grows by is read each time it grows, and is set to 1 here,
// before the bundle loads (V8 raises a factor under 2 given on the command line, not one set while
// it runs; a V8 that no longer reads it ignores it). Loading then takes a few more collections: the
// commands for scripts, which move records by the thousand and are timed from start to exit, keep
// V8's own. Any argument that is a command's name counts as one: a guess at worst costs memory.
//
// V8 refuses compiled code made under flags other than its own, and setting any flag makes them
// other. Node carries its own modules compiled, made under the default flags: each one loaded after
// the flag is compiled again from its source (four of them took 25 ms instead of 12 on Node 24). So
// the explorer loads first the Node modules it has loaded by its first frame (EXPLORER_BUILTINS,
// measured on Node 24: those the bundle imports, and those behind the globals Ink and React use), and
// switches source maps on, which loads Node's reader of them. The compile cache is switched on after
// the flag, so that its folder is the one for the explorer's flags (the folder's name holds them),
// not the commands' (each would refuse, and write again, what the other wrote).
const SCRIPT_COMMANDS = ['ls', 'shards', 'serve', 'tail', 'put', 'copy', 'consumers', 'stats'];
const EXPLORER_BUILTINS = [
	'assert',
	'async_hooks',
	'buffer',
	'child_process',
	'crypto',
	'dgram',
	'events',
	'fs',
	'fs/promises',
	'http',
	'module',
	'net',
	'os',
	'path',
	'perf_hooks',
	'querystring',
	'stream',
	'stream/promises',
	'string_decoder',
	'timers',
	'tty',
	'url',
	'util',
	'worker_threads',
	'zlib',
].map((name) => `node:${name}`);
const cli = `${outdir}/cli.js`;
await writeFile(
	cli,
	[
		'#!/usr/bin/env node',
		"import {createRequire} from 'node:module';",
		'const require = createRequire(import.meta.url);',
		'process.setSourceMapsEnabled(true);',
		`if (!process.argv.slice(2).some((argument) => ${JSON.stringify(SCRIPT_COMMANDS)}.includes(argument))) {`,
		`\tfor (const name of ${JSON.stringify(EXPLORER_BUILTINS)}) require(name);`,
		"\trequire('node:v8').setFlagsFromString('--semi-space-growth-factor=1');",
		'}',
		"require('node:module').enableCompileCache?.();",
		"await import('./main.js');",
		'',
	].join('\n'),
);
await chmod(cli, 0o755);
