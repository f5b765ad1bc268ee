import {describe, expect, it} from 'vitest';
import {
	type BulkRecord,
	createSendQueue,
	type QueuedRecord,
	type SendQueue,
} from '../../source/model/send-queue.js';

const backoff = {baseMs: 100, maxMs: 1000, random: () => 1};
const landing = {shardId: 'shardId-000000000000', sequenceNumber: '1'};

function record(partitionKey: string, line: number): BulkRecord {
	return {partitionKey, data: Buffer.from(`${partitionKey}${line}`), line};
}

function queueOf(ordered: boolean, maxAttempts = 5): SendQueue {
	return createSendQueue({ordered, maxAttempts, backoff});
}

/** The lines of the records the queue lets go now, each taken as it would be sent. */
function takeAll(queue: SendQueue, now = 0): QueuedRecord[] {
	const taken: QueuedRecord[] = [];
	for (let queued = queue.take(now); queued; queued = queue.take(now)) {
		taken.push(queued);
	}
	queue.sending(taken);
	return taken;
}

const lines = (taken: readonly QueuedRecord[]) => taken.map((queued) => queued.record.line);

describe('the send queue in ordered mode', () => {
	it('lets one record of a key out at a time; other keys go alongside', () => {
		const queue = queueOf(true);
		const a1 = queue.add(record('a', 1)) as QueuedRecord;
		expect(queue.add(record('a', 2))).toBeUndefined();
		const b3 = queue.add(record('b', 3)) as QueuedRecord;
		expect(lines([a1, b3])).toEqual([1, 3]);
		queue.sending([a1, b3]);
		expect(takeAll(queue)).toEqual([]);
		expect(queue.isEmpty()).toBe(true);
	});

	it("releases a key's next record once the one before is in", () => {
		const queue = queueOf(true);
		const a1 = queue.add(record('a', 1)) as QueuedRecord;
		queue.add(record('a', 2));
		queue.add(record('a', 3));
		queue.sending([a1]);
		expect(queue.landed(a1, landing)).toMatchObject({ok: true, attempts: 1, record: {line: 1}});
		const [a2] = takeAll(queue);
		expect(lines([a2 as QueuedRecord])).toEqual([2]);
		queue.landed(a2 as QueuedRecord, landing);
		expect(lines(takeAll(queue))).toEqual([3]);
	});

	it('holds the next record while the one before waits to be sent again, and releases it once that fails for good', () => {
		const queue = queueOf(true);
		const a1 = queue.add(record('a', 1)) as QueuedRecord;
		queue.add(record('a', 2));
		queue.sending([a1]);
		expect(queue.failed(a1, 'Throttled', {retryable: true}, 0)).toBeUndefined();
		expect(takeAll(queue, 50)).toEqual([]);
		expect(lines(takeAll(queue, 100))).toEqual([1]);
		expect(queue.failed(a1, 'KMSAccessDeniedException: no', {retryable: false}, 100)).toEqual({
			record: a1.record,
			ok: false,
			error: 'KMSAccessDeniedException: no (after 2 attempts)',
			attempts: 2,
			resentAfterTimeout: false,
		});
		expect(lines(takeAll(queue, 100))).toEqual([2]);
	});

	it('stops taking records from the source when too many have no result yet', () => {
		const queue = queueOf(true);
		const first = queue.add(record('hot', 0)) as QueuedRecord;
		for (let line = 1; line < 20_000; line++) {
			queue.add(record('hot', line));
		}
		expect(queue.hasRoom()).toBe(false);
		queue.sending([first]);
		queue.landed(first, landing);
		expect(queue.hasRoom()).toBe(true);
		expect(queue.unsettled()).toBe(19_999);
	});
});

describe('the send queue', () => {
	it('lets every record go at once when order does not matter', () => {
		const queue = queueOf(false);
		const added = [1, 2, 3].map((line) => queue.add(record('a', line)));
		expect(lines(added as QueuedRecord[])).toEqual([1, 2, 3]);
	});

	it('sends a failed record again after a backoff that grows with its attempts', () => {
		const queue = queueOf(false);
		const a1 = queue.add(record('a', 1)) as QueuedRecord;
		queue.sending([a1]);
		queue.failed(a1, 'Throttled', {retryable: true}, 1000);
		expect(queue.nextRetryAt()).toBe(1100);
		expect(queue.isEmpty()).toBe(false);
		expect(takeAll(queue, 1099)).toEqual([]);
		expect(lines(takeAll(queue, 1100))).toEqual([1]);
		queue.failed(a1, 'Throttled', {retryable: true}, 2000);
		expect(queue.nextRetryAt()).toBe(2200);
	});

	it('marks a record whose call ran out of time, and sends it again', () => {
		const queue = queueOf(false);
		const a1 = queue.add(record('a', 1)) as QueuedRecord;
		queue.sending([a1]);
		expect(queue.failed(a1, 'TimeoutError', {retryable: true, timedOut: true}, 0)).toBeUndefined();
		const [again] = takeAll(queue, 100);
		expect(again).toBe(a1);
		expect(queue.landed(a1, landing)).toMatchObject({
			ok: true,
			attempts: 2,
			resentAfterTimeout: true,
		});
	});

	it('does not mark a record whose call ran out of time and that was never sent again', () => {
		const queue = queueOf(false, 1);
		const a1 = queue.add(record('a', 1)) as QueuedRecord;
		queue.sending([a1]);
		expect(queue.failed(a1, 'TimeoutError', {retryable: true, timedOut: true}, 0)).toMatchObject({
			ok: false,
			error: 'TimeoutError',
			resentAfterTimeout: false,
		});
	});

	it('turns the last attempt into a final error', () => {
		const queue = queueOf(false, 3);
		const a1 = queue.add(record('a', 1)) as QueuedRecord;
		const reason = 'ProvisionedThroughputExceededException: slow down';
		queue.sending([a1]);
		expect(queue.failed(a1, reason, {retryable: true}, 0)).toBeUndefined();
		expect(takeAll(queue, 1000)).toEqual([a1]);
		expect(queue.failed(a1, reason, {retryable: true}, 1000)).toBeUndefined();
		expect(takeAll(queue, 2000)).toEqual([a1]);
		expect(queue.failed(a1, reason, {retryable: true}, 2000)).toMatchObject({
			ok: false,
			error: `${reason} (after 3 attempts)`,
			attempts: 3,
		});
		expect(queue.isEmpty()).toBe(true);
		expect(queue.unsettled()).toBe(0);
	});

	it('sends the records of a refused request again one a request, without counting the refusal as a try', () => {
		const queue = queueOf(false);
		const batch = [1, 2, 3].map((line) => queue.add(record('a', line)) as QueuedRecord);
		queue.sending(batch);
		expect(queue.refused(batch, 'ValidationException: too large')).toBeUndefined();
		const again = takeAll(queue);
		expect(lines(again)).toEqual([1, 2, 3]);
		expect(again.every((queued) => queued.alone && queued.attempts === 1)).toBe(true);
		expect(queue.refused([again[1] as QueuedRecord], 'ValidationException: too large')).toEqual({
			record: again[1]?.record,
			ok: false,
			error: 'ValidationException: too large',
			attempts: 1,
			resentAfterTimeout: false,
		});
	});

	it('lets a record put back go first, before a retry that is due', () => {
		const queue = queueOf(false);
		const a1 = queue.add(record('a', 1)) as QueuedRecord;
		const b2 = queue.add(record('b', 2)) as QueuedRecord;
		queue.sending([a1]);
		queue.failed(a1, 'Throttled', {retryable: true}, 0);
		queue.putBack(b2);
		expect(lines(takeAll(queue, 1000))).toEqual([2, 1]);
	});
});
