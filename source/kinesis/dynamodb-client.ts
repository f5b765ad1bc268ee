import {
	type $Command,
	DynamoDBClient,
	type DynamoDBClientResolvedConfig,
	type ServiceInputTypes,
	type ServiceOutputTypes,
} from '@aws-sdk/client-dynamodb';
import {NodeHttp2Handler, NodeHttpHandler} from '@smithy/node-http-handler';
import type {ConnectionSettings} from './connection.js';
import {configureDeadlines, operationOf, underDeadline, type Deadlines} from './deadlines.js';
import {rememberSentSecrets} from './sent-secrets.js';

/**
 * The DynamoDB door: the explorer reads KCL lease tables, which are someone's production state (the
 * checkpoints and owners of a running application). These calls only read, and they are all the
 * client lets out, whatever --read-only says: a write added by mistake, or by a later SDK, is refused
 * before the network rather than let through by omission.
 */
export const DYNAMODB_READ_OPERATIONS: ReadonlySet<string> = new Set([
	'DescribeTable',
	'ListTables',
	'Scan',
	'Query',
]);

export class LeaseTableWriteError extends Error {
	override name = 'LeaseTableWriteError';
	constructor(readonly operation: string) {
		super(
			`Refused DynamoDB ${operation}: the explorer only reads lease tables (DescribeTable, ListTables, Scan, Query).`,
		);
	}
}

export function createDynamoDBClient(
	settings: ConnectionSettings,
	options: {deadlines?: Partial<Deadlines>} = {},
): DynamoDBClient {
	const endpoint = settings.dynamodbEndpoint;
	// As for Kinesis: plain-HTTP engines (dynalite, LocalStack) need HTTP/1.1; over HTTPS one HTTP/2
	// connection carries the calls.
	const http1 = endpoint?.startsWith('http:')
		? new NodeHttpHandler({connectionTimeout: 5000})
		: undefined;
	const http2 = http1
		? undefined
		: new NodeHttp2Handler({
				disableConcurrentStreams: false,
				maxConcurrentStreams: 100,
				nodeHttp2ConnectOptions:
					settings.caBundle === undefined ? undefined : {ca: settings.caBundle},
			});
	const client = new DynamoDBClient({
		endpoint,
		region: settings.region,
		profile: settings.profile,
		credentials: settings.placeholderCredentials
			? {accessKeyId: 'kinesis-explorer', secretAccessKey: 'kinesis-explorer'}
			: undefined,
		requestHandler: http1 ?? http2,
		// Endpoint discovery would send DescribeEndpoints, a call of its own outside the list above.
		endpointDiscoveryEnabled: false,
	});
	rememberSentSecrets(client);
	client.middlewareStack.add(
		(next, context) => async (args) => {
			const operation = (context.commandName ?? '').replace(/Command$/, '');
			if (!DYNAMODB_READ_OPERATIONS.has(operation)) {
				throw new LeaseTableWriteError(operation);
			}
			return next(args);
		},
		{step: 'initialize', name: 'kinesisExplorerLeaseTableGuard', priority: 'high'},
	);
	configureDeadlines(client, {
		deadlines: options.deadlines,
		onExpired() {
			http2?.destroy();
		},
	});
	return client;
}

/** Any DynamoDB command, with the type of its answer. */
export type DynamoDBCommand<
	Input extends ServiceInputTypes,
	Output extends ServiceOutputTypes,
> = $Command<Input, Output, DynamoDBClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes>;

/** `client.send` under the call's deadline, as every Kinesis call goes out. */
export async function sendToDynamoDB<
	Input extends ServiceInputTypes,
	Output extends ServiceOutputTypes,
>(
	client: DynamoDBClient,
	command: DynamoDBCommand<Input, Output>,
	stop?: AbortSignal,
): Promise<Output> {
	return underDeadline(client, operationOf(command), command.input, stop, (abortSignal) =>
		client.send(command, {abortSignal}),
	);
}
