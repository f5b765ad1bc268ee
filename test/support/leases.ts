/**
 * Lease rows as each KCL version writes them (the attribute names of its serializer), for tables the
 * tests make. Values are plain: numbers, strings, Sets of strings (string sets, SS).
 */

export type LeaseFixture = {
	shardId: string;
	owner?: string;
	counter?: number;
	/** A sequence number, or TRIM_HORIZON, LATEST, SHARD_END, AT_TIMESTAMP. */
	checkpoint: string;
	parents?: string[];
};

/** KCL 1.x (KinesisClientLeaseSerializer): no hash keys, no children. */
export function kcl1Lease(lease: LeaseFixture): Record<string, unknown> {
	return {
		leaseKey: lease.shardId,
		...(lease.owner ? {leaseOwner: lease.owner} : {}),
		leaseCounter: lease.counter ?? 1,
		ownerSwitchesSinceCheckpoint: 0,
		checkpoint: lease.checkpoint,
		checkpointSubSequenceNumber: 0,
		...(lease.parents?.length ? {parentShardId: new Set(lease.parents)} : {}),
	};
}

/** KCL 2.x (DynamoDBLeaseSerializer): the hash key range too, and a pending checkpoint. */
export function kcl2Lease(
	lease: LeaseFixture & {children?: string[]; pendingCheckpoint?: string},
): Record<string, unknown> {
	return {
		...kcl1Lease(lease),
		startingHashKey: '0',
		endingHashKey: '340282366920938463463374607431768211455',
		...(lease.children?.length ? {childShardIds: new Set(lease.children)} : {}),
		...(lease.pendingCheckpoint ? {pendingCheckpoint: lease.pendingCheckpoint} : {}),
	};
}

/** KCL 3.x: throughput and the checkpoint owner of a handover; 3.5 marks its rows with entityType. */
export function kcl3Lease(
	lease: LeaseFixture & {checkpointOwner?: string; entityType?: boolean},
): Record<string, unknown> {
	return {
		...kcl2Lease(lease),
		throughputKBps: 12.5,
		...(lease.checkpointOwner ? {checkpointOwner: lease.checkpointOwner} : {}),
		...(lease.entityType ? {entityType: 'LEASE'} : {}),
	};
}

/** A multi-stream lease: the key `account:stream:creationEpoch:shardId`, the parts written apart. */
export function multiStreamLease(stream: string, lease: LeaseFixture): Record<string, unknown> {
	const identifier = `123456789012:${stream}:1700000000`;
	return {
		...kcl2Lease(lease),
		leaseKey: `${identifier}:${lease.shardId}`,
		streamName: identifier,
		shardId: lease.shardId,
	};
}
