import {PutRecordCommand, RegisterStreamConsumerCommand} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {describeStreamSummary} from '../../source/kinesis/streams.js';
import {runCli} from '../support/cli.js';
import {useOwnDynamoDB} from '../support/dynamodb.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {kcl2Lease} from '../support/leases.js';

/**
 * `consumers` through the built CLI, as a script runs it: one JSON object a line in the shapes the
 * issue fixes, or a table for people.
 */

const dynamodb = useOwnDynamoDB();
const kinesis = localClient();
const stream = uniqueName('consumers-cmd');
const S0 = 'shardId-000000000000';
const S1 = 'shardId-000000000001';
const S2 = 'shardId-000000000002';
let checkpoint = '';

beforeAll(async () => {
	await createActiveStream(kinesis, {name: stream, shardCount: 3});
	const put = async () =>
		(
			await kinesis.send(
				new PutRecordCommand({
					StreamName: stream,
					PartitionKey: 'k',
					ExplicitHashKey: '0',
					Data: Buffer.from('x'),
				}),
			)
		).SequenceNumber!;
	checkpoint = await put();
	await put();
	const {arn} = await describeStreamSummary(kinesis, stream);
	await kinesis.send(new RegisterStreamConsumerCommand({StreamARN: arn, ConsumerName: 'reader'}));
	await dynamodb.createTable('app-cmd');
	await dynamodb.put(
		'app-cmd',
		kcl2Lease({shardId: S0, owner: 'worker-1', counter: 5, checkpoint}),
		kcl2Lease({shardId: S1, checkpoint: 'LATEST'}),
	);
});
afterAll(() => kinesis.destroy());

const flags = () => [
	'--endpoint-url',
	localSettings().endpoint ?? '',
	'--dynamodb-endpoint-url',
	dynamodb.endpoint,
];

// Each run waits on its scans (and --local on an engine of its own), reading what beforeAll wrote
// and changing nothing: side by side.
describe.concurrent('consumers', () => {
	it('--json: a fan-out consumer, each lease, each open shard without one, in the fixed shapes', async () => {
		const result = await runCli([
			'consumers',
			stream,
			'--kcl-table',
			'app-cmd',
			'--json',
			// worker-1's counter never moves: stalled after 2 s, not the KCL's default 10.
			'--failover',
			'2s',
			...flags(),
		]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const lines = result.stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		const where = {stream, application: 'app-cmd', table: 'app-cmd'};
		expect(lines).toEqual([
			{
				kind: 'efo',
				stream,
				name: 'reader',
				status: expect.stringMatching(/^(CREATING|ACTIVE)$/),
				registeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			},
			{
				kind: 'lease',
				...where,
				shardId: S0,
				owner: 'worker-1',
				checkpoint,
				leaseCounter: 5,
				// Nobody renews it: its counter stood still for the KCL's failover time.
				stalled: true,
				millisBehindLatest: expect.any(Number),
			},
			{
				kind: 'lease',
				...where,
				shardId: S1,
				owner: null,
				checkpoint: 'LATEST',
				leaseCounter: 1,
				stalled: false,
				millisBehindLatest: null,
				reason: expect.stringMatching(/^checkpoint LATEST: /),
			},
			{kind: 'unleased', ...where, shardId: S2},
		]);
		// The keys in the order the issue writes them.
		expect(Object.keys(lines[1]!)).toEqual([
			'kind',
			'stream',
			'application',
			'table',
			'shardId',
			'owner',
			'checkpoint',
			'leaseCounter',
			'stalled',
			'millisBehindLatest',
		]);
	});

	it('a table for people: the workers, each lease, and the open shard nobody reads, said plainly', async () => {
		const result = await runCli([
			'consumers',
			stream,
			'--kcl-table',
			'app-cmd',
			'--failover',
			'2s',
			...flags(),
		]);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Enhanced fan-out consumers (1):');
		expect(result.stdout).toContain('KCL application app-cmd (lease table app-cmd):');
		expect(result.stdout).toContain('workers: worker-1 1 lease; 1 lease without an owner');
		expect(result.stdout).toMatch(new RegExp(`${S0} +worker-1 +stalled \\d+ s +5 +${checkpoint}`));
		expect(result.stdout).toContain(
			`${S2} is open and has no lease: app-cmd is not reading it (after a reshard, its children need leases of their own).`,
		);
		expect(result.stdout).toContain('KCL applications: 1 of the 1 table given.');
	});

	it('--local: the demo’s KCL application on clickstream, two workers holding its leases', async () => {
		const result = await runCli([
			'consumers',
			'clickstream',
			'--local',
			'--json',
			'--demo-rate',
			'0',
		]);
		// The one line --local always says: the engine lives only for this command.
		expect(result.stderr).toBe(
			`kinesis-explorer: --local starts an embedded engine for this command alone: its streams end with it. For streams that stay, run \`kinesis-explorer serve\` and point the commands at it with --endpoint-url http://127.0.0.1:4567.\n`,
		);
		expect(result.code).toBe(0);
		const leases = result.stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as {kind: string; application: string; owner: string})
			.filter((line) => line.kind === 'lease');
		expect(leases).toHaveLength(7);
		expect(new Set(leases.map((lease) => lease.application))).toEqual(
			new Set(['clickstream-analytics']),
		);
		expect(new Set(leases.map((lease) => lease.owner))).toEqual(new Set(['worker-a', 'worker-b']));
	});
});
