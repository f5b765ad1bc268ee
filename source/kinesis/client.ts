import {KinesisClient} from '@aws-sdk/client-kinesis';
import {NodeHttpHandler} from '@smithy/node-http-handler';
import type {ConnectionSettings} from '../config.js';
import {type Deadlines, setDeadlines} from './deadlines.js';

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
	const {endpoint} = settings;
	const client = new KinesisClient({
		endpoint,
		region: settings.region,
		profile: settings.profile,
		credentials: settings.placeholderCredentials
			? {accessKeyId: 'kinesis-explorer', secretAccessKey: 'kinesis-explorer'}
			: undefined,
		// The client's default handler speaks HTTP/2, which plain-HTTP engines refuse
		// (ERR_HTTP2_ERROR); HTTP/1.1 works for every call there, SubscribeToShard included.
		requestHandler: endpoint?.startsWith('http:')
			? new NodeHttpHandler({connectionTimeout: 5000})
			: undefined,
	});
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
	if (options.deadlines) {
		setDeadlines(client, options.deadlines);
	}
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
