import {sanitizeLine} from './sanitize.js';

/** The digits of a shard id that tell shards apart (shardId-000000000004 → 4), if it has the usual form. */
function shardNumber(shardId: string): string | undefined {
	return /^shardId-0*(\d+)$/.exec(shardId)?.[1];
}

/** A shard id in a narrow column: its number, or an id of another form whole (made safe). */
export function shortShard(shardId: string): string {
	return shardNumber(shardId) ?? sanitizeLine(shardId);
}

/** A shard named in a sentence or a short row: "shard 3". */
export function shardLabel(shardId: string): string {
	const number = shardNumber(shardId);
	return number === undefined ? sanitizeLine(shardId) : `shard ${number}`;
}
