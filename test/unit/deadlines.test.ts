import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describe, expect, it} from 'vitest';
import {
	configureDeadlines,
	DEADLINES,
	deadlineOf,
	UPLOAD_MS_PER_MIB,
} from '../../source/kinesis/deadlines.js';

const MiB = 1024 * 1024;
const client = {} as KinesisClient;
const record = (bytes: number) => ({PartitionKey: 'k', Data: new Uint8Array(bytes)});

describe('the deadline of a call', () => {
	it('is the table’s for reads, lists and describes', () => {
		expect(deadlineOf(client, 'GetRecords', {ShardIterator: 'x'})).toBe(DEADLINES.GetRecords);
		expect(deadlineOf(client, 'ListShards', {})).toBe(DEADLINES.other);
	});

	it('gives a put the time to carry its records up the link, as many MiB as it holds', () => {
		expect(deadlineOf(client, 'PutRecord', record(10))).toBe(DEADLINES.PutRecord);
		const full = {Records: Array.from({length: 5}, () => record(MiB - 1))};
		expect(deadlineOf(client, 'PutRecords', full)).toBe(
			DEADLINES.PutRecords + 5 * UPLOAD_MS_PER_MIB,
		);
		expect(deadlineOf(client, 'PutRecord', record(10 * MiB - 1))).toBe(
			DEADLINES.PutRecord + 10 * UPLOAD_MS_PER_MIB,
		);
	});

	it('takes a client’s own table where it was given one', () => {
		const quick = {} as KinesisClient;
		configureDeadlines(quick, {deadlines: {PutRecords: 500}});
		expect(deadlineOf(quick, 'PutRecords', {Records: [record(10)]})).toBe(500);
		expect(deadlineOf(quick, 'GetRecords', {})).toBe(DEADLINES.GetRecords);
	});
});
