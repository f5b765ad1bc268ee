import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {createKinesisClient} from '../../source/kinesis/client.js';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import type {UserRecord} from '../../source/model/records.js';
import {startTailer} from '../../source/services/tail/tailer.js';
import {runCli} from '../support/cli.js';
import {type FaultRule, faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {readAllRecords} from '../support/read-back.js';

/**
 * What issue 20 saw: a proxy that forwards every call but keeps the answer to the third GetRecords,
 * as a half-open connection does after a laptop sleeps. The tail delivered 2 records, then nothing
 * while 58 more were written, and made no further call. Now the call is given up at its deadline and
 * the tail goes on from the last record it delivered.
 */

const within = {timeout: 60_000, interval: 100};
const encoder = new TextEncoder();

/**
 * Holds back the answer to the third GetRecords forever; everything else goes through. `limits`
 * gets the Limit each GetRecords asked for.
 */
function holdThirdGetRecords(limits: unknown[] = []): FaultRule {
	return (request) => {
		if (request.operation !== 'GetRecords') {
			return undefined;
		}
		limits.push(request.body.Limit);
		return limits.length === 3 ? faults.hang() : undefined;
	};
}

// Each test waits out a deadline: side by side.
describe.concurrent('calls never answered: a tail and a put go on past their deadlines', () => {
	let client: KinesisClient;
	const endpoint = localSettings().endpoint ?? '';

	const write = async (stream: string, from: number, to: number) => {
		const records = Array.from({length: to - from}, (_, index) => ({
			partitionKey: 'held',
			data: encoder.encode(String(from + index)),
		}));
		const outcomes = await putRecordBatch(client, stream, records);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
	};

	beforeAll(() => {
		client = localClient();
	});
	afterAll(() => client.destroy());

	it('gives the call up at its deadline, says it is waiting, and delivers every record once', async () => {
		const stream = uniqueName('held-answer');
		await createActiveStream(client, {name: stream, shardCount: 1});
		await write(stream, 0, 2);
		const limits: unknown[] = [];
		const proxy = await startFaultProxy(endpoint, holdThirdGetRecords(limits));
		// Longer than the 3 s after which a call is reported as waiting, shorter than production's 10 s.
		const proxied = createKinesisClient(localSettings({endpoint: proxy.url}), {
			deadlines: {GetRecords: 4000},
		});
		const delivered: UserRecord[] = [];
		const waited: number[] = [];
		const problems = new Set<string>();
		let state = '';
		const tailer = startTailer(
			proxied,
			{stream, position: {type: 'TRIM_HORIZON'}},
			{
				onRecords(records) {
					delivered.push(...records);
				},
				onShards(shards) {
					for (const status of shards.values()) {
						state = status.state;
						if (status.waitingSince !== undefined) {
							waited.push(status.waitingSince);
						}
						if (status.problem) {
							problems.add(status.problem);
						}
					}
				},
			},
		);
		await vi.waitFor(() => expect(proxy.stats.faults.hang).toBe(1), within);
		expect(delivered).toHaveLength(2);
		await write(stream, 2, 60);
		await vi.waitFor(() => {
			expect(delivered.length).toBeGreaterThanOrEqual(60);
			expect(state).toBe('caught-up');
			expect(limits.length).toBeGreaterThanOrEqual(6);
		}, within);
		tailer.stop();
		proxied.destroy();
		await proxy.close();

		const text = new TextDecoder();
		expect(delivered.map((record) => text.decode(record.data))).toEqual(
			Array.from({length: 60}, (_, index) => String(index)),
		);
		// The held call was shown as waiting before its deadline gave it up, then retried.
		expect(waited.length).toBeGreaterThan(0);
		expect([...problems]).toContainEqual(
			expect.stringMatching(/no answer to GetRecords within 4 s \(timed out\)/),
		);
		expect(proxy.stats.operations.GetRecords).toBeGreaterThan(3);
		// After the call that ran out of time, fewer records a call, growing back with each answer: a
		// link too slow for a full answer within the deadline still gets through.
		expect(limits.slice(0, 6)).toEqual([10_000, 10_000, 10_000, 1000, 2000, 4000]);
	});

	it('tail --json goes on too, with the production deadline', async () => {
		const stream = uniqueName('held-answer-cli');
		await createActiveStream(client, {name: stream, shardCount: 1});
		await write(stream, 0, 2);
		const proxy = await startFaultProxy(endpoint, holdThirdGetRecords());
		const tail = runCli([
			'tail',
			stream,
			'--json',
			'--from',
			'trim-horizon',
			'--max',
			'60',
			'--endpoint-url',
			proxy.url,
		]);
		await vi.waitFor(() => expect(proxy.stats.faults.hang).toBe(1), within);
		await write(stream, 2, 60);
		const result = await tail;
		await proxy.close();

		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines.map((line) => (JSON.parse(line) as {data: string}).data)).toEqual(
			Array.from({length: 60}, (_, index) => String(index)),
		);
		expect(result.stderr).toMatch(
			/shardId-000000000000: Cannot reach http:\/\/127\.0\.0\.1:\d+: no answer to GetRecords within 10 s \(timed out\)\. Retrying\./,
		);
		expect(proxy.stats.operations.GetRecords).toBeGreaterThan(3);
	});

	it('sends again the records of a put call never answered, marks them in --json and counts them apart', async () => {
		const stream = uniqueName('put-held');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'held-')), 'held.ndjson');
		await writeFile(file, Array.from({length: 5}, (_, n) => `${JSON.stringify({n})}\n`).join(''));
		let calls = 0;
		const proxy = await startFaultProxy(endpoint, ({operation}) =>
			operation === 'PutRecords' && calls++ === 0 ? faults.hang() : undefined,
		);
		// The production deadline: the CLI has no flag to shorten it, so this waits out its 10 s (the
		// records are a few bytes: no time is added for carrying them).
		const result = await runCli([
			'put',
			stream,
			'--file',
			file,
			'--json',
			'--endpoint-url',
			proxy.url,
		]);
		await proxy.close();
		expect(result.code).toBe(0);
		const results = result.stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(results).toHaveLength(5);
		expect(results.every((line) => line.resentAfterTimeout === true && line.shardId)).toBe(true);
		expect(result.stderr).toMatch(
			/^Sent 5 records to .*; sent again after a timeout: 5 \(each may be in the stream twice\)\.$/m,
		);
		// The call never answered never reached the engine: each record is in once.
		expect(await readAllRecords(client, stream)).toHaveLength(5);
	});
});
