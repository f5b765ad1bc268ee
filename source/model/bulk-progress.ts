/** Where a bulk send stands: what the progress line, the summary and the put pane show. */
export type BulkProgress = {
	/** The records the check found. */
	total: number;
	landed: number;
	failed: number;
	/** Entries sent again after a failure. */
	retried: number;
	/** Records sent again after a call holding them ran out of time: each may be in the stream twice. */
	resentAfterTimeout: number;
	startedAt: number;
	/** Records landed in each shard, as the service reported. */
	byShard: ReadonlyMap<string, number>;
};
