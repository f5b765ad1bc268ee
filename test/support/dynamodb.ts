import process from 'node:process';
import {
	CreateTableCommand,
	DescribeTableCommand,
	DynamoDBClient,
	PutItemCommand,
	UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {NodeHttpHandler} from '@smithy/node-http-handler';
import {marshall} from '@aws-sdk/util-dynamodb';
import {afterAll, beforeAll} from 'vitest';
import type {ConnectionSettings} from '../../source/kinesis/connection.js';
import {createDynamoDBClient} from '../../source/kinesis/dynamodb-client.js';
import {type LocalDynamoDB, startLocalDynamoDB} from '../../source/local/dynalite.js';

/**
 * A DynamoDB of the test file's own (dynalite, in memory), as the embedded one runs: started before
 * the file's tests, stopped after them with every client made through it. Tests write lease tables in
 * it as the KCL would, with a client of their own (the explorer's refuses every write).
 */
export type OwnDynamoDB = {
	readonly endpoint: string;
	/** The explorer's client (reads only), to this DynamoDB or another endpoint (a fault proxy). */
	client(overrides?: Partial<ConnectionSettings>): DynamoDBClient;
	/** A client that writes, for the tests' lease tables. */
	writer(): DynamoDBClient;
	/** A table keyed as KCL lease tables are (or by `key` instead). */
	createTable(table: string, key?: string): Promise<void>;
	/** Rows as they are, plain values: numbers, strings, Sets of strings. */
	put(table: string, ...items: Array<Record<string, unknown>>): Promise<void>;
	/** The owner's renewal of a lease: its counter up by one. */
	renew(table: string, leaseKey: string): Promise<void>;
};

export function useOwnDynamoDB(): OwnDynamoDB {
	let engine: LocalDynamoDB | undefined;
	let writing: DynamoDBClient | undefined;
	const clients: DynamoDBClient[] = [];
	beforeAll(async () => {
		engine = await startLocalDynamoDB({nodePath: process.execPath});
	});
	afterAll(async () => {
		for (const client of clients) {
			client.destroy();
		}
		await engine?.stop();
	});
	const started = () => {
		if (!engine) {
			throw new Error(
				'The DynamoDB of this file starts in beforeAll: use it inside a test or hook.',
			);
		}
		return engine;
	};
	const writer = () => {
		if (!writing) {
			writing = new DynamoDBClient({
				endpoint: started().endpoint,
				region: 'us-east-1',
				credentials: {accessKeyId: 'test', secretAccessKey: 'test'},
				requestHandler: new NodeHttpHandler(),
			});
			clients.push(writing);
		}
		return writing;
	};
	return {
		get endpoint() {
			return started().endpoint;
		},
		client(overrides = {}) {
			const client = createDynamoDBClient({
				target: 'endpoint',
				region: 'us-east-1',
				readOnly: false,
				placeholderCredentials: true,
				dynamodbEndpoint: started().endpoint,
				...overrides,
			});
			clients.push(client);
			return client;
		},
		writer,
		async createTable(table, key = 'leaseKey') {
			await writer().send(
				new CreateTableCommand({
					TableName: table,
					KeySchema: [{AttributeName: key, KeyType: 'HASH'}],
					AttributeDefinitions: [{AttributeName: key, AttributeType: 'S'}],
					BillingMode: 'PAY_PER_REQUEST',
				}),
			);
			// dynalite answers CreateTable with the table CREATING and makes it ACTIVE a moment later: a
			// write before then is refused (ResourceNotFoundException), so the table is waited for.
			for (;;) {
				const {Table} = await writer().send(new DescribeTableCommand({TableName: table}));
				if (Table?.TableStatus === 'ACTIVE') {
					return;
				}
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		},
		async put(table, ...items) {
			for (const item of items) {
				await writer().send(new PutItemCommand({TableName: table, Item: marshall(item)}));
			}
		},
		async renew(table, leaseKey) {
			await writer().send(
				new UpdateItemCommand({
					TableName: table,
					Key: {leaseKey: {S: leaseKey}},
					UpdateExpression: 'SET leaseCounter = leaseCounter + :one',
					ExpressionAttributeValues: {':one': {N: '1'}},
				}),
			);
		},
	};
}
