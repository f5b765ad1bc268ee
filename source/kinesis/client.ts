import {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ConnectionSettings} from './connection.js';
import {clientConnection} from './http-connection.js';
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
	const connection = clientConnection(settings, settings.endpoint);
	const client = new KinesisClient(connection.config);
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
		// new one.
		onExpired(operation) {
			if (operation !== 'SubscribeToShard') {
				connection.dropConnection();
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
