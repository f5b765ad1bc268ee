import {describe, expect, it} from 'vitest';
import {admit, emptyRoom, type RequestRoom} from '../../source/model/request-room.js';
import {
	DEFAULT_MAX_RECORD_BYTES,
	MAX_RECORD_BYTES,
	MAX_RECORDS_PER_REQUEST,
	MAX_REQUEST_BYTES,
	partitionKeyProblem,
	recordBytes,
	recordSizeProblem,
	sequenceNumberProblem,
} from '../../source/model/record-limits.js';

/** Fills requests in order as putMany does: the sizes of each request's records. */
function requests(sizes: readonly number[]): number[][] {
	const all: number[][] = [];
	let batch: number[] = [];
	let room: RequestRoom = emptyRoom;
	for (const size of sizes) {
		let next = admit(room, size);
		if (!next) {
			all.push(batch);
			batch = [];
			next = admit(emptyRoom, size) as RequestRoom;
		}
		room = next;
		batch.push(size);
	}
	if (batch.length > 0) {
		all.push(batch);
	}
	return all;
}

describe('PutRecords requests', () => {
	it('hold at most 500 records', () => {
		const batches = requests(Array.from({length: 1201}, () => 100));
		expect(batches.map((batch) => batch.length)).toEqual([500, 500, 201]);
		expect(MAX_RECORDS_PER_REQUEST).toBe(500);
	});

	it('hold at most 5 MiB, partition keys included', () => {
		const size = 1000 * 1000;
		const batches = requests(Array.from({length: 12}, () => size));
		expect(batches.map((batch) => batch.length)).toEqual([5, 5, 2]);
		for (const batch of batches) {
			expect(batch.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
		}
		expect(recordBytes({partitionKey: 'é', data: new Uint8Array(10)})).toBe(12);
	});

	it('take a record exactly at 1 MiB with others, and one above it alone', () => {
		expect(requests([10, DEFAULT_MAX_RECORD_BYTES, 10]).map((b) => b.length)).toEqual([3]);
		expect(requests([10, DEFAULT_MAX_RECORD_BYTES + 1, 10]).map((b) => b.length)).toEqual([
			1, 1, 1,
		]);
		expect(requests([MAX_RECORD_BYTES, MAX_RECORD_BYTES])).toEqual([
			[MAX_RECORD_BYTES],
			[MAX_RECORD_BYTES],
		]);
	});
});

describe('record limits', () => {
	it('take a record at the size limit and refuse one above it, saying how large it is', () => {
		const at = {partitionKey: 'k', data: new Uint8Array(MAX_RECORD_BYTES - 1)};
		expect(recordSizeProblem(at)).toBeUndefined();
		expect(recordSizeProblem({partitionKey: 'kk', data: at.data})).toBe(
			'The record is 10.0 MiB with its partition key; Kinesis takes at most 10.0 MiB.',
		);
	});

	it('take partition keys of 1 to 256 characters', () => {
		expect(partitionKeyProblem('x')).toBeUndefined();
		expect(partitionKeyProblem('é'.repeat(256))).toBeUndefined();
		expect(partitionKeyProblem('')).toMatch(/1 to 256 characters; it is empty/);
		expect(partitionKeyProblem('x'.repeat(257))).toMatch(/this one has 257/);
	});

	it('take decimal sequence numbers for ordering', () => {
		expect(sequenceNumberProblem('49680449590783389227883817554122608057035345441763360786')).toBe(
			undefined,
		);
		expect(sequenceNumberProblem('0')).toBeUndefined();
		expect(sequenceNumberProblem('abc')).toMatch(/decimal number/);
		expect(sequenceNumberProblem('012')).toMatch(/decimal number/);
		expect(sequenceNumberProblem('1'.repeat(130))).toMatch(/decimal number/);
	});
});
