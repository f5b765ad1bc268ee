/**
 * What a shard takes in a second: 1,000 records and 1 MiB (partition keys included), whichever comes
 * first; writes past either are refused with ProvisionedThroughputExceededException. On-demand streams
 * have the same limits per shard (Kinesis adds shards for them).
 */
export const SHARD_WRITE_LIMITS = {recordsPerSecond: 1000, bytesPerSecond: 1024 * 1024} as const;

/** How near a second's records and bytes come to the limits: the larger fraction of the two. */
export function loadOf(recordsPerSecond: number, bytesPerSecond: number): number {
	return Math.max(
		recordsPerSecond / SHARD_WRITE_LIMITS.recordsPerSecond,
		bytesPerSecond / SHARD_WRITE_LIMITS.bytesPerSecond,
	);
}

/** Which limit a second's traffic comes nearer: the one a split should relieve. */
export function bindingLimit(
	recordsPerSecond: number,
	bytesPerSecond: number,
): 'records' | 'bytes' {
	return bytesPerSecond / SHARD_WRITE_LIMITS.bytesPerSecond >
		recordsPerSecond / SHARD_WRITE_LIMITS.recordsPerSecond
		? 'bytes'
		: 'records';
}
