import {createHash} from 'node:crypto';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {decodePayload, payloadLabel} from '../../source/model/payload.js';
import {deaggregate} from '../../source/model/kpl.js';
import {hexDump} from '../../source/format/hex.js';
import type {KinesisRecord, UserRecord} from '../../source/model/records.js';
import {ndjsonLine} from '../../source/format/ndjson.js';
import {prettyJson} from '../../source/format/json-tones.js';
import {previewLine} from '../../source/format/preview.js';
import {safeJson, sanitizeLine, sanitizeText} from '../../source/format/sanitize.js';
import {aggregate, aggregateBody, MAGIC} from '../support/kpl.js';

const hostile = '\u001b]0;owned\u0007\u001b[2J\u001b[31mred';

describe('terminal sanitising', () => {
	it('turns escape sequences into inert, visible text', () => {
		const safe = sanitizeLine(hostile);
		expect(safe).toBe('␛]0;owned␇␛[2J␛[31mred');
		expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
	});

	it.each([
		['C1 CSI (one byte)', '\u009b31m', '\\u{9b}31m'],
		['DCS', '\u001bPq#0;2;0;0;0\u001b\\', '␛Pq#0;2;0;0;0␛\\'],
		['DEL and NUL', 'a\u007fb\u0000', 'a␡b␀'],
		['bidirectional override', 'abc\u202Edef', 'abc\\u{202e}def'],
		['line breaks on one line', 'a\r\nb\tc', 'a␍␊b␉c'],
	])('escapes %s', (_, input, expected) => {
		expect(sanitizeLine(input)).toBe(expected);
	});

	it('keeps line breaks in multi-line text, but not carriage returns or escapes', () => {
		expect(sanitizeText('a\nb\r\n\tc\u001b[1A')).toBe('a\nb␍\n  c␛[1A');
	});

	it('leaves ordinary text, wide characters and emoji alone', () => {
		expect(sanitizeLine('clickstream — 日本語 🚀')).toBe('clickstream — 日本語 🚀');
	});

	it('writes JSON that stays JSON and carries no raw control character', () => {
		const value = {name: `a${hostile}\u0085\u2028\u202e`};
		const text = safeJson(value);
		expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
		expect(JSON.parse(text)).toEqual(value);
	});
});

describe('KPL deaggregation', () => {
	const base: KinesisRecord = {
		shardId: 'shardId-000000000001',
		sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
		partitionKey: 'aggregate-key',
		approximateArrivalTimestamp: new Date('2024-05-01T12:00:00.000Z'),
		data: new Uint8Array(),
	};

	it('splits an aggregate into its sub-records, each with its own partition key and hash key', () => {
		const data = aggregate([
			{partitionKey: 'user-1', data: '{"n":1}'},
			{partitionKey: 'user-2', data: 'two', explicitHashKey: '12345'},
			{partitionKey: 'user-1', data: Uint8Array.of(0, 1, 2)},
		]);
		const records = deaggregate({...base, data});
		expect(records.map((record) => record.partitionKey)).toEqual(['user-1', 'user-2', 'user-1']);
		expect(records.map((record) => record.subSequenceNumber)).toEqual([0, 1, 2]);
		expect(records.map((record) => record.explicitHashKey)).toEqual([
			undefined,
			'12345',
			undefined,
		]);
		expect(records.map((record) => Buffer.from(record.data).toString('hex'))).toEqual([
			Buffer.from('{"n":1}').toString('hex'),
			Buffer.from('two').toString('hex'),
			'000102',
		]);
		expect(records.every((record) => record.sequenceNumber === base.sequenceNumber)).toBe(true);
		expect(records.every((record) => record.warning === undefined)).toBe(true);
	});

	it('leaves a record that is not an aggregate as it is', () => {
		const record = {...base, data: new TextEncoder().encode('plain')};
		expect(deaggregate(record)).toEqual([record]);
	});

	it.each([
		[
			'a wrong MD5',
			(data: Buffer) => Buffer.concat([data.subarray(0, -1), Buffer.from([data.at(-1)! ^ 0xff])]),
			/MD5 does not match/,
		],
		[
			'a flipped body byte',
			(data: Buffer) => {
				const copy = Buffer.from(data);
				copy[8] = (copy[8] ?? 0) ^ 0x55;
				return copy;
			},
			/MD5 does not match/,
		],
		['only the magic', () => Buffer.from(MAGIC), /too short/],
		[
			'a body that is not protobuf, with a right MD5',
			() => {
				const body = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]);
				return Buffer.concat([MAGIC, body, createHash('md5').update(body).digest()]);
			},
			/cannot be read \(a length runs past the end\)/,
		],
		[
			'a sub-record pointing past the key table, with a right MD5',
			() => {
				const body = Buffer.concat([
					aggregateBody([{partitionKey: 'a', data: 'x'}]),
					// A second record whose partition key index is 7 in a table of one key.
					Buffer.from([0x1a, 0x05, 0x08, 0x07, 0x1a, 0x01, 0x79]),
				]);
				return Buffer.concat([MAGIC, body, createHash('md5').update(body).digest()]);
			},
			/without its partition key/,
		],
	])(
		'shows an aggregate with %s whole, with a warning, never dropping it',
		(_, corrupt, warning) => {
			const data = corrupt(
				aggregate([
					{partitionKey: 'a', data: 'x'},
					{partitionKey: 'b', data: 'y'},
				]),
			);
			const records = deaggregate({...base, data});
			expect(records).toHaveLength(1);
			expect(records[0]?.data).toBe(data);
			expect(records[0]?.partitionKey).toBe('aggregate-key');
			expect(records[0]?.warning).toMatch(warning);
		},
	);
});

describe('decoding payloads', () => {
	const bytes = (text: string) => new TextEncoder().encode(text);

	it('tells JSON from text, and both from bytes', () => {
		expect(decodePayload(bytes('{"a": [1, 2]}'))).toEqual({
			kind: 'json',
			text: '{"a": [1, 2]}',
			gzip: false,
		});
		expect(decodePayload(bytes('  [1]\n'))).toMatchObject({kind: 'json'});
		expect(decodePayload(bytes('{not json'))).toMatchObject({kind: 'text', text: '{not json'});
		expect(decodePayload(bytes('42'))).toMatchObject({kind: 'text'});
		expect(decodePayload(bytes('héllo 日本'))).toMatchObject({kind: 'text', text: 'héllo 日本'});
		expect(decodePayload(Uint8Array.of(0xff, 0xfe, 0x41))).toMatchObject({
			kind: 'binary',
			gzip: false,
		});
		expect(decodePayload(Uint8Array.of(0x41, 0x00, 0x42))).toMatchObject({kind: 'binary'});
		expect(decodePayload(bytes(hostile))).toMatchObject({kind: 'text', text: hostile});
	});

	it('unpacks gzip, as CloudWatch Logs subscriptions send it', () => {
		const json = '{"messageType":"DATA_MESSAGE","logEvents":[]}';
		expect(decodePayload(gzipSync(json))).toEqual({kind: 'json', text: json, gzip: true});
		expect(decodePayload(gzipSync('a log line'))).toEqual({
			kind: 'text',
			text: 'a log line',
			gzip: true,
		});
		expect(decodePayload(gzipSync(Uint8Array.of(0, 159, 146)))).toMatchObject({
			kind: 'binary',
			gzip: true,
		});
		expect(decodePayload(Uint8Array.of(0x1f, 0x8b, 1, 2, 3))).toMatchObject({
			kind: 'binary',
			gzip: false,
			note: 'starts like gzip, but is not',
		});
	});

	it('labels payloads and previews them on one safe line', () => {
		expect(payloadLabel(decodePayload(gzipSync('{"a":1}')))).toBe('gz·json');
		expect(payloadLabel(decodePayload(Uint8Array.of(0xff)))).toBe('bytes');
		expect(previewLine(decodePayload(bytes('{\n  "a": 1,\n\t"b": "x"\n}')), 100)).toBe(
			'{ "a": 1, "b": "x" }',
		);
		expect(previewLine(decodePayload(bytes(hostile)), 100)).toBe('␛]0;owned␇␛[2J␛[31mred');
		expect(previewLine(decodePayload(bytes('x'.repeat(500))), 10)).toBe('x'.repeat(10));
		expect(previewLine(decodePayload(Uint8Array.of(0xca, 0xfe, 0xff, 0x00, 0x10)), 9)).toBe(
			'ca fe ff …',
		);
	});

	it('dumps bytes as hex with their printable ASCII', () => {
		const dump = hexDump(new TextEncoder().encode('Kinesis\u0000 records, hex dumped'));
		expect(dump).toEqual([
			'00000000  4b 69 6e 65 73 69 73 00  20 72 65 63 6f 72 64 73  |Kinesis. records|',
			'00000010  2c 20 68 65 78 20 64 75  6d 70 65 64              |, hex dumped|',
		]);
		expect(hexDump(new Uint8Array(100), 2)).toHaveLength(2);
	});

	it('lays out JSON pretty, coloured, keeping numbers as written and escapes inert', () => {
		const text = `{"id":12345678901234567890,"name":"a\\u001b[31mb${'\u009b'}","tags":[],"nested":{"ok":true,"list":[1,null]}}`;
		const lines = prettyJson(text).map((line) => line.map((segment) => segment.text).join(''));
		expect(lines).toEqual([
			'{',
			'  "id": 12345678901234567890,',
			'  "name": "a\\u001b[31mb\\u{9b}",',
			'  "tags": [],',
			'  "nested": {',
			'    "ok": true,',
			'    "list": [',
			'      1,',
			'      null',
			'    ]',
			'  }',
			'}',
		]);
		const tones = prettyJson('{"k":"v","n":-1.5e3,"b":false}')
			.flat()
			.filter((segment) => segment.tone)
			.map((segment) => `${segment.tone}:${segment.text}`);
		expect(tones).toEqual([
			'key:"k"',
			'string:"v"',
			'key:"n"',
			'number:-1.5e3',
			'key:"b"',
			'literal:false',
		]);
		expect(prettyJson('[1,2,3,4]', 2)).toHaveLength(2);
		for (const line of prettyJson(text)) {
			expect(line.map((segment) => segment.text).join('')).not.toMatch(
				/[\u0000-\u001f\u007f-\u009f]/,
			);
		}
	});
});

describe('tail --json lines', () => {
	const record: UserRecord = {
		shardId: 'shardId-000000000000',
		sequenceNumber: '4959',
		partitionKey: 'pk',
		approximateArrivalTimestamp: new Date('2024-05-01T12:00:00.000Z'),
		data: new TextEncoder().encode(hostile),
	};

	it('writes UTF-8 data as text, in the order of fields the design fixes, escapes inert', () => {
		const line = ndjsonLine('clicks', record);
		expect(line.endsWith('\n')).toBe(true);
		expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
		expect(Object.keys(JSON.parse(line))).toEqual([
			'stream',
			'shardId',
			'sequenceNumber',
			'partitionKey',
			'approximateArrivalTimestamp',
			'data',
			'encoding',
		]);
		expect(JSON.parse(line)).toEqual({
			stream: 'clicks',
			shardId: 'shardId-000000000000',
			sequenceNumber: '4959',
			partitionKey: 'pk',
			approximateArrivalTimestamp: '2024-05-01T12:00:00.000Z',
			data: hostile,
			encoding: 'utf8',
		});
	});

	it('writes other data as base64, and sub-records with their sub-sequence number and hash key', () => {
		const binary = {
			...record,
			data: Uint8Array.of(0xff, 0x00, 0xfe),
			subSequenceNumber: 2,
			explicitHashKey: '99',
		};
		const parsed = JSON.parse(ndjsonLine('clicks', binary)) as Record<string, unknown>;
		expect(parsed).toMatchObject({
			data: '/wD+',
			encoding: 'base64',
			subSequenceNumber: 2,
			explicitHashKey: '99',
		});
		expect(Object.keys(parsed)).toEqual([
			'stream',
			'shardId',
			'sequenceNumber',
			'subSequenceNumber',
			'partitionKey',
			'explicitHashKey',
			'approximateArrivalTimestamp',
			'data',
			'encoding',
		]);
	});
});
