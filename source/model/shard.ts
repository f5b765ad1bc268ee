import type {HashKeyRange} from './hash-keys.js';

/** A shard as ListShards tells of it, its keys and sequence numbers as the explorer reads them. */
export type Shard = {
	shardId: string;
	parentShardId?: string;
	adjacentParentShardId?: string;
	hashKeyRange: HashKeyRange;
	/** The ending sequence number is set once the shard is closed by a split or a merge. */
	sequenceNumberRange: {start: string; end?: string};
};

/** A shard's child as GetRecords and SubscribeToShard name it when they reach the shard's end. */
export type ChildShard = {shardId: string; parentShardIds: string[]};
