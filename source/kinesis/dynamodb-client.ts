import {
	type $Command,
	DynamoDBClient,
	type DynamoDBClientResolvedConfig,
	type ServiceInputTypes,
	type ServiceOutputTypes,
} from '@aws-sdk/client-dynamodb';
import type {ConnectionSettings} from './connection.js';
import {clientConnection} from './http-connection.js';
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
	// As for Kinesis: plain-HTTP engines (dynalite, LocalStack) need HTTP/1.1; over HTTPS one HTTP/2
	// connection carries the calls.
	const connection = clientConnection(settings, settings.dynamodbEndpoint);
	const client = new DynamoDBClient({
		...connection.config,
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
		onExpired: connection.dropConnection,
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
