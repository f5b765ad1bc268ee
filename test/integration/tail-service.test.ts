import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {createTailService} from '../../source/services/tail/tail-service.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';

const within = {timeout: 60_000, interval: 50};

describe('the tail service behind the pane', () => {
	let client: KinesisClient;
	const stream = uniqueName('tail-service');

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 1});
		for (let batch = 0; batch < 3; batch++) {
			const outcomes = await putRecordBatch(
				client,
				stream,
				Array.from({length: 100}, (_, index) => ({
					partitionKey: `key-${index % 7}`,
					data: new TextEncoder().encode(`${batch * 100 + index} ${'x'.repeat(990)}`),
				})),
			);
			expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		}
	});
	afterAll(() => client.destroy());

	it('keeps the newest records up to its capacity, counting every one received', async () => {
		const service = createTailService(client, {capacity: 100, flushMs: 50});
		service.start({stream, position: {type: 'TRIM_HORIZON'}});
		await vi.waitFor(() => expect(service.getSnapshot().received).toBe(300), within);
		const {records, status, shards} = service.getSnapshot();
		expect(status).toBe('running');
		expect(records.size).toBe(100);
		const kept = records.slice(0, 100).map((record) => Number(record.preview.split(' ')[0]));
		expect(kept).toEqual(Array.from({length: 100}, (_, index) => 200 + index));
		// Ids are consecutive, oldest first: the pane finds a record by its distance from the oldest.
		expect(records.at(99)?.id).toBe((records.at(0)?.id ?? 0) + 99);
		await vi.waitFor(
			() => expect([...service.getSnapshot().shards.values()][0]?.state).toBe('caught-up'),
			within,
		);
		expect(shards.size).toBe(1);
		service.stop();
		expect(service.getSnapshot().status).toBe('idle');
		expect(service.getSnapshot().records.size).toBe(100);
	});

	it('keeps no more payload bytes than it is allowed, however few records that is', async () => {
		const service = createTailService(client, {capacity: 1000, maxBytes: 20_000, flushMs: 50});
		service.start({stream, position: {type: 'TRIM_HORIZON'}});
		await vi.waitFor(() => expect(service.getSnapshot().received).toBe(300), within);
		expect(service.getSnapshot().records.size).toBe(20);
		service.stop();
	});

	it('says why a tail cannot go on', async () => {
		const service = createTailService(client, {flushMs: 50});
		service.start({stream: uniqueName('missing'), position: {type: 'LATEST'}});
		await vi.waitFor(() => expect(service.getSnapshot().status).toBe('failed'), within);
		expect(service.getSnapshot().problem?.message).toMatch(/^Stream "missing-[0-9a-f]+" not found/);
	});
});
