import {
	CreateTableCommand,
	DescribeTableCommand,
	DynamoDBClient,
	PutItemCommand,
	UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {NodeHttpHandler} from '@smithy/node-http-handler';
import {LOCAL_REGION} from './connection.js';
import {sendToDynamoDB} from './dynamodb-client.js';
import {sleep} from '../lib/rate-limiter.js';

/**
 * The one DynamoDB client that writes: the demo's KCL application's, to the embedded DynamoDB only
 * (whose endpoint the session gives it), as a KCL 2.x worker writes its lease table. Everything else
 * reads DynamoDB through the guarded client of dynamodb-client.ts.
 */
export type LeaseWriter = {
	createTable(table: string): Promise<void>;
	/** A new lease, in the KCL 2.x format, as the KCL's shard sync writes it. */
	createLease(table: string, lease: NewLease): Promise<void>;
	/** The owner's renewal: the counter goes up by one, if the lease is still the owner's. */
	renew(table: string, leaseKey: string, owner: string, signal?: AbortSignal): Promise<void>;
	checkpoint(
		table: string,
		leaseKey: string,
		owner: string,
		checkpoint: string,
		signal?: AbortSignal,
	): Promise<void>;
	destroy(): void;
};

export type NewLease = {
	leaseKey: string;
	owner: string;
	checkpoint: string;
	parentShardIds: readonly string[];
	hashKeyRange: {start: bigint; end: bigint};
};

export function createLeaseWriter(embeddedEndpoint: string): LeaseWriter {
	const client = new DynamoDBClient({
		endpoint: embeddedEndpoint,
		region: LOCAL_REGION,
		credentials: {accessKeyId: 'kinesis-explorer', secretAccessKey: 'kinesis-explorer'},
		requestHandler: new NodeHttpHandler({connectionTimeout: 5000}),
	});
	const owned = (owner: string) => ({
		ConditionExpression: 'leaseOwner = :owner',
		ExpressionAttributeValues: {':owner': {S: owner}},
	});
	return {
		async createTable(table) {
			await sendToDynamoDB(
				client,
				new CreateTableCommand({
					TableName: table,
					KeySchema: [{AttributeName: 'leaseKey', KeyType: 'HASH'}],
					AttributeDefinitions: [{AttributeName: 'leaseKey', AttributeType: 'S'}],
					BillingMode: 'PAY_PER_REQUEST',
				}),
			);
			// A table takes writes once it is ACTIVE: until then, a write finds no table.
			for (let tries = 0; ; tries++) {
				const {Table} = await sendToDynamoDB(client, new DescribeTableCommand({TableName: table}));
				if (Table?.TableStatus === 'ACTIVE') {
					return;
				}
				if (tries >= 200) {
					throw new Error(
						`The lease table ${table} is still ${Table?.TableStatus ?? 'not there'}.`,
					);
				}
				await sleep(50);
			}
		},
		async createLease(table, lease) {
			await sendToDynamoDB(
				client,
				new PutItemCommand({
					TableName: table,
					Item: {
						leaseKey: {S: lease.leaseKey},
						leaseOwner: {S: lease.owner},
						leaseCounter: {N: '1'},
						ownerSwitchesSinceCheckpoint: {N: '0'},
						checkpoint: {S: lease.checkpoint},
						checkpointSubSequenceNumber: {N: '0'},
						...(lease.parentShardIds.length > 0
							? {parentShardId: {SS: [...lease.parentShardIds]}}
							: {}),
						startingHashKey: {S: lease.hashKeyRange.start.toString()},
						endingHashKey: {S: lease.hashKeyRange.end.toString()},
					},
					ConditionExpression: 'attribute_not_exists(leaseKey)',
				}),
			);
		},
		async renew(table, leaseKey, owner, signal) {
			await sendToDynamoDB(
				client,
				new UpdateItemCommand({
					TableName: table,
					Key: {leaseKey: {S: leaseKey}},
					UpdateExpression: 'SET leaseCounter = leaseCounter + :one',
					...owned(owner),
					ExpressionAttributeValues: {':owner': {S: owner}, ':one': {N: '1'}},
				}),
				signal,
			);
		},
		async checkpoint(table, leaseKey, owner, checkpoint, signal) {
			await sendToDynamoDB(
				client,
				new UpdateItemCommand({
					TableName: table,
					Key: {leaseKey: {S: leaseKey}},
					UpdateExpression:
						'SET #checkpoint = :checkpoint, checkpointSubSequenceNumber = :zero, ownerSwitchesSinceCheckpoint = :zero',
					...owned(owner),
					// Spelled apart: DynamoDB reserves many plain words in expressions.
					ExpressionAttributeNames: {'#checkpoint': 'checkpoint'},
					ExpressionAttributeValues: {
						':owner': {S: owner},
						':checkpoint': {S: checkpoint},
						':zero': {N: '0'},
					},
				}),
				signal,
			);
		},
		destroy() {
			client.destroy();
		},
	};
}
