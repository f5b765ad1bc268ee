import {createWriteStream, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {finished} from 'node:stream/promises';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openShards} from '../../source/kinesis/placement.js';
import {listShards} from '../../source/kinesis/shards.js';
import {runCli} from '../support/cli.js';
import {faults, startFaultProxy} from '../support/fault-proxy.js';
import {
	createActiveStream,
	endpointFlags,
	localClient,
	localSettings,
	over,
	type Transport,
	TRANSPORTS,
	uniqueName,
} from '../support/kinesis.js';
import {occurrences, readAllRecords} from '../support/read-back.js';

const directory = mkdtempSync(path.join(tmpdir(), 'put-command-'));

function put(
	args: string[],
	{transport = 'http', timeoutMs}: {transport?: Transport; timeoutMs?: number} = {},
) {
	return runCli(['put', ...args, ...endpointFlags(transport)], {timeoutMs});
}

function jsonLines(text: string): Array<Record<string, unknown>> {
	return text
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe.each(TRANSPORTS)('put over %s', (transport) => {
	let client: KinesisClient;

	beforeAll(() => {
		client = localClient(over(transport));
	});

	afterAll(() => client.destroy());

	it('puts all 20,000 lines of an NDJSON file, each readable once, with progress and a summary', async () => {
		const stream = uniqueName('put-20k');
		await createActiveStream(client, {name: stream, shardCount: 4});
		const file = path.join(directory, 'records.ndjson');
		const out = createWriteStream(file);
		for (let id = 0; id < 20_000; id++) {
			out.write(`${JSON.stringify({id, user: {id: `u-${id % 500}`}, page: '/cart'})}\n`);
		}
		out.end();
		await finished(out);

		const result = await put([stream, '--file', file, '--partition-key-field', 'user.id'], {
			transport,
			timeoutMs: 280_000,
		});
		expect(result.stderr).toMatch(/^put: .*20,000\/20,000 · 100% · [\d,]+\/s · [\d,]+ retried$/m);
		expect(result.code).toBe(0);
		const [summary, ...shardRows] = result.stdout.trim().split('\n');
		expect(summary).toMatch(
			new RegExp(
				`^Sent 20,000 records to ${stream} in [\\d.]+ s \\([\\d,]+ records/s\\); \\d+ retried, 0 failed\\.$`,
			),
		);
		const open = openShards(await listShards(client, stream));
		expect(shardRows).toHaveLength(open.length);
		let total = 0;
		for (const row of shardRows) {
			const match = /^ {2}(shardId-\d+) +([\d,]+)$/.exec(row);
			expect(match).not.toBeNull();
			expect(open.map((shard) => shard.shardId)).toContain(match?.[1]);
			total += Number(match?.[2]?.replaceAll(',', ''));
		}
		expect(total).toBe(20_000);

		const read = await readAllRecords(client, stream);
		const counts = occurrences(read.map((record) => String(JSON.parse(record.data).id)));
		expect(counts.size).toBe(20_000);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		for (const record of read.slice(0, 100)) {
			expect(record.partitionKey).toBe(`u-${JSON.parse(record.data).id % 500}`);
		}
	}, 300_000);

	it('checks every line first: a bad line stops it before anything is sent', async () => {
		const stream = uniqueName('put-bad');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const file = path.join(directory, 'bad.ndjson');
		writeFileSync(file, '{"user":"a"}\n{oops\n{"user":"b"}\n{"other":1}\n');
		const result = await put([stream, '--file', file, '--partition-key-field', 'user'], {
			transport,
		});
		expect(result).toEqual({
			code: 2,
			stdout: '',
			stderr: expect.stringContaining(
				`kinesis-explorer: 2 lines are not a record; nothing was sent (--skip-invalid sends the others):\n  ${file}:2: Not JSON: `,
			),
		});
		expect(result.stderr).toContain(`  ${file}:4: No field user for the partition key.\n`);
		expect(await readAllRecords(client, stream)).toEqual([]);

		const skipped = await put(
			[stream, '--file', file, '--partition-key-field', 'user', '--skip-invalid', '--json'],
			{transport},
		);
		expect(skipped.code).toBe(0);
		const results = jsonLines(skipped.stdout).sort((a, b) => Number(a.line) - Number(b.line));
		expect(results).toEqual([
			{line: 1, partitionKey: 'a', shardId: expect.any(String), sequenceNumber: expect.any(String)},
			{line: 2, error: expect.stringMatching(/^Not JSON: /)},
			{line: 3, partitionKey: 'b', shardId: expect.any(String), sequenceNumber: expect.any(String)},
			{line: 4, error: 'No field user for the partition key.'},
		]);
		expect(skipped.stderr).toContain('Skipping 2 lines that are not a record:');
		expect(skipped.stderr).toMatch(/^Sent 2 records to /m);
		expect((await readAllRecords(client, stream)).map((record) => record.data).sort()).toEqual([
			'{"user":"a"}',
			'{"user":"b"}',
		]);
	});

	it('sends a JSON array like an exported file, and plain text lines', async () => {
		const stream = uniqueName('put-array');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const array = path.join(directory, 'export.json');
		writeFileSync(array, '[\n  {"personId": 1},\n  {"personId": 2}\n]\n');
		const text = path.join(directory, 'lines.txt');
		writeFileSync(text, 'first line\nsecond line\n');
		expect(
			(await put([stream, '--file', array, '--partition-key', 'same'], {transport})).code,
		).toBe(0);
		const lines = await put([stream, '--file', text, '--json'], {transport});
		expect(
			jsonLines(lines.stdout)
				.map((result) => result.line)
				.sort(),
		).toEqual([1, 2]);
		const read = await readAllRecords(client, stream);
		expect(read.map((record) => record.data).sort()).toEqual([
			'first line',
			'second line',
			'{"personId":1}',
			'{"personId":2}',
		]);
		const same = read.filter((record) => record.partitionKey === 'same');
		expect(same).toHaveLength(2);
		expect(same[0]?.shardId).toBe(same[1]?.shardId);
	});

	it('puts one record from --data, where its explicit hash key says', async () => {
		const stream = uniqueName('put-data');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const [, upper] = openShards(await listShards(client, stream)).sort((a, b) =>
			a.hashKeyRange.start < b.hashKeyRange.start ? -1 : 1,
		);
		const result = await put(
			[
				stream,
				'--data',
				'hello',
				'--partition-key',
				'k',
				'--explicit-hash-key',
				String(upper?.hashKeyRange.start),
				'--json',
			],
			{transport},
		);
		expect(result.code).toBe(0);
		expect(jsonLines(result.stdout)).toEqual([
			{partitionKey: 'k', shardId: upper?.shardId, sequenceNumber: expect.stringMatching(/^\d+$/)},
		]);
		const text = await put([stream, '--data', 'again'], {transport});
		expect(text.stdout).toMatch(
			new RegExp(
				`^Put 1 record into ${stream}: shardId-\\d+, sequence number \\d+, partition key [0-9a-f-]{36}\\.\\n$`,
			),
		);
		expect((await readAllRecords(client, stream)).map((record) => record.data).sort()).toEqual([
			'again',
			'hello',
		]);
	});
});

describe('a put whose first call is never answered', () => {
	it('sends its records again after the deadline, marks them in --json and counts them apart', async () => {
		const client = localClient();
		const stream = uniqueName('put-held');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const file = path.join(directory, 'held.ndjson');
		writeFileSync(file, `${Array.from({length: 5}, (_, n) => JSON.stringify({n})).join('\n')}\n`);
		let calls = 0;
		const proxy = await startFaultProxy(localSettings().endpoint ?? '', ({operation}) =>
			operation === 'PutRecords' && calls++ === 0 ? faults.hang() : undefined,
		);
		// The production deadline: the CLI has no flag to shorten it, so this waits out its 30 s.
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
		const results = jsonLines(result.stdout);
		expect(results).toHaveLength(5);
		expect(results.every((line) => line.resentAfterTimeout === true && line.shardId)).toBe(true);
		expect(result.stderr).toMatch(
			/^Sent 5 records to .*; sent again after a timeout: 5 \(each may be in the stream twice\)\.$/m,
		);
		// This call never reached the engine: each record is in once.
		expect(await readAllRecords(client, stream)).toHaveLength(5);
		client.destroy();
	});
});

describe('put refusals', () => {
	it.each([
		[['put'], 'put needs a stream: put <stream> (--data <text> | --file <path>) (see --help).'],
		[
			['put', 's', '--data', 'x', '--file', 'y'],
			'put takes --data <text> or --file <path>: one of them.',
		],
		[
			['put', 's', '--data', 'x', '--explicit-hash-key', '-1'],
			'--explicit-hash-key: A hash key is a decimal number from 0 to 2^128−1.',
		],
		[['put', 's', '--data', 'x', '--skip-invalid'], '--skip-invalid applies to --file only.'],
		[['put', 's', '--file', '/no/such/file'], 'cannot read /no/such/file: no such file'],
	])('refuses %j with a message and exit code 2', async (args, message) => {
		const result = await runCli([...args, ...endpointFlags('http')]);
		expect(result).toEqual({code: 2, stdout: '', stderr: `kinesis-explorer: ${message}\n`});
	});

	it('is refused with --read-only, and says so', async () => {
		const result = await put(['anything', '--data', 'x', '--read-only']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'kinesis-explorer: Refused PutRecord: the explorer is read-only (--read-only), and PutRecord writes.\n',
		);
	});
});
