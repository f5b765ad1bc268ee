import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ErrorContext} from '../../kinesis/errors.js';
import {listShards} from '../../kinesis/shards.js';
import {createRateLimiter, type RateLimiter} from '../../lib/rate-limiter.js';
import {createStore} from '../../lib/store.js';
import {followingService, type FollowingService, followSelection} from '../follow-selection.js';
import type {Problem} from '../problem.js';

/** A shard the tail can be asked to read, and whether it is open still. */
export type ShardChoice = {shardId: string; open: boolean};

export type TailShardsSnapshot = {
	/** The stream whose shards these are; none while no tail is being chosen. */
	stream?: string;
	/** Listed since the stream was selected; none until then. */
	shards?: ShardChoice[];
	problem?: Problem;
};

/**
 * The shards the tail's chooser offers: those of the stream it would tail, listed again every
 * `intervalMs` while the chooser stays open (a reshard meanwhile closes shards and opens others).
 * Only what was listed since the stream was selected is offered: a list kept from before (another
 * stream, or this one before it was deleted and made again) would offer shards that may not exist.
 * It is selected with the stream being chosen for, and with none once the chooser closes.
 */
export type TailShardsService = FollowingService<TailShardsSnapshot>;

export type TailShardsOptions = {
	intervalMs?: number;
	listLimiter?: RateLimiter;
	errorContext?: ErrorContext;
};

export function createTailShards(
	client: KinesisClient,
	{
		// As often as the shard tree looks again.
		intervalMs = 5000,
		listLimiter = createRateLimiter({perSecond: 50, burst: 20}),
		errorContext = {},
	}: TailShardsOptions = {},
): TailShardsService {
	const store = createStore<TailShardsSnapshot>({});
	const loop = followSelection({
		store,
		settleMs: 0,
		errorContext,
		selected: (stream) => ({stream}),
		async work(stream, signal, update) {
			const shards = await listShards(client, stream, {signal, limiter: listLimiter});
			update({
				shards: shards.map((shard) => ({
					shardId: shard.shardId,
					open: shard.sequenceNumberRange.end === undefined,
				})),
			});
			return Date.now() + intervalMs;
		},
	});
	return followingService(store, loop);
}
