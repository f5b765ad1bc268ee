import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {checkRecordFile} from '../../source/services/put/file-sender.js';
import {
	detectFormat,
	type FileItem,
	type RecordFileOptions,
	readRecordFile,
} from '../../source/services/put/record-file.js';
import {MAX_RECORD_BYTES} from '../../source/model/record-limits.js';

const directory = mkdtempSync(path.join(tmpdir(), 'record-file-'));
let files = 0;

function file(content: string | Buffer): string {
	const name = path.join(directory, `f${files++}`);
	writeFileSync(name, content);
	return name;
}

async function read(content: string | Buffer, options: Partial<RecordFileOptions> = {}) {
	const items: FileItem[] = [];
	for await (const item of readRecordFile(file(content), {key: {kind: 'random'}, ...options})) {
		items.push(item);
	}
	return items.map((item) =>
		'record' in item
			? {
					line: item.line,
					key: item.record.partitionKey,
					data: Buffer.from(item.record.data).toString('utf8'),
				}
			: item,
	);
}

describe('record files', () => {
	it('tell their format by their first character', async () => {
		expect(await detectFormat(file('\uFEFF  \n[{"a":1}]'))).toBe('json');
		expect(await detectFormat(file('{"a":1}\n'))).toBe('ndjson');
		expect(await detectFormat(file('hello\n'))).toBe('text');
	});

	it('read NDJSON a line at a time, with line numbers, keys from a field, bad lines named', async () => {
		const items = await read(
			'{"user":{"id":"u-1"},"n":1}\r\n\n  {"user":{"id":7}}  \n{"user":{}}\n{"user":{"id":"u-1"}\n[1]\n',
			{key: {kind: 'field', path: 'user.id'}},
		);
		expect(items).toEqual([
			{line: 1, key: 'u-1', data: '{"user":{"id":"u-1"},"n":1}'},
			{line: 3, key: '7', data: '{"user":{"id":7}}'},
			{line: 4, error: 'No field user.id for the partition key.'},
			{line: 5, error: expect.stringMatching(/^Not JSON: /)},
			{line: 6, error: 'No field user.id for the partition key.'},
		]);
	});

	it('read a JSON array an element at a time, compacted, each with the line it starts on', async () => {
		const items = await read(
			'[\n  {"id": "a", "text": "x, y ] }"},\n  {\n    "id": "b",\n    "n": 12345678901234567890\n  },\n  "plain", 3, null\n]\n',
			{key: {kind: 'fixed', key: 'k'}},
		);
		expect(items).toEqual([
			{line: 2, key: 'k', data: '{"id":"a","text":"x, y ] }"}'},
			{line: 3, key: 'k', data: '{"id":"b","n":12345678901234567890}'},
			{line: 7, key: 'k', data: '"plain"'},
			{line: 7, key: 'k', data: '3'},
			{line: 7, key: 'k', data: 'null'},
		]);
	});

	it('stop at a broken JSON array, saying where', async () => {
		expect(await read('[{"a":1}\n{"b":2}]')).toEqual([
			{line: 1, key: expect.any(String), data: '{"a":1}'},
			{line: 2, error: 'Expected , or ] after the element of line 1.', fatal: true},
		]);
		expect(await read('[1,\n2')).toEqual([
			{line: 1, key: expect.any(String), data: '1'},
			{line: 2, key: expect.any(String), data: '2'},
			{line: 2, error: 'The file ends before the array does (a ] is missing).', fatal: true},
		]);
		expect((await read('[{"a":1},]')).at(-1)).toEqual({
			line: 1,
			error: 'Expected an element of the array, found ].',
			fatal: true,
		});
	});

	it('read text a line at a time, blank lines skipped, bytes as they are', async () => {
		const items = await read(Buffer.from('one\r\n\ntwo ✓\nthree'), {format: 'text'});
		expect(items).toEqual([
			{line: 1, key: expect.stringMatching(/^[0-9a-f-]{36}$/), data: 'one'},
			{line: 3, key: expect.any(String), data: 'two ✓'},
			{line: 4, key: expect.any(String), data: 'three'},
		]);
		const keys = items.map((item) => ('key' in item ? item.key : undefined));
		expect(new Set(keys).size).toBe(3);
	});

	it('refuse an oversized record with its line number, without holding it', async () => {
		const big = 'x'.repeat(MAX_RECORD_BYTES + 10);
		expect(
			await read(`small\n${big}\nafter\n`, {format: 'text', key: {kind: 'fixed', key: 'k'}}),
		).toEqual([
			{line: 1, key: 'k', data: 'small'},
			{line: 2, error: 'The record is larger than Kinesis takes (10 MiB).'},
			{line: 3, key: 'k', data: 'after'},
		]);
		const atLimit = 'x'.repeat(MAX_RECORD_BYTES - 1);
		const items = await read(`${atLimit}\n`, {format: 'text', key: {kind: 'fixed', key: 'k'}});
		expect(items).toEqual([{line: 1, key: 'k', data: atLimit}]);
		const over = await read(`${atLimit}x\n`, {format: 'text', key: {kind: 'fixed', key: 'k'}});
		expect(over).toEqual([{line: 1, error: expect.stringMatching(/^The record is 10\.0 MiB/)}]);
	});

	it('are checked whole before anything is sent: counts, and the first bad lines', async () => {
		const lines = Array.from({length: 250}, (_, index) =>
			index % 2 === 0 ? `{"n":${index}}` : 'oops',
		);
		const check = await checkRecordFile(file(lines.join('\n')), {
			format: 'ndjson',
			key: {kind: 'random'},
		});
		expect(check.records).toBe(125);
		expect(check.invalidCount).toBe(125);
		expect(check.invalid).toHaveLength(100);
		expect(check.invalid[0]).toEqual({line: 2, error: expect.stringMatching(/^Not JSON/)});
		expect(check.broken).toBeUndefined();
	});

	it('take tail --json lines back: their bytes (base64 decoded), keys and explicit hash keys', async () => {
		const lines = [
			{stream: 's', partitionKey: 'k-text', data: '{"user":{"id":"u-9"}}', encoding: 'utf8'},
			{partitionKey: 'k-bytes', data: 'yv4A/w==', encoding: 'base64', explicitHashKey: '17'},
			{partitionKey: 'k-empty-line-data', data: '', encoding: 'utf8'},
			{partitionKey: 'k-bad', data: 'not base64!', encoding: 'base64'},
			{partitionKey: 'k-odd', data: 'abc', encoding: 'hex'},
			{partitionKey: 'k-hash', data: 'x', encoding: 'utf8', explicitHashKey: 'ten'},
			// Not a tail line (no encoding): sent whole, as any JSON record.
			{partitionKey: 'k-plain', data: 'x'},
		];
		const items: FileItem[] = [];
		const path = file(lines.map((line) => JSON.stringify(line)).join('\n'));
		for await (const item of readRecordFile(path, {key: {kind: 'random'}})) {
			items.push(item);
		}
		expect(items.map((item) => ('record' in item ? item.record : item))).toEqual([
			{partitionKey: 'k-text', data: Buffer.from('{"user":{"id":"u-9"}}')},
			{partitionKey: 'k-bytes', data: Buffer.from([0xca, 0xfe, 0x00, 0xff]), explicitHashKey: '17'},
			{partitionKey: 'k-empty-line-data', data: Buffer.alloc(0)},
			{line: 4, error: 'The line says its data is base64, and it is not.'},
			{line: 5, error: 'A tail --json line has the encoding utf8 or base64.'},
			{line: 6, error: expect.stringMatching(/^The line's explicitHashKey is not one/)},
			{
				partitionKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
				data: Buffer.from(JSON.stringify(lines[6])),
			},
		]);
	});

	it('give tail --json lines the key the flags ask for: a fixed one, or a field of their data', async () => {
		const line = JSON.stringify({partitionKey: 'own', data: '{"user":{"id":7}}', encoding: 'utf8'});
		expect(await read(`${line}\n`, {key: {kind: 'fixed', key: 'k'}})).toEqual([
			{line: 1, key: 'k', data: '{"user":{"id":7}}'},
		]);
		expect(await read(`${line}\n`, {key: {kind: 'field', path: 'user.id'}})).toEqual([
			{line: 1, key: '7', data: '{"user":{"id":7}}'},
		]);
	});

	it('refuse a key field for plain text', async () => {
		await expect(read('a\n', {format: 'text', key: {kind: 'field', path: 'x'}})).rejects.toThrow(
			/needs JSON records/,
		);
	});
});
