import {KinesisClient} from '@aws-sdk/client-kinesis';
import {NodeHttp2Handler, NodeHttpHandler} from '@smithy/node-http-handler';
import type {ConnectionSettings} from './connection.js';
import {configureDeadlines, type Deadlines} from './deadlines.js';
import {rememberSentSecrets} from './sent-secrets.js';

/**
 * The calls that only read. `--read-only` lets these through and refuses everything else, so a
 * write added to the SDK later is refused by default rather than allowed by omission.
 */
export const READ_OPERATIONS: ReadonlySet<string> = new Set([
	'DescribeAccountSettings',
	'DescribeLimits',
	'DescribeStream',
	'DescribeStreamConsumer',
	'DescribeStreamSummary',
	'GetRecords',
	'GetResourcePolicy',
	'GetShardIterator',
	'ListShards',
	'ListStreamConsumers',
	'ListStreams',
	'ListTagsForResource',
	'ListTagsForStream',
	'SubscribeToShard',
]);

export class ReadOnlyError extends Error {
	override name = 'ReadOnlyError';
	constructor(readonly operation: string) {
		super(
			`Refused ${operation}: the explorer is read-only (--read-only), and ${operation} writes.`,
		);
	}
}

export type ClientOptions = {
	/** Deadlines other than DEADLINES for this client's calls (tests shorten them). */
	deadlines?: Partial<Deadlines>;
};

export function createKinesisClient(
	settings: ConnectionSettings,
	options: ClientOptions = {},
): KinesisClient {
	const {endpoint, caBundle} = settings;
	// The client's default handler speaks HTTP/2, which plain-HTTP engines refuse
	// (ERR_HTTP2_ERROR); HTTP/1.1 works for every call there, SubscribeToShard included.
	const http1 = endpoint?.startsWith('http:')
		? new NodeHttpHandler({connectionTimeout: 5000})
		: undefined;
	// Over HTTPS, the SDK's HTTP/2 handler, but with one connection carrying the calls rather than a
	// connection a call, as the Kinesis client configures it: a TLS handshake before every GetRecords
	// costs round trips and CPU, and kinesis-local's HTTP/2 breaks a connection that the client closes
	// before the answer's body has come, which a connection a call does every time. (SubscribeToShard
	// gets a connection of its own all the same: the handler keeps event streams apart.)
	const http2 = http1
		? undefined
		: new NodeHttp2Handler({
				disableConcurrentStreams: false,
				maxConcurrentStreams: 100,
				nodeHttp2ConnectOptions: caBundle === undefined ? undefined : {ca: caBundle},
			});
	const client = new KinesisClient({
		endpoint,
		region: settings.region,
		profile: settings.profile,
		credentials: settings.placeholderCredentials
			? {accessKeyId: 'kinesis-explorer', secretAccessKey: 'kinesis-explorer'}
			: undefined,
		requestHandler: http1 ?? http2,
	});
	rememberSentSecrets(client);
	if (settings.readOnly) {
		client.middlewareStack.add(
			(next, context) => async (args) => {
				const operation = (context.commandName ?? '').replace(/Command$/, '');
				if (!READ_OPERATIONS.has(operation)) {
					throw new ReadOnlyError(operation);
				}
				return next(args);
			},
			{step: 'initialize', name: 'kinesisExplorerReadOnlyGuard', priority: 'high'},
		);
	}
	configureDeadlines(client, {
		deadlines: options.deadlines,
		// A connection that stopped answering (a laptop that slept, a NAT that forgot it) reports
		// nothing and would carry every later call into the same silence: the calls start again on a
		// new one. An HTTP/1.1 call has its own connection, closed as its deadline aborts it.
		onExpired(operation) {
			if (operation !== 'SubscribeToShard') {
				http2?.destroy();
			}
		},
	});
	return client;
}

/** The region the client will sign for, or undefined when neither flag, environment nor profile names one. */
export async function clientRegion(client: KinesisClient): Promise<string | undefined> {
	try {
		return await client.config.region();
	} catch {
		return undefined;
	}
}
