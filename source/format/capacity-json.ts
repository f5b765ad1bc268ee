import type {CapacityReport} from '../model/capacity.js';
import {safeJson} from './sanitize.js';

/**
 * `stats --json`: one object, in the shape scripts rely on. Hash keys are decimal strings (beyond a
 * double's exact integers); shares are fractions of the shard's records.
 */
export function capacityJson(stream: string, report: CapacityReport, calls: number): string {
	return `${safeJson({
		stream,
		from: report.from.toISOString(),
		until: report.until.toISOString(),
		records: report.records,
		bytes: report.bytes,
		calls,
		shards: report.shards.map((shard) => ({
			shardId: shard.shardId,
			records: shard.records,
			bytes: shard.bytes,
			recordsPerSecond: shard.recordsPerSecond,
			bytesPerSecond: shard.bytesPerSecond,
			peakRecordsPerSecond: shard.peakRecordsPerSecond,
			peakBytesPerSecond: shard.peakBytesPerSecond,
			hot: shard.hot !== undefined,
			topKeys: shard.topKeys.map(({partitionKey, records, share}) => ({
				partitionKey,
				records,
				share,
			})),
			split: shard.split
				? {hashKey: shard.split.hashKey.toString(), lowerShare: shard.split.lowerShare}
				: null,
			keyOverLimit: shard.keyOverLimit?.partitionKey ?? null,
		})),
		mergeCandidates: report.mergeCandidates,
	})}\n`;
}
