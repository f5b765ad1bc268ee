import * as sdk from '@aws-sdk/client-dynamodb';
import {PutRecordCommand} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
	DYNAMODB_READ_OPERATIONS,
	LeaseTableWriteError,
} from '../../source/kinesis/dynamodb-client.js';
import {createConsumersService} from '../../source/services/consumers/consumers-service.js';
import {runCli} from '../support/cli.js';
import {useOwnDynamoDB} from '../support/dynamodb.js';
import {type FaultProxy, faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {kcl2Lease} from '../support/leases.js';

/**
 * A lease table is someone's production state: the explorer's DynamoDB client refuses every call but
 * DescribeTable, ListTables, Scan and Query before the network, whatever --read-only says, proven as
 * --read-only is, by a proxy in front of dynalite that counts what reaches it (DynamoDB names its
 * operations in X-Amz-Target too). And DynamoDB denied or absent is one line: the rest goes on.
 */

const dynamodb = useOwnDynamoDB();
const kinesis = localClient();
const stream = uniqueName('lease-reads');
let proxy: FaultProxy;

/** Every command the DynamoDB SDK has: the API as the SDK knows it, not a list kept by hand. */
const COMMANDS = Object.entries(sdk)
	.filter(
		([name, value]) =>
			name.endsWith('Command') &&
			typeof value === 'function' &&
			typeof (value.prototype as {resolveMiddleware?: unknown}).resolveMiddleware === 'function',
	)
	.map(([name, value]) => ({
		operation: name.replace(/Command$/, ''),
		Command: value as new (input: object) => sdk.ScanCommand,
	}));

beforeAll(async () => {
	await createActiveStream(kinesis, {name: stream, shardCount: 2});
	await kinesis.send(
		new PutRecordCommand({StreamName: stream, PartitionKey: 'k', Data: Buffer.from('x')}),
	);
	await dynamodb.createTable('reads-only-app');
	await dynamodb.put(
		'reads-only-app',
		kcl2Lease({shardId: 'shardId-000000000000', owner: 'w', checkpoint: 'TRIM_HORIZON'}),
	);
	proxy = await startFaultProxy(dynamodb.endpoint);
});
afterAll(async () => {
	kinesis.destroy();
	await proxy?.close();
});

describe('the DynamoDB client', () => {
	it('refuses every operation of the API but the four reads, before the network, even without --read-only', async () => {
		const client = dynamodb.client({dynamodbEndpoint: proxy.url, readOnly: false});
		const writing = COMMANDS.filter(({operation}) => !DYNAMODB_READ_OPERATIONS.has(operation));
		expect(writing.map(({operation}) => operation)).toEqual(
			expect.arrayContaining([
				'PutItem',
				'UpdateItem',
				'DeleteItem',
				'BatchWriteItem',
				'TransactWriteItems',
				'CreateTable',
				'DeleteTable',
				'UpdateTable',
				'ExecuteStatement',
				'GetItem',
			]),
		);
		const before = proxy.stats.requests;
		for (const {operation, Command} of writing) {
			const refused = await client.send(new Command({TableName: 'reads-only-app'})).then(
				() => undefined,
				(error: unknown) => error,
			);
			expect(refused, operation).toBeInstanceOf(LeaseTableWriteError);
		}
		expect(proxy.stats.requests).toBe(before);
	});

	it('consumers through the CLI sends DynamoDB nothing but the four reads', async () => {
		const result = await runCli([
			'consumers',
			stream,
			'--json',
			// Its one owner never renews: told stalled after 2 s, not the KCL's default 10.
			'--failover',
			'2s',
			'--endpoint-url',
			localSettings().endpoint ?? '',
			'--dynamodb-endpoint-url',
			proxy.url,
		]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const sent = Object.keys(proxy.stats.operations);
		expect(sent.filter((operation) => !DYNAMODB_READ_OPERATIONS.has(operation))).toEqual([]);
		expect(sent).toEqual(expect.arrayContaining(['ListTables', 'DescribeTable', 'Scan']));
		expect(result.stdout).toContain('"table":"reads-only-app"');
	});
});

describe('DynamoDB denied or absent', () => {
	it('denied: one line about the lease tables, the fan-out consumers go on', async () => {
		const denying = await startFaultProxy(dynamodb.endpoint, () => faults.accessDenied());
		const service = createConsumersService(
			kinesis,
			dynamodb.client({dynamodbEndpoint: denying.url}),
			{settleMs: 0, dynamodbEndpoint: denying.url},
		);
		service.select(stream);
		service.start();
		await vi.waitFor(() => expect(service.getSnapshot().leaseProblem).toBeDefined(), {
			timeout: 30_000,
		});
		const snapshot = service.getSnapshot();
		service.stop();
		await denying.close();
		expect(snapshot.leaseProblem?.message).toMatch(
			/^Access denied by http:\/\/127\.0\.0\.1:\d+ \(AccessDeniedException\): User: arn:aws:iam::000000000000:user\/test is not authorized/,
		);
		expect(snapshot.leaseProblem?.badInput).toBeUndefined();
		expect(snapshot.problem).toBeUndefined();
		expect(snapshot.fanOut).toEqual([]);
	});

	it('absent: the command prints what Kinesis told, says it cannot reach DynamoDB, exit code 1', async () => {
		const gone = await startFaultProxy(dynamodb.endpoint);
		await gone.close();
		const result = await runCli([
			'consumers',
			stream,
			'--endpoint-url',
			localSettings().endpoint ?? '',
			'--dynamodb-endpoint-url',
			gone.url,
		]);
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('Enhanced fan-out consumers: none.');
		expect(result.stderr).toMatch(
			/^kinesis-explorer: cannot read the KCL lease tables: Cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)\.\n$/,
		);
	});
});
