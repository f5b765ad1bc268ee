import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {draftOf} from '../../source/model/put-draft.js';
import {toTailRecord} from '../../source/services/tail/tail-service.js';
import {
	defaultSavePath,
	FileExistsError,
	recordJson,
	SaveError,
	saveRecords,
} from '../../source/services/tail/record-export.js';
import {osc52} from '../../source/ui/clipboard.js';

const record = (data: Uint8Array, partitionKey = 'k') =>
	toTailRecord(
		{
			shardId: 'shardId-000000000001',
			sequenceNumber: '49600000000000000000000000000000000000000000000000000001',
			partitionKey,
			approximateArrivalTimestamp: new Date('2026-12-06T10:00:00.000Z'),
			data,
		},
		1,
	);

describe('records out of the tail', () => {
	it('writes a record as tail --json does, binary data as base64', () => {
		const text = JSON.parse(recordJson('s', record(new TextEncoder().encode('hi'))));
		expect(text).toMatchObject({stream: 's', partitionKey: 'k', data: 'hi', encoding: 'utf8'});
		const binary = JSON.parse(recordJson('s', record(new Uint8Array([0xff, 0x00, 0x1b]))));
		expect(binary).toMatchObject({data: '/wAb', encoding: 'base64'});
	});

	it('saves to a new file, replaces one only when told, and says why it cannot write', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'export-'));
		const file = path.join(directory, 'out.ndjson');
		const records = [record(new TextEncoder().encode('a')), record(new Uint8Array([0xff]))];
		expect(await saveRecords(file, 's', records)).toEqual({
			records: 2,
			bytes: readFileSync(file).length,
		});
		await expect(saveRecords(file, 's', records.slice(0, 1))).rejects.toBeInstanceOf(
			FileExistsError,
		);
		expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(2);
		await saveRecords(file, 's', records.slice(0, 1), {overwrite: true});
		expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(1);
		await expect(saveRecords(path.join(directory, 'none', 'x'), 's', records)).rejects.toEqual(
			new SaveError('no such directory'),
		);
		writeFileSync(path.join(directory, 'plain'), '');
		await expect(saveRecords(path.join(directory, 'plain', 'x'), 's', records)).rejects.toEqual(
			new SaveError('a part of the path is not a directory'),
		);
	});

	it('names the file by the stream and the UTC time, a name from elsewhere made safe', () => {
		const now = new Date('2026-12-06T10:11:12.345Z');
		expect(defaultSavePath('orders', now)).toBe('orders-2026-12-06T101112Z.ndjson');
		expect(defaultSavePath('../x/\u001b]0', now)).toBe('.._x___0-2026-12-06T101112Z.ndjson');
	});

	it('sends a record again with the same bytes: text as text, the rest as base64', () => {
		expect(draftOf({partitionKey: 'p', data: new TextEncoder().encode('{"a":1}')})).toMatchObject({
			partitionKey: 'p',
			data: '{"a":1}',
			format: 'text',
		});
		expect(
			draftOf({partitionKey: 'p', data: new Uint8Array([0xff]), explicitHashKey: '7'}),
		).toMatchObject({
			data: '/w==',
			format: 'base64',
			explicitHashKey: '7',
		});
	});

	it('puts bytes on the clipboard with OSC 52', () => {
		expect(osc52(new TextEncoder().encode('hi'))).toBe('\u001b]52;c;aGk=\u0007');
	});
});
