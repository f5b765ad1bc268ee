import {execFile, spawn} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';

export const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js');

export type CliResult = {code: number; stdout: string; stderr: string};

/** Runs the built CLI to its end, as a script would (stdin not a terminal: `input`, or nothing). */
export function runCli(
	args: readonly string[],
	{
		env = {},
		timeoutMs = 90_000,
		input,
	}: {env?: Record<string, string | undefined>; timeoutMs?: number; input?: string | Buffer} = {},
): Promise<CliResult> {
	return new Promise((resolve) => {
		const child = execFile(
			process.execPath,
			[CLI, ...args],
			{env: {...cleanEnv(), ...env}, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({code, stdout, stderr});
			},
		);
		child.stdin?.end(input);
	});
}

/** Starts the built CLI and leaves it running, for commands that run until stopped (serve). */
export function startCli(args: readonly string[], env: Record<string, string | undefined> = {}) {
	return spawn(process.execPath, [CLI, ...args], {
		env: {...cleanEnv(), ...env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
}

/**
 * The test process's environment without anything that points the CLI at an AWS account or
 * endpoint: each test says what it wants.
 */
export function cleanEnv(): Record<string, string | undefined> {
	const env: Record<string, string | undefined> = {...process.env};
	for (const name of Object.keys(env)) {
		if (name.startsWith('AWS_') && name !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED') {
			delete env[name];
		}
	}
	return env;
}
