import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {beforeAll, describe, it, vi} from 'vitest';
import {openShards} from '../../source/model/placement.js';
import {listShards} from '../../source/kinesis/shards.js';
import {runCli, startCli} from '../support/cli.js';
import {useOwnEngine} from '../support/engine.js';
import {faults, randomFaults, startTestProxy} from '../support/fault-proxy.js';
import {createActiveStream, type Transport, uniqueName} from '../support/kinesis.js';
import {occurrences, readAllRecords} from '../support/read-back.js';

const directory = mkdtempSync(path.join(tmpdir(), 'put-command-'));
// Thousands of records a test: an engine of the file's own, so that no other file waits on them.
const engine = useOwnEngine();

/** put through the CLI, to the engine over a transport, or to a proxy's URL. */
function put(args: string[], to: Transport | string = 'http') {
	const endpoint =
		to === 'http' || to === 'https' ? engine.endpointFlags(to) : ['--endpoint-url', to];
	return runCli(['put', ...args, ...endpoint]);
}

/** A file of one NDJSON line a record. */
function ndjson(name: string, records: readonly unknown[]): string {
	const file = path.join(directory, name);
	writeFileSync(file, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
	return file;
}

function jsonLines(text: string): Array<Record<string, unknown>> {
	return text
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

// The bulk put alone, before the others: its four calls of 500 over one HTTP/2 connection to the
// file's engine are not to wait behind the other tests' thousands of records there.
describe('the bulk put over https', () => {
	const transport: Transport = 'https';

	it('puts all 2,000 lines of an NDJSON file, each readable once, with progress and a summary', async ({
		expect,
	}) => {
		const client = engine.client(engine.over(transport));
		const stream = uniqueName('put-2k');
		await createActiveStream(client, {name: stream, shardCount: 4});
		// Four PutRecords calls of 500: several in flight at once, landing in every shard.
		const file = ndjson(
			'records.ndjson',
			Array.from({length: 2000}, (_, id) => ({id, user: {id: `u-${id % 500}`}, page: '/cart'})),
		);

		const result = await put(
			[stream, '--file', file, '--partition-key-field', 'user.id'],
			transport,
		);
		expect(result.stderr).toMatch(/^put: .*2,000\/2,000 · 100% · [\d,]+\/s · [\d,]+ retried$/m);
		expect(result.code).toBe(0);
		const [summary, ...shardRows] = result.stdout.trim().split('\n');
		expect(summary).toMatch(
			new RegExp(
				`^Sent 2,000 records to ${stream} in [\\d.]+ s \\([\\d,]+ records/s\\); \\d+ retried, 0 failed\\.$`,
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
		expect(total).toBe(2000);

		const read = await readAllRecords(client, stream);
		const counts = occurrences(read.map((record) => String(JSON.parse(record.data).id)));
		expect(counts.size).toBe(2000);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		for (const record of read) {
			expect(record.partitionKey).toBe(`u-${JSON.parse(record.data).id % 500}`);
		}
	});
});

// Then every other test, each on a stream of its own, side by side. Each goes one way to the engine:
// over HTTPS (HTTP/2, as to AWS) the bulk put above and a put from --data; over plain HTTP the file
// checks and formats, and the proxy tests further down (thousands of lines, four calls in flight).
describe.concurrent('put over https', () => {
	const transport: Transport = 'https';
	let client: KinesisClient;

	beforeAll(() => {
		client = engine.client(engine.over(transport));
	});

	it('puts one record from --data, where its explicit hash key says', async ({expect}) => {
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
			transport,
		);
		expect(result.code).toBe(0);
		expect(jsonLines(result.stdout)).toEqual([
			{partitionKey: 'k', shardId: upper?.shardId, sequenceNumber: expect.stringMatching(/^\d+$/)},
		]);
		const text = await put([stream, '--data', 'again'], transport);
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

describe.concurrent('put over http', () => {
	const transport: Transport = 'http';
	let client: KinesisClient;

	beforeAll(() => {
		client = engine.client(engine.over(transport));
	});

	it('checks every line first: a bad line stops it before anything is sent', async ({expect}) => {
		const stream = uniqueName('put-bad');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const file = path.join(directory, 'bad.ndjson');
		writeFileSync(file, '{"user":"a"}\n{oops\n{"user":"b"}\n{"other":1}\n');
		const result = await put([stream, '--file', file, '--partition-key-field', 'user'], transport);
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
			transport,
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

	it('sends a JSON array like an exported file, and plain text lines', async ({expect}) => {
		const stream = uniqueName('put-array');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const array = path.join(directory, 'export.json');
		writeFileSync(array, '[\n  {"personId": 1},\n  {"personId": 2}\n]\n');
		const text = path.join(directory, 'lines.txt');
		writeFileSync(text, 'first line\nsecond line\n');
		expect((await put([stream, '--file', array, '--partition-key', 'same'], transport)).code).toBe(
			0,
		);
		const lines = await put([stream, '--file', text, '--json'], transport);
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
});

// Each test waits on answers its proxy holds back, each with a proxy of its own (its counts are that
// test's alone).
describe.concurrent('put through a proxy', () => {
	let client: KinesisClient;
	beforeAll(() => {
		client = engine.client();
	});

	it('keeps four PutRecords calls in flight, never more', async ({expect, onTestFinished}) => {
		const proxy = await startTestProxy({onTestFinished}, engine.endpoint);
		const stream = uniqueName('put-four');
		await createActiveStream(client, {name: stream, shardCount: 2});
		// 2,500 small records: five calls of 500, one more than may be in flight (more records would
		// prove no more, and cost the engine). The proxy holds each call until four are waiting, then
		// lets the four go: a put with fewer in flight never has four at once, one with more would have
		// more at once. The call that carries the last records has no company to wait for: it goes at
		// once. A call waits 5 s at most (half its deadline), so that the last calls of a put, sent
		// again after a deadline, are not held for ever for want of company (a loaded machine can make
		// the engine that slow).
		const total = 2500;
		let sent = 0;
		const held: Array<() => void> = [];
		proxy.setRule(({operation, body}) => {
			if (operation !== 'PutRecords') {
				return undefined;
			}
			sent += (body.Records as unknown[]).length;
			const release = new Promise<void>((resolve) => {
				held.push(resolve);
				setTimeout(() => {
					const at = held.indexOf(resolve);
					if (at >= 0) {
						held.splice(at, 1);
					}
					resolve();
				}, 5000);
			});
			if (held.length === 4 || sent >= total) {
				for (const go of held.splice(0)) {
					go();
				}
			}
			return {kind: 'hold', release};
		});
		const file = ndjson(
			'four.ndjson',
			Array.from({length: total}, (_, n) => ({n})),
		);
		const result = await put([stream, '--file', file], proxy.url);
		expect(result.code).toBe(0);
		expect(proxy.stats.maxInFlight.PutRecords).toBe(4);
		// Five calls, and more only for records sent again after a deadline, each at most once more.
		const resent = Number(/sent again after a timeout: (\d+)/.exec(result.stderr)?.[1] ?? 0);
		const read = await readAllRecords(client, stream);
		expect(new Set(read.map((record) => record.data)).size).toBe(total);
		expect(read.length - total).toBeLessThanOrEqual(resent);
		if (resent === 0) {
			expect(proxy.stats.operations.PutRecords).toBe(5);
		}
	});

	it('keeps the order of each partition key with --ordered, through failed entries', async ({
		expect,
		onTestFinished,
	}) => {
		const proxy = await startTestProxy({onTestFinished}, engine.endpoint);
		const stream = uniqueName('put-ordered');
		await createActiveStream(client, {name: stream, shardCount: 2});
		// One call in twenty is throttled; the others have their first entry and every third failed
		// until 40 entries have failed. That many fail whatever the calls hold: each such call lands
		// at most two entries for each one it fails, so 200 cannot land before 40 have failed.
		const throttle = randomFaults(61, {throttle: 0.05}, ['PutRecords']);
		proxy.setRule((request) => {
			if (request.operation !== 'PutRecords') {
				return undefined;
			}
			const thrown = throttle(request);
			if (thrown || proxy.stats.failedEntries >= 40) {
				return thrown;
			}
			const count = (request.body.Records as unknown[]).length;
			return faults.failEntries(
				Array.from({length: count}, (_, index) => index).filter((index) => index % 3 === 0),
			);
		});
		// With one record of a key in flight at a time, each call holds at most one per key: 20 keys
		// of 10 records make ten rounds or more.
		const file = ndjson(
			'ordered.ndjson',
			Array.from({length: 200}, (_, index) => ({
				k: `key-${index % 20}`,
				n: Math.floor(index / 20),
			})),
		);
		const result = await put(
			[stream, '--file', file, '--partition-key-field', 'k', '--ordered'],
			proxy.url,
		);
		expect(result.code).toBe(0);
		expect(proxy.stats.failedEntries).toBeGreaterThanOrEqual(40);
		// A call that outlived its deadline (on a loaded machine the engine can take that long) may
		// have stored its records before they were sent again: those, and only as many, may be in twice.
		const resent = Number(/sent again after a timeout: (\d+)/.exec(result.stderr)?.[1] ?? 0);
		const read = await readAllRecords(client, stream);
		const seen = new Set<string>();
		const last = new Map<string, number>();
		for (const record of read) {
			if (seen.has(record.data)) {
				continue;
			}
			seen.add(record.data);
			const {k, n} = JSON.parse(record.data) as {k: string; n: number};
			expect(n, `${k} out of order`).toBe((last.get(k) ?? -1) + 1);
			last.set(k, n);
		}
		expect(seen.size).toBe(200);
		expect(read.length - 200).toBeLessThanOrEqual(resent);
	});

	it('says which records failed, with {"line","error"} and exit code 1, and lands the rest', async ({
		expect,
		onTestFinished,
	}) => {
		const proxy = await startTestProxy({onTestFinished}, engine.endpoint);
		const stream = uniqueName('put-fails');
		await createActiveStream(client, {name: stream, shardCount: 1});
		// The service refuses the entries of one key for good (not a throttle: no retry helps).
		proxy.setRule(({operation, body}) => {
			if (operation !== 'PutRecords') {
				return undefined;
			}
			const records = (body.Records as Array<{PartitionKey: string}> | undefined) ?? [];
			const indexes = records
				.map((record, at) => (record.PartitionKey === 'refused' ? at : -1))
				.filter((at) => at >= 0);
			return {kind: 'failEntries', indexes, errorCode: 'KMSAccessDeniedException'};
		});
		const file = ndjson('fails.ndjson', [{k: 'fine'}, {k: 'refused'}, {k: 'fine'}]);
		const result = await put(
			[stream, '--file', file, '--partition-key-field', 'k', '--json'],
			proxy.url,
		);
		expect(result.code).toBe(1);
		expect(jsonLines(result.stdout).sort((a, b) => Number(a.line) - Number(b.line))).toEqual([
			{
				line: 1,
				partitionKey: 'fine',
				shardId: expect.any(String),
				sequenceNumber: expect.any(String),
			},
			{
				line: 2,
				error: 'KMSAccessDeniedException: Rate exceeded for shard (injected by the fault proxy).',
			},
			{
				line: 3,
				partitionKey: 'fine',
				shardId: expect.any(String),
				sequenceNumber: expect.any(String),
			},
		]);
		expect(result.stderr).toMatch(/^Sent 2 records to .*; 0 retried, 1 failed\.$/m);
		expect(await readAllRecords(client, stream)).toHaveLength(2);

		// One record from --data that the service refuses: the same, without a line.
		proxy.setRule(({operation}) => (operation === 'PutRecord' ? faults.accessDenied() : undefined));
		const one = await put([stream, '--data', 'x', '--json'], proxy.url);
		expect(one.code).toBe(1);
		expect(jsonLines(one.stdout)).toEqual([{error: expect.stringMatching(/^Access denied by /)}]);
	});

	it('stops on ctrl+c with exit code 130, saying how far it got', async ({
		expect,
		onTestFinished,
	}) => {
		const proxy = await startTestProxy({onTestFinished}, engine.endpoint);
		const stream = uniqueName('put-stopped');
		await createActiveStream(client, {name: stream, shardCount: 1});
		// The answers never come while the test holds them: the put is in the middle of its work.
		let letGo = () => undefined as void;
		const release = new Promise<void>((resolve) => {
			letGo = resolve;
		});
		proxy.setRule(({operation}) =>
			operation === 'PutRecords' ? {kind: 'hold', release} : undefined,
		);
		const file = ndjson(
			'stopped.ndjson',
			Array.from({length: 100}, (_, n) => ({n})),
		);
		const child = startCli(['put', stream, '--file', file, '--endpoint-url', proxy.url]);
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		await vi.waitFor(() => expect(proxy.stats.operations.PutRecords).toBeGreaterThan(0), {
			timeout: 30_000,
			interval: 20,
		});
		child.kill('SIGINT');
		expect(await exited).toBe(130);
		letGo();
		expect(stdout).toMatch(/^Sent \d+ records? to .*; stopped with \d+ not sent\.$/m);
	});

	it('is refused with --read-only, and says so', async ({expect}) => {
		const result = await put(['anything', '--data', 'x', '--read-only']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'kinesis-explorer: Refused PutRecord: the explorer is read-only (--read-only), and PutRecord writes.\n',
		);
	});
});
