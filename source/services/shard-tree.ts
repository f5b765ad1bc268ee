import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {type ErrorContext, isNotFound} from '../kinesis/errors.js';
import {fractionPercent, shortHashKey} from '../model/hash-keys.js';
import type {Shard} from '../model/shard.js';
import {equalShare, scalingOutcome} from '../model/uniform-scaling.js';
import {buildLineage, type Lineage} from '../model/lineage.js';
import {type Operation, perform} from './operation.js';
import {followingService, type FollowingService, followSelection} from './follow-selection.js';
import type {Problem} from './problem.js';
import {createRateLimiter, type RateLimiter} from '../lib/rate-limiter.js';
import {listShards, mergeShards, splitShard, updateShardCount} from '../kinesis/shards.js';
import {createStore} from '../lib/store.js';
import {describeStreamSummary} from '../kinesis/streams.js';
import type {StreamStatus, StreamSummary} from '../model/stream.js';
import {sanitizeLine} from '../format/sanitize.js';

export type ShardTreeSnapshot = {
	/** The stream whose tree this is. */
	stream?: string;
	/** Its status (UPDATING while it reshards), mode and open shard count. */
	summary?: StreamSummary;
	lineage?: Lineage;
	/** The stream is selected and its first tree is on its way. */
	loading: boolean;
	listedAt?: number;
	/** The stream is gone (deleted since it was listed). */
	missing: boolean;
	problem?: Problem;
	/** The last reshard asked for from this stream's tree. */
	operation?: Operation;
};

export type ShardRequest =
	| {type: 'split'; stream: string; shardId: string; newStartingHashKey: bigint}
	| {type: 'merge'; stream: string; shardId: string; adjacentShardId: string}
	| {type: 'scale'; stream: string; target: number};

/**
 * The live shard tree of the selected stream: DescribeStreamSummary for its status and ListShards
 * (every page) for its shards, again every `intervalMs`, and every `changingIntervalMs` while the
 * stream is not ACTIVE or just after a reshard, so a split shows up as soon as it is done. ListShards
 * allows 1000 calls a second per stream, but other applications read the same stream: a tree that
 * nobody is changing does not need more than a look every few seconds.
 */
export type ShardTreeService = FollowingService<ShardTreeSnapshot> & {
	/** Splits, merges or scales; resolves with whether the service accepted it. */
	run(request: ShardRequest): Promise<boolean>;
};

export type ShardTreeOptions = {
	intervalMs?: number;
	changingIntervalMs?: number;
	/** How long after a reshard to keep looking often, for engines slow to say UPDATING. */
	fastAfterChangeMs?: number;
	/** Waits this long after a selection before looking, so moving through a list costs no calls. */
	settleMs?: number;
	listLimiter?: RateLimiter;
	describeLimiter?: RateLimiter;
	errorContext?: ErrorContext;
	/** A reshard went through: the stream list's shard counts are out of date. */
	onChanged?: () => void;
};

const CHANGING: ReadonlySet<StreamStatus> = new Set(['CREATING', 'UPDATING', 'DELETING']);

export function createShardTree(
	client: KinesisClient,
	options: ShardTreeOptions = {},
): ShardTreeService {
	const {
		intervalMs = 5000,
		changingIntervalMs = 1000,
		fastAfterChangeMs = 5000,
		settleMs = 150,
		// Pages of one listing go quickly (the limit is 1000 a second per stream), but never flood it.
		listLimiter = createRateLimiter({perSecond: 50, burst: 20}),
		// DescribeStreamSummary is 20 a second per account, shared with the stream list.
		describeLimiter = createRateLimiter({perSecond: 4, burst: 2}),
		errorContext = {},
		onChanged,
	} = options;
	const initial: ShardTreeSnapshot = {loading: false, missing: false};
	const store = createStore<ShardTreeSnapshot>(initial);
	let fastUntil = 0;
	/** A scaling accepted and not yet seen done: once it is, the tree says what it made. */
	let scaling: {stream: string; target: number} | undefined;

	const follower = followSelection({
		store,
		settleMs,
		errorContext,
		selected: (stream) => ({...initial, stream, loading: stream !== undefined}),
		async work(stream, signal, update) {
			await describeLimiter.take(signal);
			let summary: StreamSummary;
			try {
				summary = await describeStreamSummary(client, stream, signal);
			} catch (error) {
				if (!isNotFound(error)) {
					throw error;
				}
				update({missing: true, loading: false});
				return Date.now() + intervalMs;
			}
			update({summary, missing: false});
			// A stream being created or deleted has no shards to list yet, or any more.
			if (summary.status !== 'CREATING' && summary.status !== 'DELETING') {
				const shards = await listShards(client, stream, {limiter: listLimiter, signal});
				const lineage = buildLineage(shards);
				update({lineage, listedAt: Date.now()});
				// Done once the stream is ACTIVE again with the shards asked for, or past the time an
				// engine may take to say UPDATING at all.
				if (
					scaling?.stream === stream &&
					summary.status === 'ACTIVE' &&
					(lineage.open.length === scaling.target || Date.now() >= fastUntil)
				) {
					update({
						operation: {state: 'done', text: scaledText(stream, lineage.open, scaling.target)},
					});
					scaling = undefined;
				}
			}
			update({loading: false});
			const fast = CHANGING.has(summary.status) || Date.now() < fastUntil;
			return Date.now() + (fast ? changingIntervalMs : intervalMs);
		},
	});

	return {
		...followingService(store, follower),
		async run(request) {
			const accepted = await perform(store, describeRequest(request), () => send(client, request), {
				...errorContext,
				stream: request.stream,
			});
			scaling = accepted && request.type === 'scale' ? request : undefined;
			if (accepted) {
				fastUntil = Date.now() + fastAfterChangeMs;
				follower.poke();
				onChanged?.();
			}
			return accepted;
		},
	};
}

function send(client: KinesisClient, request: ShardRequest): Promise<void> {
	switch (request.type) {
		case 'split': {
			return splitShard(client, request.stream, request.shardId, request.newStartingHashKey);
		}
		case 'merge': {
			return mergeShards(client, request.stream, request.shardId, request.adjacentShardId);
		}
		case 'scale': {
			return updateShardCount(client, request.stream, request.target);
		}
	}
}

/** What a scaling made, said against what uniform scaling asks for where the two differ. */
function scaledText(stream: string, open: readonly Shard[], target: number): string {
	const outcome = scalingOutcome(open, target);
	const asked = fractionPercent(equalShare(target));
	const name = sanitizeLine(stream);
	if (outcome.asAsked) {
		return `Scaled ${name} to ${target} open shards of ${asked} of the key space each, as asked.`;
	}
	const shares = outcome.shares.map(fractionPercent).join(', ');
	return outcome.countAsAsked
		? `Scaled ${name} to ${target} open shards, but not equal ones: ${shares} of the key space, where uniform scaling asks for ${asked} each.`
		: `Scaling ${name} made ${open.length} open shards (${shares} of the key space), not the ${target} of ${asked} each asked for.`;
}

function describeRequest(request: ShardRequest): {running: string; done: string} {
	const shard = 'shardId' in request ? sanitizeLine(request.shardId) : '';
	const after = 'the tree follows.';
	switch (request.type) {
		case 'split': {
			const key = shortHashKey(request.newStartingHashKey);
			return {running: `Splitting ${shard} at ${key}…`, done: `Split ${shard} at ${key}: ${after}`};
		}
		case 'merge': {
			const adjacent = sanitizeLine(request.adjacentShardId);
			return {
				running: `Merging ${shard} with ${adjacent}…`,
				done: `Merged ${shard} with ${adjacent}: ${after}`,
			};
		}
		case 'scale': {
			return {
				running: `Scaling to ${request.target} open shards…`,
				done: `Scaling to ${request.target} open shards: ${after}`,
			};
		}
	}
}
