import {compareSequenceNumbers} from './positions.js';
import type {Shard} from './shard.js';

/**
 * Which shards may hold a sequence number, by the ranges ListShards gives them: a shard's range runs
 * from its starting sequence number to its ending one (none while it is open). Ranges of shards open
 * side by side overlap, so this narrows the search; only the shard itself can say whether it holds
 * the number. The likeliest come first: those whose range starts nearest below the number.
 */
export function shardsThatMayHold(shards: readonly Shard[], sequenceNumber: string): Shard[] {
	return shards
		.filter(({sequenceNumberRange: {start, end}}) => {
			if (compareSequenceNumbers(start, sequenceNumber) > 0) {
				return false;
			}
			// Some engines give a closed shard an end below its start (9223372036854775807): no end at all.
			const known = end !== undefined && compareSequenceNumbers(end, start) >= 0;
			return !known || compareSequenceNumbers(sequenceNumber, end) <= 0;
		})
		.sort((a, b) =>
			compareSequenceNumbers(b.sequenceNumberRange.start, a.sequenceNumberRange.start),
		);
}
