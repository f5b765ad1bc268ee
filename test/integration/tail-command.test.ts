import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {listShards} from '../../source/kinesis/shards.js';
import {runCli, startCli} from '../support/cli.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';

const within = {timeout: 60_000, interval: 50};
const hostile = '\u001b]0;owned\u0007\u001b[2J\u001b[31mred';

// Side by side: the tests that read the shared stream read its first records only (from the trim
// horizon), which the records the | head test adds after them leave as they are.
describe.concurrent('the tail command', () => {
	let client: KinesisClient;
	const stream = uniqueName('tail-cli');
	const endpoint = localSettings().endpoint ?? '';

	const put = async (records: Array<{partitionKey: string; data: Uint8Array}>) => {
		const outcomes = await putRecordBatch(client, stream, records);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
	};

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 1});
		await put([
			{partitionKey: 'text', data: new TextEncoder().encode(hostile)},
			{partitionKey: 'bytes', data: Uint8Array.of(0xca, 0xfe, 0x00, 0xff)},
		]);
	});
	afterAll(() => client.destroy());

	it('prints records for people on one safe line each, and ends at --max with exit code 0', async () => {
		const result = await runCli([
			'tail',
			stream,
			'--from',
			'trim-horizon',
			'--max',
			'2',
			'--endpoint-url',
			endpoint,
		]);
		expect(result).toMatchObject({code: 0, stderr: ''});
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(
			/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}shardId-000000000000 {2}\d+ {2}text {2}␛\]0;owned␇␛\[2J␛\[31mred$/,
		);
		expect(lines[1]).toMatch(/ {2}bytes {2}ca fe 00 ff$/);
		expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
	});

	it('writes NDJSON with the data as text or base64', async () => {
		const result = await runCli([
			'tail',
			stream,
			'--from',
			'trim-horizon',
			'--max',
			'2',
			'--json',
			'--endpoint-url',
			endpoint,
		]);
		expect(result.code).toBe(0);
		const [text, bytes] = result.stdout
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(text).toMatchObject({stream, partitionKey: 'text', data: hostile, encoding: 'utf8'});
		expect(bytes).toMatchObject({partitionKey: 'bytes', data: 'yv4A/w==', encoding: 'base64'});
	});

	it('writes every record whole and in order across its output chunks, and stops at --max inside a batch', async () => {
		// Over 200 KB of lines (456 of about 500 bytes): several of the 64 KB chunks the tail writes,
		// from one GetRecords batch of 600 records that --max cuts short.
		const many = uniqueName('tail-chunks');
		await createActiveStream(client, {name: many, shardCount: 1});
		for (let start = 0; start < 600; start += 300) {
			const outcomes = await putRecordBatch(
				client,
				many,
				Array.from({length: 300}, (_, offset) => ({
					partitionKey: 'chunk',
					data: new TextEncoder().encode(`${start + offset} ${'x'.repeat(300)}`),
				})),
			);
			expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		}
		const result = await runCli([
			'tail',
			many,
			'--from',
			'trim-horizon',
			'--max',
			'456',
			'--json',
			'--endpoint-url',
			endpoint,
		]);
		expect(result).toMatchObject({code: 0, stderr: ''});
		expect(result.stdout.endsWith('\n')).toBe(true);
		expect(result.stdout.length).toBeGreaterThan(3 * 64 * 1024);
		const indexes = result.stdout
			.trimEnd()
			.split('\n')
			.map((line) => Number((JSON.parse(line) as {data: string}).data.split(' ')[0]));
		expect(indexes).toEqual(Array.from({length: 456}, (_, index) => index));
	});

	it('writes the records of several shards in the order they arrived, each once, in the same NDJSON', async () => {
		// One shard with ten times the records of the other, written together over several calls (five:
		// what the engine spends grows with the records a shard holds).
		const uneven = uniqueName('tail-uneven');
		await createActiveStream(client, {name: uneven, shardCount: 2});
		const hashKeys = (await listShards(client, uneven)).map((shard) =>
			shard.hashKeyRange.start.toString(),
		);
		const written = [0, 0];
		for (let call = 0; call < 5; call++) {
			const records = [];
			for (let step = 0; step < 50; step++) {
				for (const shard of step % 10 === 0 ? [0, 1] : [0]) {
					records.push({
						partitionKey: `shard-${shard}`,
						explicitHashKey: hashKeys[shard],
						data: new TextEncoder().encode(`${shard} ${written[shard]}`),
					});
					written[shard] = (written[shard] as number) + 1;
				}
			}
			const outcomes = await putRecordBatch(client, uneven, records);
			expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		}
		const result = await runCli([
			'tail',
			uneven,
			'--from',
			'trim-horizon',
			'--max',
			String(written[0]! + written[1]!),
			'--json',
			'--endpoint-url',
			endpoint,
		]);
		expect(result).toMatchObject({code: 0, stderr: ''});
		const lines = result.stdout
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, string>);
		// The fields of a line, optional ones aside, as a tail of one shard writes them.
		const optional = new Set(['subSequenceNumber', 'explicitHashKey']);
		for (const line of lines) {
			expect(Object.keys(line).filter((key) => !optional.has(key))).toEqual([
				'stream',
				'shardId',
				'sequenceNumber',
				'partitionKey',
				'approximateArrivalTimestamp',
				'data',
				'encoding',
			]);
		}
		const times = lines.map((line) => Date.parse(line.approximateArrivalTimestamp ?? ''));
		expect(times.filter((time, index) => index > 0 && time < (times[index - 1] ?? 0))).toEqual([]);
		const seen: number[][] = [[], []];
		for (const line of lines) {
			const [shard, n] = (line.data ?? '').split(' ').map(Number);
			seen[shard as number]?.push(n as number);
		}
		expect(seen).toEqual(written.map((count) => Array.from({length: count}, (_, n) => n)));
	});

	it('ends with exit code 0 on ctrl+c', async () => {
		const child = startCli([
			'tail',
			stream,
			'--from',
			'trim-horizon',
			'--json',
			'--endpoint-url',
			endpoint,
		]);
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		await vi.waitFor(() => expect(stdout.split('\n').length).toBeGreaterThan(2), within);
		child.kill('SIGINT');
		expect(await exited).toBe(0);
	});

	it('ends quietly when whoever reads its output stops (| head)', async () => {
		const child = startCli([
			'tail',
			stream,
			'--from',
			'trim-horizon',
			'--json',
			'--endpoint-url',
			endpoint,
		]);
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
		child.stdout.destroy();
		// The tail finds out at its next write, as any program does.
		let ended = false;
		void exited.then(() => {
			ended = true;
		});
		await vi.waitFor(
			async () => {
				if (!ended) {
					await put([{partitionKey: 'more', data: new TextEncoder().encode('more')}]);
				}
				expect(ended).toBe(true);
			},
			{timeout: 60_000, interval: 300},
		);
		expect(await exited).toBe(0);
		expect(stderr).toBe('');
	});

	it.each([
		[
			['--shard', 'shardId-000000000042'],
			2,
			/has no shard "shardId-000000000042"\. Its shards: shardId-000000000000\./,
		],
		[['--from', 'at-sequence:12'], 2, /No shard of "\S+" holds the sequence number 12 /],
	])('refuses %j with a clear message', async (flags, code, message) => {
		const result = await runCli(['tail', stream, ...flags, '--endpoint-url', endpoint]);
		expect(result.code).toBe(code);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(message);
	});

	it('says when the stream is not there, with exit code 1', async () => {
		const result = await runCli(['tail', 'no-such-stream-here', '--endpoint-url', endpoint]);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toMatch(/^kinesis-explorer: Stream "no-such-stream-here" not found/);
	});
});
