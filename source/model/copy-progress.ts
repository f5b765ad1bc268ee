/** Where a copy stands: what its progress line and its summary say. */
export type CopyProgress = {
	/** Records read from the source (sub-records of KPL aggregates one by one). */
	read: number;
	/** Of them, those the filter kept: the records to send. */
	kept: number;
	/** Whether a filter chose among the records read. */
	filtered: boolean;
	landed: number;
	failed: number;
	/** Entries sent again after a failure. */
	retried: number;
	/** Records sent again after a call holding them ran out of time: each may be in the target twice. */
	resentAfterTimeout: number;
	startedAt: number;
	/** Records read from each shard of the source. */
	readByShard: ReadonlyMap<string, number>;
	/** Records landed in each shard of the target, as the service reported. */
	landedByShard: ReadonlyMap<string, number>;
};
