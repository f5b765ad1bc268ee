import type {CapacityTally, KeyTally, ShardTally} from './capacity-tally.js';
import {type HashKeyRange, keySpaceShare, rangeHolds} from './hash-keys.js';
import {keySpaceStrip, type StripCell} from './key-space-strip.js';
import {buildLineage, treeRows} from './lineage.js';
import type {Shard} from './shard.js';
import {trafficSplit, type TrafficSplit} from './traffic-split.js';
import {bindingLimit, loadOf} from './write-limits.js';

/**
 * Where a stream's writes went over a window, shard by shard, against the write limits, and what to
 * do about it: split a hot shard where its traffic halves, change a key that is over a shard's limit
 * on its own (no split can help it), merge neighbours that are nearly idle. Pure: the counts, the
 * shards as listed and the window in, the report out.
 */

export const TOP_KEYS = 5;

/**
 * A busiest second at 90% of a limit counts as at the limit: AWS refuses the writes that would go
 * past it, so what is read back never shows much more than the limit itself.
 */
export const AT_LIMIT = 0.9;

/** Neighbours both under a tenth of their limits at their busiest are merge candidates. */
export const IDLE = 0.1;

/**
 * A shard is hot by skew when it takes half again its fair share of the records (its share of the key
 * space), and more than chance would give it: four standard deviations of a count that size, so that
 * an even workload of a few dozen records does not make one shard look hot.
 */
const SKEW = 1.5;
const SKEW_DEVIATIONS = 4;

export type KeyShare = {partitionKey: string; records: number; share: number};

/** A partition key whose busiest second is at a shard's limit on its own. */
export type KeyOverLimit = {
	partitionKey: string;
	peakRecordsPerSecond: number;
	peakBytesPerSecond: number;
};

export type ShardCapacity = {
	shardId: string;
	open: boolean;
	/** Undefined for a shard that was read but is no longer listed. */
	hashKeyRange?: HashKeyRange;
	records: number;
	bytes: number;
	/** The means over the window. */
	recordsPerSecond: number;
	bytesPerSecond: number;
	/** The busiest second. */
	peakRecordsPerSecond: number;
	peakBytesPerSecond: number;
	/** The busiest second against the write limits: the larger fraction of the two. */
	load: number;
	/** The share of the stream's records in the window that the shard took. */
	trafficShare: number;
	/** Why it is hot: at its limits, or taking much more than its share of the key space. */
	hot?: 'limit' | 'skew';
	/** The most frequent partition keys, with their shares of the shard's records. */
	topKeys: KeyShare[];
	/** For a hot open shard of a provisioned stream that a split would relieve. */
	split?: TrafficSplit;
	keyOverLimit?: KeyOverLimit;
	/**
	 * Records whose hash key is not in the shard's range: written with an explicit hash key, which
	 * GetRecords does not return. They count everywhere but in the split and the strip.
	 */
	unplaced: number;
};

export type CapacityReport = {
	from: Date;
	until: Date;
	onDemand: boolean;
	records: number;
	bytes: number;
	/** The hot shards first (the busiest first), then the others as the tree lists them. */
	shards: ShardCapacity[];
	/** Adjacent open shards, in key order, both nearly idle; none for an on-demand stream. */
	mergeCandidates: Array<[string, string]>;
	strip: StripCell[];
};

export type CapacityInput = {
	tally: CapacityTally;
	/** The stream's shards as listed: their hash key ranges, which are open. */
	shards: readonly Shard[];
	from: Date;
	until: Date;
	/** Kinesis manages an on-demand stream's shards: the numbers, but no resharding advice. */
	onDemand: boolean;
};

export function capacityReport({
	tally,
	shards,
	from,
	until,
	onDemand,
}: CapacityInput): CapacityReport {
	const lineage = buildLineage(shards);
	const seconds = Math.max(1, (until.getTime() - from.getTime()) / 1000);
	const listed = treeRows(lineage)
		.filter((row) => !row.ref)
		.map((row) => row.shardId);
	const unlisted = [...tally.shards.keys()].filter((shardId) => !lineage.nodes.has(shardId));
	const measured = [...listed, ...unlisted].flatMap((shardId) => {
		const node = lineage.nodes.get(shardId);
		const counts = tally.shards.get(shardId);
		const open = node?.state === 'OPEN';
		// A closed shard that took nothing in the window is history, not traffic.
		return open || (counts?.records ?? 0) > 0
			? [{shardId, open, range: node?.shard?.hashKeyRange, counts}]
			: [];
	});
	const coveredSpace = measured.reduce(
		(sum, shard) => sum + (shard.range ? keySpaceShare(shard.range) : 0),
		0,
	);

	const reports = measured.map(({shardId, open, range, counts}): ShardCapacity => {
		const records = counts?.records ?? 0;
		const bytes = counts?.bytes ?? 0;
		const peakRecordsPerSecond = counts?.peakRecordsPerSecond ?? 0;
		const peakBytesPerSecond = counts?.peakBytesPerSecond ?? 0;
		const load = loadOf(peakRecordsPerSecond, peakBytesPerSecond);
		const keys = [...(counts?.keys.values() ?? [])];
		const placed = range ? keys.filter((key) => rangeHolds(range, key.hashKey)) : [];
		const fair =
			range && coveredSpace > 0 ? (tally.records * keySpaceShare(range)) / coveredSpace : 0;
		const hot =
			load >= AT_LIMIT ? 'limit' : isSkewed(records, fair) ? ('skew' as const) : undefined;
		const keyOverLimit = overLimit(keys);
		const split =
			!onDemand && open && hot && !keyOverLimit && range
				? trafficSplit(placed, range, bindingLimit(peakRecordsPerSecond, peakBytesPerSecond))
				: undefined;
		return {
			shardId,
			open,
			hashKeyRange: range,
			records,
			bytes,
			recordsPerSecond: records / seconds,
			bytesPerSecond: bytes / seconds,
			peakRecordsPerSecond,
			peakBytesPerSecond,
			load,
			trafficShare: tally.records === 0 ? 0 : records / tally.records,
			hot,
			topKeys: topKeys(counts),
			split,
			keyOverLimit,
			unplaced: records - placed.reduce((sum, key) => sum + key.records, 0),
		};
	});

	const hotFirst = [
		...reports.filter((shard) => shard.hot).sort((a, b) => b.records - a.records),
		...reports.filter((shard) => !shard.hot),
	];
	const loads = new Map(reports.map((shard) => [shard.shardId, shard.load]));
	const mergeCandidates: Array<[string, string]> = [];
	if (!onDemand) {
		lineage.open.forEach((shard, index) => {
			const next = lineage.open[index + 1];
			if (next && (loads.get(shard.shardId) ?? 0) < IDLE && (loads.get(next.shardId) ?? 0) < IDLE) {
				mergeCandidates.push([shard.shardId, next.shardId]);
			}
		});
	}
	return {
		from,
		until,
		onDemand,
		records: tally.records,
		bytes: tally.bytes,
		shards: hotFirst,
		mergeCandidates,
		strip: keySpaceStrip(
			measured.flatMap(({range, counts}) =>
				range
					? [...(counts?.keys.values() ?? [])].filter((key) => rangeHolds(range, key.hashKey))
					: [],
			),
		),
	};
}

function isSkewed(records: number, fair: number): boolean {
	return fair > 0 && records >= SKEW * fair && records - fair >= SKEW_DEVIATIONS * Math.sqrt(fair);
}

/** The key whose busiest second comes nearest the limits, if it is at them. */
function overLimit(keys: readonly KeyTally[]): KeyOverLimit | undefined {
	let worst: KeyTally | undefined;
	let worstLoad = 0;
	for (const key of keys) {
		const load = loadOf(key.peakRecordsPerSecond, key.peakBytesPerSecond);
		if (load > worstLoad) {
			worst = key;
			worstLoad = load;
		}
	}
	return worst && worstLoad >= AT_LIMIT
		? {
				partitionKey: worst.partitionKey,
				peakRecordsPerSecond: worst.peakRecordsPerSecond,
				peakBytesPerSecond: worst.peakBytesPerSecond,
			}
		: undefined;
}

/** The most records first; of as many, the most bytes, then the key's name. */
function compareKeys(a: KeyTally, b: KeyTally): number {
	return (
		b.records - a.records ||
		b.bytes - a.bytes ||
		(a.partitionKey < b.partitionKey ? -1 : a.partitionKey > b.partitionKey ? 1 : 0)
	);
}

function topKeys(counts: ShardTally | undefined): KeyShare[] {
	if (!counts || counts.records === 0) {
		return [];
	}
	// One pass keeping the few best, not a sort of every key: a window may hold a key per record.
	const top: KeyTally[] = [];
	for (const key of counts.keys.values()) {
		const last = top.at(-1);
		if (key.records === 0 || (top.length === TOP_KEYS && last && compareKeys(key, last) >= 0)) {
			continue;
		}
		const at = top.findIndex((kept) => compareKeys(key, kept) < 0);
		top.splice(at < 0 ? top.length : at, 0, key);
		top.length = Math.min(top.length, TOP_KEYS);
	}
	return top.map((key) => ({
		partitionKey: key.partitionKey,
		records: key.records,
		share: key.records / counts.records,
	}));
}
