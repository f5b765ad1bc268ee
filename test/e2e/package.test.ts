import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {mkdir, mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cleanEnv} from '../support/cli.js';
import {TerminalRig} from './terminal-rig.js';

/**
 * The package as users install it: packed (the dist/ the suite runs), installed from the tarball
 * into an empty folder outside the project, where nothing of the project's own node_modules can be
 * found, and run there through npx, on the Node that runs the tests.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

type Packed = {
	filename: string;
	size: number;
	unpackedSize: number;
	entryCount: number;
	files: Array<{path: string}>;
};

let folder: string;
let app: string;
let packed: Packed;

/** npm's variables from the `npm test` that runs the suite say nothing about the folder in test. */
function userEnv(): Record<string, string | undefined> {
	const env = cleanEnv();
	for (const name of Object.keys(env)) {
		if (/^npm_/i.test(name)) {
			delete env[name];
		}
	}
	return env;
}

function run(
	command: string,
	args: readonly string[],
	cwd: string,
): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise((resolve) => {
		execFile(
			command,
			args,
			{cwd, env: userEnv(), timeout: 180_000, maxBuffer: 16 * 1024 * 1024},
			(error, stdout, stderr) => {
				resolve({
					code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
					stdout,
					stderr,
				});
			},
		);
	});
}

beforeAll(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'kinesis-explorer-package-'));
	app = path.join(folder, 'app');
	await mkdir(app);
	// The build the suite runs (npm test built it): packing must not build dist/ again under the
	// other test files' feet.
	const pack = await run(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', folder],
		ROOT,
	);
	expect(pack.code, pack.stderr).toBe(0);
	[packed] = JSON.parse(pack.stdout) as [Packed];
	// The dependencies come from npm's cache where `npm ci` left them, as for a user who has them.
	const install = await run(
		'npm',
		['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(folder, packed.filename)],
		app,
	);
	expect(install.code, install.stderr).toBe(0);
});

afterAll(async () => {
	if (folder) {
		await rm(folder, {recursive: true, force: true});
	}
});

describe('the package as users install it', () => {
	it('holds the bundle, its source maps and license notices, and nothing else the CLI does not run', () => {
		const outside = packed.files
			.map((file) => file.path)
			.filter((file) => !file.startsWith('dist/'));
		expect(outside.sort()).toEqual(['README.md', 'package.json']);
		expect(packed.files.map((file) => file.path)).toContain('dist/cli.js');
		expect(packed.files.map((file) => file.path)).toContain('dist/default-listen-host.js');
		// Its size, for the README (the SDK, Ink and React are in the bundle).
		process.stdout.write(
			`package: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked\n`,
		);
	});

	it('installs with the embedded engines as its only dependencies: the rest is bundled', async () => {
		const manifest = JSON.parse(
			readFileSync(path.join(app, 'node_modules', 'kinesis-explorer', 'package.json'), 'utf8'),
		) as {dependencies?: Record<string, string>};
		expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['dynalite', 'kinesis-local']);
		const installed = (await readdir(path.join(app, 'node_modules'))).filter(
			(name) => !name.startsWith('.'),
		);
		expect(installed).toEqual(
			expect.arrayContaining(['kinesis-explorer', 'kinesis-local', 'dynalite']),
		);
		// What the CLI itself runs comes from its bundle, never from an installed copy.
		for (const bundled of ['@aws-sdk', 'ink', 'react', 'ink-select-input']) {
			expect(installed).not.toContain(bundled);
		}
	});

	it('names the source file and line in a stack trace, through the source maps it ships', async () => {
		// As dist/cli.js does: source maps on, then the bundle. A chunk's exported sanitizeLine fails
		// on a value that is not text.
		const dist = path.join(app, 'node_modules', 'kinesis-explorer', 'dist');
		const chunk = (await readdir(dist)).find(
			(file) =>
				file.endsWith('.js') &&
				readFileSync(path.join(dist, file), 'utf8').includes('function sanitizeLine('),
		);
		expect(chunk).toBeDefined();
		const thrown = await run(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`process.setSourceMapsEnabled(true); const {sanitizeLine} = await import(${JSON.stringify(path.join(dist, chunk!))}); sanitizeLine(undefined);`,
			],
			app,
		);
		expect(thrown.code).toBe(1);
		expect(thrown.stderr).toMatch(
			/at .*sanitizeLine \(.*[\\/]source[\\/]format[\\/]sanitize\.ts:\d+:\d+\)/,
		);
	});

	it('runs npx kinesis-explorer --help, and --version says the package version', async () => {
		const help = await run('npx', ['--no', '--', 'kinesis-explorer', '--help'], app);
		expect(help.stderr).toBe('');
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('kinesis-explorer ls [--json]');
		const version = await run('npx', ['--no', '--', 'kinesis-explorer', '--version'], app);
		expect(version.code, version.stderr).toBe(0);
		const {version: packaged} = JSON.parse(readFileSync('package.json', 'utf8')) as {
			version: string;
		};
		expect(version.stdout).toBe(`${packaged}\n`);
	});

	it('lists the demo streams of the embedded engine with ls --local', async () => {
		const ls = await run('npx', ['--no', '--', 'kinesis-explorer', 'ls', '--local'], app);
		expect(ls.code, ls.stderr).toBe(0);
		for (const stream of ['app-logs', 'clickstream', 'orders']) {
			expect(ls.stdout).toMatch(new RegExp(`^${stream} +ACTIVE`, 'm'));
		}
	});

	it('opens the explorer on the embedded engine with --local, and quits', async () => {
		const rig = new TerminalRig([], {
			shell: `cd ${JSON.stringify(app)} && exec npx --no -- kinesis-explorer --local`,
			env: userEnv(),
		});
		try {
			await rig.waitFor(/clickstream +ACTIVE/, 60_000);
			await rig.press('q');
			expect((await rig.waitForExit()).exitCode).toBe(0);
		} finally {
			rig.kill();
		}
	});
});
