import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';

export const CLI = path.resolve('dist/cli.js');

/** The environment a CLI child gets: nothing that points it at an AWS account, no dev-mode React. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (value !== undefined && !name.startsWith('AWS_') && name !== 'NODE_ENV') {
			env[name] = value;
		}
	}
	return {...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra};
}

export type Run = {
	code: number | null;
	/** Milliseconds from spawn to exit. */
	wallMs: number;
	/** Milliseconds from spawn to the first and the last byte on stdout. */
	firstByteMs?: number;
	lastByteMs?: number;
	lines: number;
	stderr: string;
};

/** Runs a node script to its end, counting the lines it writes to stdout without keeping them. */
export function runNode(args: readonly string[], env = childEnv()): Promise<Run> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
		let lines = 0;
		let firstByteMs: number | undefined;
		let lastByteMs: number | undefined;
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			const now = performance.now() - started;
			firstByteMs ??= now;
			lastByteMs = now;
			for (let index = chunk.indexOf(10); index >= 0; index = chunk.indexOf(10, index + 1)) {
				lines++;
			}
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.once('error', reject);
		child.once('close', (code) =>
			resolve({code, wallMs: performance.now() - started, firstByteMs, lastByteMs, lines, stderr}),
		);
	});
}

export function median(values: readonly number[]): number {
	return quantile(values, 0.5);
}

export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) {
		return Number.NaN;
	}
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export type ProcessSample = {atMs: number; cpuMs: number; rssMb: number};

/** CPU time (user + system) and resident memory of a process, from /proc. */
export function sampleProcess(pid: number, atMs: number): ProcessSample {
	const ticks = 100;
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const cpuMs = ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000;
	const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return {atMs, cpuMs, rssMb: Number(rss?.[1] ?? 0) / 1024};
}
