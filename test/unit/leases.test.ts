import {describe, expect, it} from 'vitest';
import {isLeaseTableKey, ItemNumber, parseLeaseRow} from '../../source/model/leases.js';

/** Rows as the lease table reader hands them over: numbers as ItemNumbers, string sets as Sets. */
const n = (value: number | string) => new ItemNumber(String(value));

describe('KCL lease rows', () => {
	it('reads a KCL 1.x row: key, owner, counter, checkpoint and its sub-sequence number, parents', () => {
		expect(
			parseLeaseRow({
				leaseKey: 'shardId-000000000002',
				leaseOwner: 'host-1',
				leaseCounter: n('9007199254740993'),
				ownerSwitchesSinceCheckpoint: n(2),
				checkpoint: '49590338271490256608559692538361571095921575989136588898',
				checkpointSubSequenceNumber: n(3),
				parentShardId: new Set(['shardId-000000000000']),
			}),
		).toEqual({
			kind: 'lease',
			lease: {
				leaseKey: 'shardId-000000000002',
				shardId: 'shardId-000000000002',
				stream: undefined,
				owner: 'host-1',
				// A Java long, past what a JavaScript number holds: kept whole.
				counter: 9_007_199_254_740_993n,
				checkpoint: {
					kind: 'sequence',
					sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
					subSequenceNumber: 3,
				},
				pendingCheckpoint: undefined,
				ownerSwitchesSinceCheckpoint: 2n,
				parentShardIds: ['shardId-000000000000'],
				childShardIds: [],
				hashKeyRange: undefined,
				throughputKBps: undefined,
				checkpointOwner: undefined,
			},
		});
	});

	it('reads KCL 2.x and 3.x attributes: hash keys, children (and their older name), throughput, checkpoint owner', () => {
		const row = parseLeaseRow({
			leaseKey: 'shardId-000000000000',
			leaseCounter: n(1),
			checkpoint: 'SHARD_END',
			childShardId: new Set(['shardId-000000000004', 'shardId-000000000003']),
			startingHashKey: '0',
			endingHashKey: '170141183460469231731687303715884105727',
			throughputKBps: n('12.5'),
			checkpointOwner: 'w-2',
			pendingCheckpoint: '123',
		});
		expect(row).toMatchObject({
			kind: 'lease',
			lease: {
				owner: undefined,
				checkpoint: {kind: 'SHARD_END'},
				childShardIds: ['shardId-000000000003', 'shardId-000000000004'],
				hashKeyRange: {start: 0n, end: 2n ** 127n - 1n},
				throughputKBps: 12.5,
				checkpointOwner: 'w-2',
				pendingCheckpoint: '123',
			},
		});
	});

	it.each(['TRIM_HORIZON', 'LATEST', 'SHARD_END', 'AT_TIMESTAMP'])(
		'reads the sentinel %s',
		(text) => {
			expect(parseLeaseRow({leaseKey: 's', leaseCounter: n(0), checkpoint: text})).toMatchObject({
				lease: {checkpoint: {kind: text}},
			});
		},
	);

	it('reads a multi-stream lease from its attributes, or from its key alone', () => {
		const key = '123456789012:orders:1700000000:shardId-000000000001';
		expect(
			parseLeaseRow({
				leaseKey: key,
				leaseCounter: n(1),
				streamName: '123456789012:orders:1700000000',
				shardId: 'shardId-000000000001',
			}),
		).toMatchObject({lease: {leaseKey: key, stream: 'orders', shardId: 'shardId-000000000001'}});
		expect(parseLeaseRow({leaseKey: key, leaseCounter: n(1)})).toMatchObject({
			lease: {stream: 'orders', shardId: 'shardId-000000000001'},
		});
	});

	it('leaves out the rows KCL 3.5 marks as something other than a lease', () => {
		expect(parseLeaseRow({leaseKey: 'w', entityType: 'WORKER_METRICS'})).toEqual({kind: 'other'});
		expect(parseLeaseRow({leaseKey: 's', entityType: 'LEASE', leaseCounter: n(1)})).toMatchObject({
			kind: 'lease',
		});
	});

	it.each([
		[{leaseCounter: n(1)}, 'a row without a leaseKey'],
		[{leaseKey: 's'}, 'no leaseCounter'],
		[{leaseKey: 's', leaseCounter: n(1), checkpoint: 'yesterday'}, /neither a sequence number/],
		[{leaseKey: 'a:b', leaseCounter: n(1)}, /not account:stream:creationEpoch:shardId/],
	])('says why %j is not a lease', (item, reason) => {
		const row = parseLeaseRow(item);
		expect(row.kind).toBe('invalid');
		expect(row.kind === 'invalid' && row.reason).toMatch(reason);
	});

	it('knows a lease table by its key: leaseKey, a hash key, alone', () => {
		expect(isLeaseTableKey([{name: 'leaseKey', type: 'HASH'}])).toBe(true);
		expect(isLeaseTableKey([{name: 'id', type: 'HASH'}])).toBe(false);
		expect(
			isLeaseTableKey([
				{name: 'leaseKey', type: 'HASH'},
				{name: 'sort', type: 'RANGE'},
			]),
		).toBe(false);
	});
});
