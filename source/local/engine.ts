import {type ChildProcess, spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import {createRequire} from 'node:module';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {LOCAL_REGION} from '../kinesis/connection.js';
import {selfSignedCertificate} from './certificate.js';
import {LOOPBACK, reachableAddress, urlHost} from './listen-address.js';

/**
 * The embedded Kinesis engine: kinesis-mock (the engine LocalStack uses), shipped on npm as
 * `kinesis-local`, one Node file with no dependencies, run as a child process. It listens on the
 * loopback address unless given another: it has no authentication.
 */
export type LocalEngine = {
	/** The URL a client on this machine uses (127.0.0.1 when the engine listens on 0.0.0.0). */
	endpoint: string;
	/** The address the engine listens on. */
	host: string;
	port: number;
	/** The engine's TLS port: it listens there too, on the same address. */
	tlsPort: number;
	/** The same engine over HTTPS, where clients speak HTTP/2 as they do to AWS. */
	tlsEndpoint: string;
	/** The certificate the TLS port serves (PEM), made for this run: what a client trusts. */
	certificate: string;
	pid: number;
	/** Resolves with the exit code once the engine's process has ended. */
	exited: Promise<number | null>;
	/** Stops the engine and waits for its process to end. */
	stop(): Promise<void>;
	/** Kills the engine at once, for the last moment of a process that cannot wait any more. */
	kill(): void;
};

export type LocalEngineOptions = {
	/** The Node binary that runs the engine (the explorer's own). */
	nodePath: string;
	/** The plain-HTTP port; a free one when not given. */
	port?: number;
	/** The address to listen on (an IP literal); 127.0.0.1 when not given. */
	host?: string;
	/** Engine settings passed as its environment (CREATE_STREAM_DURATION, SHARD_LIMIT …). */
	settings?: Readonly<Record<string, string>>;
	readyTimeoutMs?: number;
};

export class EngineStartError extends Error {
	override name = 'EngineStartError';
}

// Loaded into the engine's process before the engine: the explorer holds the other end of its stdin,
// so when the explorer dies without stopping it (SIGKILL, a crash) the pipe closes and the engine
// follows. No orphan engine survives its explorer, whatever way the explorer ends.
const FOLLOW_PARENT =
	'data:text/javascript,process.stdin.on("end",()=>process.exit(0));process.stdin.on("error",()=>process.exit(0));process.stdin.resume();';

// Also loaded first: it holds the engine's servers to the address given in this variable.
const DEFAULT_LISTEN_HOST = new URL('default-listen-host.js', import.meta.url).href;
const LISTEN_HOST_VARIABLE = 'KINESIS_EXPLORER_ENGINE_HOST';

const DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
	LOG_LEVEL: 'WARN',
	ROOT_LOG_LEVEL: 'ERROR',
	AWS_REGION: LOCAL_REGION,
	// The engine's own defaults (50 shards, 10 on-demand streams) are too small to explore scale.
	SHARD_LIMIT: '20000',
	ON_DEMAND_STREAM_COUNT_LIMIT: '100',
	SHOULD_PERSIST_DATA: 'false',
};

export async function startLocalEngine(options: LocalEngineOptions): Promise<LocalEngine> {
	const packageDirectory = path.dirname(
		createRequire(import.meta.url).resolve('kinesis-local/package.json'),
	);
	const host = options.host ?? LOOPBACK;
	if (options.port !== undefined) {
		await assertPortFree(host, options.port);
	}
	// A free port found here can be taken by someone else before the engine binds it: try again.
	for (let attempt = 1; ; attempt++) {
		const port = options.port ?? (await freePort(host));
		const tlsPort = await freePort(host);
		try {
			return await launch(packageDirectory, {host, port, tlsPort}, options);
		} catch (error) {
			const retry =
				options.port === undefined &&
				attempt < 3 &&
				error instanceof EngineStartError &&
				/EADDRINUSE/.test(error.message);
			if (!retry) {
				throw error;
			}
		}
	}
}

type Ports = {host: string; port: number; tlsPort: number};

async function launch(
	packageDirectory: string,
	ports: Ports,
	options: LocalEngineOptions,
): Promise<LocalEngine> {
	// The engine reads its certificate once, when it starts: the file is gone again once it answers.
	const certificate = selfSignedCertificate();
	const certDirectory = await mkdtemp(path.join(tmpdir(), 'kinesis-explorer-engine-'));
	const certPath = path.join(certDirectory, 'server.json');
	try {
		await writeFile(certPath, JSON.stringify({server: certificate}), {mode: 0o600});
		return await spawnEngine(packageDirectory, ports, certPath, certificate.cert, options);
	} finally {
		await rm(certDirectory, {recursive: true, force: true});
	}
}

async function spawnEngine(
	packageDirectory: string,
	{host, port, tlsPort}: Ports,
	certPath: string,
	certificate: string,
	options: LocalEngineOptions,
): Promise<LocalEngine> {
	const reachable = reachableAddress(host);
	const child = spawn(
		options.nodePath,
		[
			'--import',
			FOLLOW_PARENT,
			'--import',
			DEFAULT_LISTEN_HOST,
			path.join(packageDirectory, 'main.js'),
		],
		{
			env: {
				...DEFAULT_SETTINGS,
				...options.settings,
				[LISTEN_HOST_VARIABLE]: host,
				KINESIS_MOCK_PLAIN_PORT: String(port),
				KINESIS_MOCK_TLS_PORT: String(tlsPort),
				KINESIS_MOCK_CERT_PATH: certPath,
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
			waitUntilAnswering(
				reachable,
				port,
				{port: tlsPort, ca: certificate},
				options.readyTimeoutMs ?? 30_000,
			),
			exited.then((code) => {
				throw new EngineStartError(
					`The local Kinesis engine exited (code ${code}) before it answered: ${output().trim() || 'no output'}`,
				);
			}),
		]);
	} catch (error) {
		child.kill('SIGKILL');
		throw error instanceof EngineStartError
			? error
			: new EngineStartError(`The local Kinesis engine did not start: ${(error as Error).message}`);
	}
	return {
		endpoint: `http://${urlHost(reachable)}:${port}`,
		host,
		port,
		tlsPort,
		tlsEndpoint: `https://${urlHost(reachable)}:${tlsPort}`,
		certificate,
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

async function waitUntilAnswering(
	address: string,
	port: number,
	tls: {port: number; ca: string},
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await answers(address, port)) || !(await answers(address, tls.port, tls.ca))) {
		if (Date.now() > deadline) {
			throw new EngineStartError(
				`The local Kinesis engine did not answer within ${timeoutMs / 1000} s.`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Any HTTP answer will do: the engine refuses an unsigned request, but it answers. (The TLS port is
 * asked a whole request too: a bare connection opened and dropped there leaves the engine deaf to
 * its stdin closing, so it would outlive the explorer.)
 */
function answers(address: string, port: number, ca?: string): Promise<boolean> {
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
