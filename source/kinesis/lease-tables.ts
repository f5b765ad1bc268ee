import {
	DescribeTableCommand,
	type DynamoDBClient,
	ListTablesCommand,
	ScanCommand,
	type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import {unmarshall} from '@aws-sdk/util-dynamodb';
import {type Item, ItemNumber} from '../model/leases.js';
import {sendToDynamoDB} from './dynamodb-client.js';

/** The DynamoDB reads the consumers view needs: the tables, their keys, their rows. Nothing else. */

export async function listTableNames(
	client: DynamoDBClient,
	signal?: AbortSignal,
): Promise<string[]> {
	const names: string[] = [];
	let start: string | undefined;
	for (;;) {
		const page = await sendToDynamoDB(
			client,
			new ListTablesCommand({ExclusiveStartTableName: start, Limit: 100}),
			signal,
		);
		names.push(...(page.TableNames ?? []));
		if (!page.LastEvaluatedTableName || page.LastEvaluatedTableName === start) {
			return names;
		}
		start = page.LastEvaluatedTableName;
	}
}

/** A table's key: its attributes' names and their roles (HASH, RANGE). */
export type TableKey = ReadonlyArray<{name: string; type: string}>;

export async function describeTableKey(
	client: DynamoDBClient,
	table: string,
	signal?: AbortSignal,
): Promise<TableKey> {
	const {Table: description} = await sendToDynamoDB(
		client,
		new DescribeTableCommand({TableName: table}),
		signal,
	);
	return (description?.KeySchema ?? []).map((element) => ({
		name: element.AttributeName ?? '',
		type: element.KeyType ?? '',
	}));
}

/**
 * Every row of the table, a page (up to 1 MB) at a time: a lease table holds a row a shard, so a few
 * pages at most. Numbers come as ItemNumbers, their text kept whole.
 */
export async function scanTable(
	client: DynamoDBClient,
	table: string,
	signal?: AbortSignal,
): Promise<Item[]> {
	const items: Item[] = [];
	let input: ScanCommandInput = {TableName: table};
	for (;;) {
		const page = await sendToDynamoDB(client, new ScanCommand(input), signal);
		for (const item of page.Items ?? []) {
			items.push(unmarshall(item, {wrapNumbers: (text) => new ItemNumber(text)}));
		}
		if (!page.LastEvaluatedKey) {
			return items;
		}
		input = {TableName: table, ExclusiveStartKey: page.LastEvaluatedKey};
	}
}
