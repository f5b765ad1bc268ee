import {type ChildProcess, spawn} from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';

/**
 * What the embedded engines (kinesis-local, dynalite) share: each runs as a child process of the
 * explorer, held to the address the explorer chose, that ends when the explorer does, however it
 * ends.
 */

export class EngineStartError extends Error {
	override name = 'EngineStartError';
}

/** A running engine's process. */
export type EngineProcess = {
	pid: number;
	/** Resolves with the exit code once the process has ended. */
	exited: Promise<number | null>;
	/** Stops the engine and waits for its process to end. */
	stop(): Promise<void>;
	/** Kills the engine at once, for the last moment of a process that cannot wait any more. */
	kill(): void;
};

// Loaded into the engine's process before the engine: the explorer holds the other end of its stdin,
// so when the explorer dies without stopping it (SIGKILL, a crash) the pipe closes and the engine
// follows. No orphan engine survives its explorer, whatever way the explorer ends.
const FOLLOW_PARENT =
	'data:text/javascript,process.stdin.on("end",()=>process.exit(0));process.stdin.on("error",()=>process.exit(0));process.stdin.resume();';

// Also loaded first: it holds the engine's servers to the address given in this variable.
const DEFAULT_LISTEN_HOST = new URL('default-listen-host.js', import.meta.url).href;
const LISTEN_HOST_VARIABLE = 'KINESIS_EXPLORER_ENGINE_HOST';

/**
 * Where Node (22.1 and later) keeps the engines' compiled code between starts: kinesis-local is one
 * 8.5 MB file, and compiling it is about half of the engine's start (on Node 24 its first answer
 * after 0.45 CPU-s instead of 0.9). Node's own default folder, unless the user chose another; Node 20
 * ignores the variable.
 */
const compileCache = () =>
	process.env.NODE_COMPILE_CACHE ?? path.join(tmpdir(), 'node-compile-cache');

export type EngineLaunch = {
	/** The engine's name in messages: "The local Kinesis engine". */
	name: string;
	/** The Node binary that runs the engine (the explorer's own). */
	nodePath: string;
	/** The engine's entry point, and its arguments. */
	script: string;
	args?: readonly string[];
	env?: Readonly<Record<string, string>>;
	/** The address its servers listen on. */
	host: string;
	/** Resolves once the engine answers; rejects if it does not in time. */
	ready: () => Promise<void>;
};

export async function launchEngine(launch: EngineLaunch): Promise<EngineProcess> {
	const child = spawn(
		launch.nodePath,
		[
			'--import',
			FOLLOW_PARENT,
			'--import',
			DEFAULT_LISTEN_HOST,
			launch.script,
			...(launch.args ?? []),
		],
		{
			env: {
				...launch.env,
				[LISTEN_HOST_VARIABLE]: launch.host,
				NODE_COMPILE_CACHE: compileCache(),
			},
			stdio: ['pipe', 'pipe', 'pipe'],
		},
	);
	// The engine may be gone when the explorer closes its stdin; that is no error.
	child.stdin?.on('error', () => undefined);
	const output = keepTail(child);
	const exited = new Promise<number | null>((resolve) => {
		child.once('exit', (code) => resolve(code));
	});
	const spawned = new Promise<void>((resolve, reject) => {
		child.once('spawn', resolve);
		child.once('error', reject);
	});
	try {
		await spawned;
		await Promise.race([
			launch.ready(),
			exited.then((code) => {
				throw new EngineStartError(
					`${launch.name} exited (code ${code}) before it answered: ${output().trim() || 'no output'}`,
				);
			}),
		]);
	} catch (error) {
		child.kill('SIGKILL');
		throw error instanceof EngineStartError
			? error
			: new EngineStartError(`${launch.name} did not start: ${(error as Error).message}`);
	}
	return {
		pid: child.pid ?? 0,
		exited,
		stop: () => stopChild(child, exited),
		kill() {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGKILL');
			}
		},
	};
}

/**
 * Runs `launch` on free ports (`count` of them; the first is `port` where one is given). A free port
 * found here can be taken by someone else before the engine binds it: then it tries again.
 */
export async function onFreePorts<T>(
	host: string,
	port: number | undefined,
	count: number,
	launch: (ports: number[]) => Promise<T>,
): Promise<T> {
	if (port !== undefined) {
		await assertPortFree(host, port);
	}
	for (let attempt = 1; ; attempt++) {
		const ports: number[] = [];
		for (let index = 0; index < count; index++) {
			ports.push(index === 0 && port !== undefined ? port : await freePort(host));
		}
		try {
			return await launch(ports);
		} catch (error) {
			const retry =
				port === undefined &&
				attempt < 3 &&
				error instanceof EngineStartError &&
				/EADDRINUSE/.test(error.message);
			if (!retry) {
				throw error;
			}
		}
	}
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return;
	}
	// Closing its stdin makes the engine exit at once (see FOLLOW_PARENT), unless a client still holds
	// a keep-alive connection: then it lingers, and as it keeps no state on disk, it is killed.
	child.stdin?.end();
	const kill = setTimeout(() => child.kill('SIGKILL'), 1000);
	await exited;
	clearTimeout(kill);
}

/** The last few kilobytes the engine printed, to explain a failed start. Reading also keeps its pipes from filling. */
function keepTail(child: ChildProcess): () => string {
	let tail = '';
	const keep = (chunk: Buffer) => {
		tail = (tail + chunk.toString('utf8')).slice(-4096);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	return () => tail;
}

/** Waits until every check passes, a tenth of a second between tries. */
export async function waitUntilAnswering(
	name: string,
	checks: ReadonlyArray<() => Promise<boolean>>,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let all = true;
		for (const check of checks) {
			if (!(await check())) {
				all = false;
				break;
			}
		}
		if (all) {
			return;
		}
		if (Date.now() > deadline) {
			throw new EngineStartError(`${name} did not answer within ${timeoutMs / 1000} s.`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Any HTTP answer will do: an engine refuses an unsigned request, but it answers. (kinesis-local's
 * TLS port is asked a whole request too: a bare connection opened and dropped there leaves the engine
 * deaf to its stdin closing, so it would outlive the explorer.)
 */
export function answers(address: string, port: number, ca?: string): Promise<boolean> {
	return new Promise((resolve) => {
		const request = (ca === undefined ? http : https).request(
			{host: address, port, method: 'POST', path: '/', timeout: 1000, agent: false, ca},
			(response) => {
				response.resume();
				resolve(true);
			},
		);
		request.on('error', () => resolve(false));
		request.on('timeout', () => request.destroy());
		request.end();
	});
}

function freePort(host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, host, () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function assertPortFree(host: string, port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error: NodeJS.ErrnoException) => {
			reject(
				new EngineStartError(
					error.code === 'EADDRINUSE'
						? `Port ${port} is already in use: pick another with --port.`
						: `Cannot listen on ${host} port ${port}: ${error.message}`,
				),
			);
		});
		server.listen(port, host, () => server.close(() => resolve()));
	});
}
