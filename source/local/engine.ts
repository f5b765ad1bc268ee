import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {LOCAL_REGION} from '../kinesis/connection.js';
import {selfSignedCertificate} from './certificate.js';
import {
	answers,
	type EngineProcess,
	launchEngine,
	onFreePorts,
	waitUntilAnswering,
} from './child-engine.js';
import {LOOPBACK, reachableAddress, urlHost} from './listen-address.js';

export {EngineStartError} from './child-engine.js';

/**
 * The embedded Kinesis engine: kinesis-mock (the engine LocalStack uses), shipped on npm as
 * `kinesis-local`, one Node file with no dependencies, run as a child process. It listens on the
 * loopback address unless given another: it has no authentication.
 */
export type LocalEngine = EngineProcess & {
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

const NAME = 'The local Kinesis engine';

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
	return onFreePorts(host, options.port, 2, ([port = 0, tlsPort = 0]) =>
		launch(packageDirectory, {host, port, tlsPort}, options),
	);
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
	const engine = await launchEngine({
		name: NAME,
		nodePath: options.nodePath,
		script: path.join(packageDirectory, 'main.js'),
		env: {
			...DEFAULT_SETTINGS,
			...options.settings,
			KINESIS_MOCK_PLAIN_PORT: String(port),
			KINESIS_MOCK_TLS_PORT: String(tlsPort),
			KINESIS_MOCK_CERT_PATH: certPath,
		},
		host,
		ready: () =>
			waitUntilAnswering(
				NAME,
				[() => answers(reachable, port), () => answers(reachable, tlsPort, certificate)],
				options.readyTimeoutMs ?? 30_000,
			),
	});
	return {
		...engine,
		endpoint: `http://${urlHost(reachable)}:${port}`,
		host,
		port,
		tlsPort,
		tlsEndpoint: `https://${urlHost(reachable)}:${tlsPort}`,
		certificate,
	};
}
