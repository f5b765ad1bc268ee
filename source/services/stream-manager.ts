import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {type ErrorContext, isNotFound} from '../kinesis/errors.js';
import {type Operation, perform} from './operation.js';
import {followingService, type FollowingService, followSelection} from './follow-selection.js';
import type {Problem} from './problem.js';
import {createRateLimiter, type RateLimiter} from '../lib/rate-limiter.js';
import {sanitizeLine} from '../format/sanitize.js';
import {createStore} from '../lib/store.js';
import {listConsumers} from '../kinesis/consumers.js';
import {splitShard} from '../kinesis/shards.js';
import {shortHashKey} from '../model/hash-keys.js';
import type {ShardRequest} from './shard-tree.js';
import {deleteStreamIfAllowed} from '../kinesis/stream-deletion.js';
import {
	addTags,
	createStream,
	describeStreamSummary,
	listTags,
	removeTags,
	setEnhancedMonitoring,
	setRetention,
	startEncryption,
	stopEncryption,
	updateStreamMode,
} from '../kinesis/streams.js';
import type {
	CapacityMode,
	NewStream,
	ShardLevelMetric,
	StreamConsumer,
	Tag,
} from '../model/stream.js';

/** What DescribeStreamSummary leaves out of the selected stream's detail: its tags and consumers. */
export type StreamDetailSnapshot = {
	stream?: string;
	tags?: readonly Tag[];
	consumers?: readonly StreamConsumer[];
	problem?: Problem;
	/** The last write asked for from the stream list. */
	operation?: Operation;
};

export type StreamRequest =
	| {type: 'create'; stream: NewStream}
	/** `withConsumers`: the registered consumers the user chose to delete with the stream. */
	| {type: 'delete'; stream: string; withConsumers?: readonly string[]}
	| {type: 'retention'; stream: string; hours: number; currentHours: number}
	| {type: 'tags'; stream: string; add: readonly Tag[]; remove: readonly string[]}
	| {
			type: 'monitoring';
			stream: string;
			enable: readonly ShardLevelMetric[];
			disable: readonly ShardLevelMetric[];
	  }
	| {type: 'encrypt'; stream: string; keyId: string}
	| {type: 'decrypt'; stream: string; keyId: string}
	| {type: 'mode'; stream: string; arn: string; mode: CapacityMode}
	/** A split asked for away from the shard tree: where the capacity view found the traffic halves. */
	| Extract<ShardRequest, {type: 'split'}>;

/**
 * The stream list's writes (create, delete, retention, tags, monitoring, encryption, capacity mode)
 * and the capacity view's split, and the part of the selected stream's detail the list does not
 * fetch. Tags (ListTagsForStream,
 * 5 calls a second per account) and consumers (ListStreamConsumers, 5 a second per stream) are
 * fetched once the selection has rested a moment, then every `intervalMs` and after every write.
 */
export type StreamManagerService = FollowingService<StreamDetailSnapshot> & {
	run(request: StreamRequest): Promise<boolean>;
};

export type StreamManagerOptions = {
	intervalMs?: number;
	settleMs?: number;
	limiter?: RateLimiter;
	errorContext?: ErrorContext;
	/** A write went through: the stream list is out of date. */
	onChanged?: () => void;
};

export function createStreamManager(
	client: KinesisClient,
	options: StreamManagerOptions = {},
): StreamManagerService {
	const {
		intervalMs = 30_000,
		settleMs = 300,
		limiter = createRateLimiter({perSecond: 2, burst: 3}),
		errorContext = {},
		onChanged,
	} = options;
	const store = createStore<StreamDetailSnapshot>({});
	const follower = followSelection({
		store,
		settleMs,
		errorContext,
		// The outcome of a write stays in view while the selection moves: it may be about another
		// stream (a new one), and it is the answer to what the user just did.
		selected: (stream, previous) => ({stream, operation: previous.operation}),
		async work(stream, signal, update) {
			try {
				await limiter.take(signal);
				const {arn} = await describeStreamSummary(client, stream, signal);
				await limiter.take(signal);
				const tags = await listTags(client, stream, signal);
				await limiter.take(signal);
				const consumers = arn ? await listConsumers(client, arn, signal) : [];
				update({tags, consumers});
			} catch (error) {
				if (!isNotFound(error)) {
					throw error;
				}
				update({tags: undefined, consumers: undefined});
			}
			return Date.now() + intervalMs;
		},
	});

	return {
		...followingService(store, follower),
		async run(request) {
			const accepted = await perform(store, describeRequest(request), () => send(client, request), {
				...errorContext,
				stream: streamOf(request),
			});
			if (accepted) {
				onChanged?.();
			}
			// A write that failed half way (tags added, then the removal refused) changed something too.
			follower.poke();
			return accepted;
		},
	};
}

function streamOf(request: StreamRequest): string {
	return request.type === 'create' ? request.stream.name : request.stream;
}

async function send(client: KinesisClient, request: StreamRequest): Promise<void> {
	switch (request.type) {
		case 'create': {
			return createStream(client, request.stream);
		}
		case 'delete': {
			return deleteStreamIfAllowed(client, request.stream, request.withConsumers ?? []);
		}
		case 'retention': {
			return setRetention(client, request.stream, request.hours, request.currentHours);
		}
		case 'tags': {
			await addTags(client, request.stream, request.add);
			await removeTags(client, request.stream, request.remove);
			return;
		}
		case 'monitoring': {
			return setEnhancedMonitoring(client, request.stream, request);
		}
		case 'encrypt': {
			return startEncryption(client, request.stream, request.keyId);
		}
		case 'decrypt': {
			return stopEncryption(client, request.stream, request.keyId);
		}
		case 'mode': {
			return updateStreamMode(client, request.arn, request.mode);
		}
		case 'split': {
			return splitShard(client, request.stream, request.shardId, request.newStartingHashKey);
		}
	}
}

function describeRequest(request: StreamRequest): {running: string; done: string} {
	const name = sanitizeLine(streamOf(request));
	switch (request.type) {
		case 'create': {
			const capacity =
				'onDemand' in request.stream ? 'on-demand' : `${request.stream.shardCount} shards`;
			return {
				running: `Creating ${name} (${capacity})…`,
				done: `Created ${name} (${capacity}); it is ACTIVE in a moment.`,
			};
		}
		case 'delete': {
			return request.withConsumers?.length
				? {
						running: `Deleting ${name} and its consumers…`,
						done: `Deleted ${name} and its consumers.`,
					}
				: {running: `Deleting ${name}…`, done: `Deleted ${name}.`};
		}
		case 'retention': {
			return {
				running: `Setting the retention of ${name} to ${request.hours} h…`,
				done: `${name} keeps records ${request.hours} h now (was ${request.currentHours} h).`,
			};
		}
		case 'tags': {
			const changes = [
				request.add.length > 0 ? `added ${request.add.map((tag) => tag.key).join(', ')}` : '',
				request.remove.length > 0 ? `removed ${request.remove.join(', ')}` : '',
			]
				.filter(Boolean)
				.join('; ');
			return {
				running: `Tagging ${name}…`,
				done: sanitizeLine(`Tags of ${name}: ${changes}.`),
			};
		}
		case 'monitoring': {
			const changes = [
				request.enable.length > 0 ? `on ${request.enable.join(', ')}` : '',
				request.disable.length > 0 ? `off ${request.disable.join(', ')}` : '',
			]
				.filter(Boolean)
				.join('; ');
			return {
				running: `Changing the shard-level metrics of ${name}…`,
				done: `Shard-level metrics of ${name}: ${changes}.`,
			};
		}
		case 'encrypt': {
			return {
				running: `Starting encryption of ${name}…`,
				done: sanitizeLine(`${name} is encrypted with ${request.keyId} from now on.`),
			};
		}
		case 'decrypt': {
			return {
				running: `Stopping encryption of ${name}…`,
				done: `${name} stores new records unencrypted from now on.`,
			};
		}
		case 'mode': {
			const mode = request.mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned';
			return {running: `Switching ${name} to ${mode}…`, done: `${name} is ${mode} now.`};
		}
		case 'split': {
			const shard = sanitizeLine(request.shardId);
			const key = shortHashKey(request.newStartingHashKey);
			return {
				running: `Splitting ${shard} at ${key}…`,
				done: `Split ${shard} of ${name} at ${key}: measure again to see the new shards.`,
			};
		}
	}
}
