import {createRequire} from 'node:module';
import path from 'node:path';
import {
	answers,
	type EngineProcess,
	launchEngine,
	onFreePorts,
	waitUntilAnswering,
} from './child-engine.js';
import {LOOPBACK, reachableAddress, urlHost} from './listen-address.js';

/**
 * The embedded DynamoDB, where the demo's KCL application keeps its leases: dynalite, in memory (its
 * LevelDB store is memdown: no native code, nothing on disk), run as a child process like the Kinesis
 * engine and held to the same address. It has no authentication either.
 */
export type LocalDynamoDB = EngineProcess & {
	/** The URL a client on this machine uses. */
	endpoint: string;
	/** The address it listens on. */
	host: string;
	port: number;
};

export type LocalDynamoDBOptions = {
	nodePath: string;
	/** A free port when not given. */
	port?: number;
	/** The address to listen on (an IP literal); 127.0.0.1 when not given. */
	host?: string;
	readyTimeoutMs?: number;
};

const NAME = 'The local DynamoDB (dynalite)';

export async function startLocalDynamoDB(options: LocalDynamoDBOptions): Promise<LocalDynamoDB> {
	const script = path.join(
		path.dirname(createRequire(import.meta.url).resolve('dynalite/package.json')),
		'cli.js',
	);
	const host = options.host ?? LOOPBACK;
	const reachable = reachableAddress(host);
	return onFreePorts(host, options.port, 1, async ([port = 0]) => {
		const engine = await launchEngine({
			name: NAME,
			nodePath: options.nodePath,
			script,
			// Tables are ready at once (its default keeps them CREATING for half a second, as AWS would).
			args: [
				'--port',
				String(port),
				'--createTableMs',
				'0',
				'--deleteTableMs',
				'0',
				'--updateTableMs',
				'0',
			],
			host,
			ready: () =>
				waitUntilAnswering(
					NAME,
					[() => answers(reachable, port)],
					options.readyTimeoutMs ?? 30_000,
				),
		});
		return {...engine, endpoint: `http://${urlHost(reachable)}:${port}`, host, port};
	});
}
