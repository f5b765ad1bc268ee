import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {DEMO_STREAMS, demoRecord} from '../../source/local/demo-records.js';
import {seededRandom} from '../support/fault-proxy.js';

describe('demo records', () => {
	const random = seededRandom(7);
	const records = Array.from({length: 2000}, () =>
		demoRecord(random, new Date('2026-11-22T10:00:00Z')),
	);
	const decoder = new TextDecoder('utf8', {fatal: true});

	it('writes to every demo stream, clickstream most', () => {
		const count = (stream: string) => records.filter((record) => record.stream === stream).length;
		expect(new Set(records.map((record) => record.stream))).toEqual(
			new Set(Object.values(DEMO_STREAMS)),
		);
		expect(count(DEMO_STREAMS.clickstream)).toBeGreaterThan(count(DEMO_STREAMS.logs));
		expect(count(DEMO_STREAMS.logs)).toBeGreaterThan(count(DEMO_STREAMS.orders));
	});

	it('writes JSON click events keyed by user', () => {
		for (const record of records.filter((each) => each.stream === DEMO_STREAMS.clickstream)) {
			const event = JSON.parse(decoder.decode(record.data)) as {user: {id: string}; type: string};
			expect(record.partitionKey).toBe(event.user.id);
			expect(event.type).toMatch(/page_view|click|add_to_cart|purchase/);
		}
	});

	it('writes plain log lines and, now and then, gzip log batches', () => {
		const logs = records.filter((record) => record.stream === DEMO_STREAMS.logs);
		const gzipped = logs.filter((record) => record.data[0] === 0x1f && record.data[1] === 0x8b);
		expect(gzipped.length).toBeGreaterThan(0);
		expect(JSON.parse(gunzipSync(gzipped[0]!.data).toString('utf8'))).toMatchObject({
			messageType: 'DATA_MESSAGE',
		});
		const plain = logs.filter((record) => !gzipped.includes(record));
		expect(decoder.decode(plain[0]!.data)).toMatch(
			/^2026-11-22T10:00:00.000Z (INFO |WARN |ERROR) \[/,
		);
	});

	it('sends the occasional binary payload that is not text', () => {
		const binary = records.filter(
			(record) => record.stream === DEMO_STREAMS.orders && record.data[0] === 0xca,
		);
		expect(binary.length).toBeGreaterThan(0);
	});
});
