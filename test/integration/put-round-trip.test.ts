import {randomBytes} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {listShards} from '../../source/kinesis/shards.js';
import {hashKeyOf, shardForHashKey} from '../../source/model/hash-keys.js';
import {runCli} from '../support/cli.js';
import {aggregate} from '../support/kpl.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';

/**
 * `tail --json` and `put --file` make a round trip: the lines the tail writes, sent by put (from a
 * file, or on standard input), are the same bytes with the same partition keys, binary or not.
 */

const directory = mkdtempSync(path.join(tmpdir(), 'put-round-trip-'));

type Line = {
	shardId: string;
	partitionKey: string;
	explicitHashKey?: string;
	data: string;
	encoding: 'utf8' | 'base64';
};

/** The records a stream's tail --json writes, as partition key, encoding and data: a bag to compare. */
const bag = (lines: readonly Line[]) =>
	lines.map((line) => JSON.stringify([line.partitionKey, line.encoding, line.data])).sort();

describe('tail --json, then put --file of its lines', () => {
	let client: KinesisClient;
	const endpoint = localSettings().endpoint ?? '';
	const source = uniqueName('round-source');
	let sourceLines: Line[] = [];
	let sourceText = '';
	const hashKey = (2n ** 127n + 12_345n).toString();

	const tailAll = async (stream: string) => {
		const result = await runCli([
			'tail',
			stream,
			'--from',
			'trim-horizon',
			'--until',
			'now',
			'--json',
			'--endpoint-url',
			endpoint,
		]);
		expect(result).toMatchObject({code: 0, stderr: ''});
		return {
			text: result.stdout,
			lines: result.stdout
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as Line),
		};
	};

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: source, shardCount: 3});
		const every = Buffer.from(Array.from({length: 256}, (_, byte) => byte));
		const records = [
			{partitionKey: 'every-byte', data: every},
			{partitionKey: 'random', data: randomBytes(4096)},
			{partitionKey: 'not-utf8', data: Buffer.from([0x68, 0x69, 0xc3, 0x28])},
			{partitionKey: 'nul', data: Buffer.from('a\u0000b')},
			{partitionKey: 'gzip', data: gzipSync('{"zipped":true}')},
			{partitionKey: 'escape', data: Buffer.from('\u001b]0;owned\u0007\u001b[2J\u009b31m')},
			{partitionKey: 'json', data: Buffer.from('{"user":{"id":42},"text":"ünïcödé ✓"}')},
			{partitionKey: 'newlines', data: Buffer.from('line one\nline two\r\n')},
			{partitionKey: 'key with spaces ✓ \u001b[1m', data: Buffer.from('odd key')},
			...Array.from({length: 60}, (_, index) => ({
				partitionKey: `bulk-${index}`,
				data: index % 2 === 0 ? randomBytes(64 + index) : Buffer.from(`text ${index}`),
			})),
			// A KPL aggregate: its sub-records come out of the tail, one with an explicit hash key.
			{
				partitionKey: 'aggregate',
				data: aggregate([
					{partitionKey: 'sub-a', data: 'first'},
					{partitionKey: 'sub-b', data: Buffer.from([0xff, 0xfe]), explicitHashKey: hashKey},
				]),
			},
		];
		const outcomes = await putRecordBatch(client, source, records);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		({text: sourceText, lines: sourceLines} = await tailAll(source));
		expect(sourceLines).toHaveLength(records.length + 1);
	});
	afterAll(() => client.destroy());

	it.each([
		['from a file', 'file'],
		['on standard input', 'stdin'],
	])('sends the same bytes with the same keys %s', async (_, how) => {
		const target = uniqueName('round-target');
		await createActiveStream(client, {name: target, shardCount: 2});
		let result;
		if (how === 'file') {
			const file = path.join(directory, `${target}.ndjson`);
			writeFileSync(file, sourceText);
			result = await runCli(['put', target, '--file', file, '--endpoint-url', endpoint]);
		} else {
			result = await runCli(['put', target, '--file', '-', '--endpoint-url', endpoint], {
				input: sourceText,
			});
		}
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(
			new RegExp(`^Sent ${sourceLines.length} records to ${target} in `),
		);
		const targetLines = (await tailAll(target)).lines;
		expect(bag(targetLines)).toEqual(bag(sourceLines));
		// Binary data stays binary, text stays text.
		const every = targetLines.find((line) => line.partitionKey === 'every-byte');
		expect(Buffer.from(every!.data, 'base64')).toEqual(
			Buffer.from(Array.from({length: 256}, (_, byte) => byte)),
		);
		// The sub-record's explicit hash key placed it where the KPL had it go.
		const shards = await listShards(client, target);
		const placed = targetLines.find((line) => line.partitionKey === 'sub-b');
		const owner = shardForHashKey(shards, BigInt(hashKey));
		expect(placed?.shardId).toBe(owner?.shardId);
		const keyed = targetLines.find((line) => line.partitionKey === 'bulk-1');
		const keyOwner = shardForHashKey(shards, hashKeyOf('bulk-1'));
		expect(keyed?.shardId).toBe(keyOwner?.shardId);
	});

	it('checks every line before sending any, standard input too', async () => {
		const target = uniqueName('round-bad');
		await createActiveStream(client, {name: target, shardCount: 1});
		const broken = `${sourceText}{"partitionKey":"k","data":"%%%","encoding":"base64"}\n`;
		const result = await runCli(['put', target, '--file', '-', '--endpoint-url', endpoint], {
			input: broken,
		});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(
			`  stdin:${sourceLines.length + 1}: The line says its data is base64, and it is not.\n`,
		);
		expect((await tailAll(target)).lines).toEqual([]);
	});
});
