/**
 * KCL lease tables, as the Kinesis Client Library's own serializers write them (DynamoDBLeaseSerializer
 * and DynamoDBMultiStreamLeaseSerializer in KCL 2.x and 3.x, KinesisClientLeaseSerializer in 1.x):
 * one row a shard, keyed by `leaseKey`, in a table named after the application. The attribute names
 * are the KCL's; KCL 1.x writes a subset of KCL 2.x's, and KCL 3.x adds its own beside them.
 */

/**
 * A DynamoDB number, as its text: a lease counter is a Java long, past what a JavaScript number
 * holds exactly. The lease table reader unmarshals numbers into this.
 */
export class ItemNumber {
	constructor(readonly text: string) {}
}

/** A row of a DynamoDB table, unmarshalled: strings, ItemNumbers, sets, lists and maps. */
export type Item = Readonly<Record<string, unknown>>;

/** The sentinels the KCL writes in place of a sequence number. */
export const CHECKPOINT_SENTINELS = [
	'TRIM_HORIZON',
	'LATEST',
	'SHARD_END',
	'AT_TIMESTAMP',
] as const;
export type CheckpointSentinel = (typeof CHECKPOINT_SENTINELS)[number];

/** Where the application has read a shard to: after a sequence number, or one of the sentinels. */
export type Checkpoint =
	| {kind: 'sequence'; sequenceNumber: string; subSequenceNumber?: number}
	| {kind: CheckpointSentinel};

export type Lease = {
	/** The row's key: a shard id, or `account:stream:creationEpoch:shardId` in multi-stream mode. */
	leaseKey: string;
	shardId: string;
	/** The stream a multi-stream lease names; undefined in a single-stream application's table. */
	stream?: string;
	/** The worker that holds it; none while no worker has taken it. */
	owner?: string;
	/** Renewed (incremented) by the owner every few seconds while it lives. */
	counter: bigint;
	checkpoint?: Checkpoint;
	/** A checkpoint the application prepared and has not committed yet (two-phase checkpoints). */
	pendingCheckpoint?: string;
	ownerSwitchesSinceCheckpoint?: bigint;
	parentShardIds: readonly string[];
	childShardIds: readonly string[];
	hashKeyRange?: {start: bigint; end: bigint};
	/** KCL 3.x: the shard's throughput as the owner measured it. */
	throughputKBps?: number;
	/** KCL 3.x: the worker that checkpoints while the lease is handed over to `owner`. */
	checkpointOwner?: string;
};

/** A row read as a lease, a row of something else the KCL keeps there, or a row that is neither. */
export type LeaseRow =
	| {kind: 'lease'; lease: Lease}
	| {kind: 'other'}
	| {kind: 'invalid'; leaseKey?: string; reason: string};

/** The key every KCL lease table has, and nothing else: a string hash key named leaseKey. */
export function isLeaseTableKey(key: readonly {name: string; type: string}[]): boolean {
	return key.length === 1 && key[0]?.name === 'leaseKey' && key[0].type === 'HASH';
}

/** One row of a lease table, read as the KCL reads it. */
export function parseLeaseRow(item: Item): LeaseRow {
	// KCL 3.5 may keep rows of other kinds in the table; they say so, and a lease may not.
	const entityType = item.entityType;
	if (entityType !== undefined && entityType !== 'LEASE') {
		return {kind: 'other'};
	}
	const leaseKey = item.leaseKey;
	if (typeof leaseKey !== 'string' || leaseKey === '') {
		return {kind: 'invalid', reason: 'a row without a leaseKey'};
	}
	const invalid = (reason: string): LeaseRow => ({kind: 'invalid', leaseKey, reason});
	const counter = integer(item.leaseCounter);
	if (counter === undefined) {
		return invalid('no leaseCounter');
	}
	const place = leasePlace(leaseKey, item);
	if ('error' in place) {
		return invalid(place.error);
	}
	let checkpoint: Checkpoint | undefined;
	if (item.checkpoint !== undefined) {
		const parsed =
			typeof item.checkpoint === 'string' ? parseCheckpoint(item.checkpoint) : undefined;
		if (!parsed) {
			return invalid('a checkpoint that is neither a sequence number nor a KCL sentinel');
		}
		const sub = integer(item.checkpointSubSequenceNumber);
		checkpoint =
			parsed.kind === 'sequence' && sub !== undefined && sub > 0n
				? {...parsed, subSequenceNumber: Number(sub)}
				: parsed;
	}
	const start = hashKey(item.startingHashKey);
	const end = hashKey(item.endingHashKey);
	const throughput =
		item.throughputKBps instanceof ItemNumber ? Number(item.throughputKBps.text) : NaN;
	return {
		kind: 'lease',
		lease: {
			leaseKey,
			shardId: place.shardId,
			stream: place.stream,
			owner: nonEmptyString(item.leaseOwner),
			counter,
			checkpoint,
			pendingCheckpoint: nonEmptyString(item.pendingCheckpoint),
			ownerSwitchesSinceCheckpoint: integer(item.ownerSwitchesSinceCheckpoint),
			parentShardIds: stringSet(item.parentShardId),
			// KCL 2.x releases before 2.3 named the set childShardId.
			childShardIds: stringSet(item.childShardIds ?? item.childShardId),
			hashKeyRange: start !== undefined && end !== undefined ? {start, end} : undefined,
			throughputKBps: Number.isFinite(throughput) ? throughput : undefined,
			checkpointOwner: nonEmptyString(item.checkpointOwner),
		},
	};
}

export function parseCheckpoint(text: string): Checkpoint | undefined {
	if ((CHECKPOINT_SENTINELS as readonly string[]).includes(text)) {
		return {kind: text as CheckpointSentinel};
	}
	return /^\d{1,128}$/.test(text) ? {kind: 'sequence', sequenceNumber: text} : undefined;
}

/** The checkpoint as the KCL writes it: the sequence number, or the sentinel's name. */
export function checkpointText(checkpoint: Checkpoint): string {
	return checkpoint.kind === 'sequence' ? checkpoint.sequenceNumber : checkpoint.kind;
}

/**
 * The shard and stream a lease names. In multi-stream mode the key is the stream's identifier
 * (`account:stream:creationEpoch`) and the shard id joined by colons, and the KCL also writes them
 * apart: `streamName` (which holds the whole identifier, for legacy reasons) and `shardId`.
 */
function leasePlace(
	leaseKey: string,
	item: Item,
): {shardId: string; stream?: string} | {error: string} {
	const identifier = nonEmptyString(item.streamName);
	const parts = leaseKey.split(':');
	if (parts.length === 1 && identifier === undefined) {
		return {shardId: leaseKey};
	}
	const shardId = nonEmptyString(item.shardId) ?? (parts.length === 4 ? parts[3] : undefined);
	const stream = streamOf(identifier) ?? (parts.length === 4 ? parts[1] : undefined);
	if (shardId === undefined || stream === undefined || stream === '') {
		return {error: `a multi-stream lease key that is not account:stream:creationEpoch:shardId`};
	}
	return {shardId, stream};
}

/** The stream's name in an identifier `account:stream:creationEpoch` (or a bare name). */
function streamOf(identifier: string | undefined): string | undefined {
	if (identifier === undefined) {
		return undefined;
	}
	const parts = identifier.split(':');
	return parts.length === 3 ? parts[1] : parts.length === 1 ? identifier : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function integer(value: unknown): bigint | undefined {
	return value instanceof ItemNumber && /^-?\d+$/.test(value.text) ? BigInt(value.text) : undefined;
}

function hashKey(value: unknown): bigint | undefined {
	return typeof value === 'string' && /^\d{1,39}$/.test(value) ? BigInt(value) : undefined;
}

/** A string set (SS) as its strings; a single string is taken as a set of one. */
function stringSet(value: unknown): string[] {
	if (value instanceof Set) {
		return [...(value as Set<unknown>)].filter((entry) => typeof entry === 'string').sort();
	}
	if (Array.isArray(value)) {
		return value.filter((entry): entry is string => typeof entry === 'string').sort();
	}
	return typeof value === 'string' && value !== '' ? [value] : [];
}
