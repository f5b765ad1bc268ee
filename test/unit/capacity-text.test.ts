import {describe, expect, it} from 'vitest';
import {capacityJson} from '../../source/format/capacity-json.js';
import {capacityText} from '../../source/format/capacity-text.js';
import type {CapacityReport, ShardCapacity} from '../../source/model/capacity.js';
import {keySpaceStrip} from '../../source/model/key-space-strip.js';

const QUARTER = 2n ** 126n;
const from = new Date('2026-01-01T12:00:00.000Z');
const until = new Date('2026-01-01T12:05:00.000Z');

function shard(index: number, overrides: Partial<ShardCapacity> = {}): ShardCapacity {
	return {
		shardId: `shardId-00000000000${index}`,
		open: true,
		hashKeyRange: {start: BigInt(index) * QUARTER, end: (BigInt(index) + 1n) * QUARTER - 1n},
		records: 0,
		bytes: 0,
		recordsPerSecond: 0,
		bytesPerSecond: 0,
		peakRecordsPerSecond: 0,
		peakBytesPerSecond: 0,
		load: 0,
		trafficShare: 0,
		topKeys: [],
		unplaced: 0,
		...overrides,
	};
}

function report(shards: ShardCapacity[], overrides: Partial<CapacityReport> = {}): CapacityReport {
	return {
		from,
		until,
		onDemand: false,
		records: shards.reduce((sum, each) => sum + each.records, 0),
		bytes: shards.reduce((sum, each) => sum + each.bytes, 0),
		shards,
		mergeCandidates: [],
		strip: keySpaceStrip([{hashKey: 5n, records: 3, bytes: 30}], 8),
		...overrides,
	};
}

const hot = shard(2, {
	records: 1000,
	bytes: 100_000,
	recordsPerSecond: 1000 / 300,
	bytesPerSecond: 100_000 / 300,
	peakRecordsPerSecond: 600,
	peakBytesPerSecond: 60_000,
	load: 0.6,
	trafficShare: 0.7,
	hot: 'skew',
	topKeys: [
		{partitionKey: 'big\u001b[2Jcustomer', records: 710, share: 0.71},
		{partitionKey: 'small', records: 1, share: 0.001},
	],
	split: {hashKey: 123_456_789n, lowerShare: 0.77, lowerBytesShare: 0.76, weighedBy: 'records'},
});

describe('the capacity report for people', () => {
	it('heads with the stream and window, then each shard against its limits, hot ones said so', () => {
		const lines = capacityText('orders', report([hot, shard(0)]), 4).split('\n');
		expect(lines.slice(0, 4)).toEqual([
			'orders · provisioned · 5 min 0 s from 2026-01-01T12:00:00.000Z to 2026-01-01T12:05:00.000Z',
			'1,000 records · 97.7 KiB · 4 GetRecords calls',
			'Each shard takes 1,000 records/s and 1 MiB/s.',
			'',
		]);
		expect(lines[4]).toBe('shardId-000000000002  HOT: 70% of the records on 25% of the key space');
		expect(lines[5]).toBe(
			'  records/s  mean 3.33       busiest second 600        ████████████░░░░░░░░  60% of the limit',
		);
		// Keys from the stream are made safe for the terminal.
		expect(lines[7]).toBe('  top keys   "big␛[2Jcustomer" 71% · "small" 0.1%');
		expect(lines).toContain('shardId-000000000000');
		expect(lines.at(-2)).toBe('  █·······');
	});

	it('advises the split, and says why it is not nearer half when one key carries the shard', () => {
		const text = capacityText('orders', report([hot]), 1);
		expect(text).toContain(
			'  Split shardId-000000000002 at 123456789: 77% of its records (76% of its bytes) below, 23% (24%) above; weighed by records. That is as near to half as its keys allow: "big␛[2Jcustomer" alone carries 71% of its records.\n',
		);
	});

	it('names a key at its limit, merge candidates, on-demand, or that there is nothing to do', () => {
		const overLimit = shard(1, {
			hot: 'limit',
			keyOverLimit: {
				partitionKey: 'firehose',
				peakRecordsPerSecond: 45,
				peakBytesPerSecond: 4_718_592,
			},
		});
		expect(capacityText('s', report([overLimit]), 1)).toContain(
			`Key "firehose" takes shardId-000000000001's limit on its own (45 records, 4.5 MiB in its busiest second): no split can help`,
		);
		const merges = report([shard(0), shard(1)], {
			mergeCandidates: [['shardId-000000000000', 'shardId-000000000001']],
		});
		expect(capacityText('s', merges, 1)).toContain(
			'  Merge shardId-000000000000 and shardId-000000000001: both under 10% of their limits in their busiest second.\n',
		);
		const onDemand = capacityText('s', report([shard(0)], {onDemand: true}), 1);
		expect(onDemand).toMatch(/^s · on-demand · /);
		expect(onDemand).toContain('On-demand: Kinesis adds and removes this stream’s shards itself');
		expect(capacityText('s', report([shard(0)]), 1)).toContain(
			'  Nothing to do: no shard is hot, and no two neighbours are idle.\n',
		);
	});
});

describe('the capacity report for scripts', () => {
	it('is one object in the fixed shape: hash keys as decimal strings, shares as fractions', () => {
		const json = capacityJson(
			'orders',
			report([hot, shard(0)], {mergeCandidates: [['a', 'b']]}),
			4,
		);
		expect(json.endsWith('\n')).toBe(true);
		expect(json.trimEnd()).not.toContain('\n');
		expect(json).not.toContain('\u001b');
		expect(JSON.parse(json)).toEqual({
			stream: 'orders',
			from: '2026-01-01T12:00:00.000Z',
			until: '2026-01-01T12:05:00.000Z',
			records: 1000,
			bytes: 100_000,
			calls: 4,
			shards: [
				{
					shardId: 'shardId-000000000002',
					records: 1000,
					bytes: 100_000,
					recordsPerSecond: 1000 / 300,
					bytesPerSecond: 100_000 / 300,
					peakRecordsPerSecond: 600,
					peakBytesPerSecond: 60_000,
					hot: true,
					topKeys: [
						{partitionKey: 'big\u001b[2Jcustomer', records: 710, share: 0.71},
						{partitionKey: 'small', records: 1, share: 0.001},
					],
					split: {hashKey: '123456789', lowerShare: 0.77},
					keyOverLimit: null,
				},
				{
					shardId: 'shardId-000000000000',
					records: 0,
					bytes: 0,
					recordsPerSecond: 0,
					bytesPerSecond: 0,
					peakRecordsPerSecond: 0,
					peakBytesPerSecond: 0,
					hot: false,
					topKeys: [],
					split: null,
					keyOverLimit: null,
				},
			],
			mergeCandidates: [['a', 'b']],
		});
	});
});
