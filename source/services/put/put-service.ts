import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext} from '../../kinesis/errors.js';
import {createFileJobs, type FileJob, type FileRequest} from './file-jobs.js';
import {followSelection} from '../follow-selection.js';
import type {Problem} from '../problem.js';
import {openShards, placeRecord} from '../../model/placement.js';
import {draftRecord, type PutDraft} from '../../model/put-draft.js';
import {putRecordRetrying} from '../../kinesis/producer.js';
import {createRateLimiter, type RateLimiter} from '../../lib/rate-limiter.js';
import {listShards} from '../../kinesis/shards.js';
import type {Shard} from '../../model/shard.js';
import {createStore, type ReadableStore} from '../../lib/store.js';

/** A record the form sent: what was typed (to send again or edit) and where it landed. */
export type SentRecord = {
	id: number;
	stream: string;
	draft: PutDraft;
	shardId: string;
	sequenceNumber: string;
	/** The shard the form predicted, to show when the service placed it elsewhere. */
	predictedShardId?: string;
	sentAt: number;
	/** Sent again after a call of it timed out, which may have stored it too: it may be in twice. */
	resentAfterTimeout: boolean;
};

export type SendState =
	| {
			phase: 'sending';
			/** When the send began, to show how long it has been waiting for an answer. */
			since: number;
			/** The failure it is being sent again after. */
			problem?: string;
	  }
	| {phase: 'sent'; record: SentRecord}
	| {phase: 'failed'; error: string};

export type PutSnapshot = {
	stream?: string;
	/** The watched stream's open shards, for the predicted shard; undefined until listed. */
	shards?: readonly Shard[];
	/** Why the shards cannot be listed (and no shard predicted). */
	problem?: Problem;
	send?: SendState;
	/** Newest first. */
	history: readonly SentRecord[];
	file?: FileJob;
};

/**
 * What the put form acts through: the open shards of the selected stream (listed when it is
 * selected, every `shardsTtlMs` after, and at once when a record lands in a shard other than the
 * predicted one: the stream was resharded), single sends with their history, and file sends.
 */
export type PutService = ReadableStore<PutSnapshot> & {
	start(): void;
	watch(stream: string | undefined): void;
	refreshShards(): void;
	send(draft: PutDraft): void;
	checkFile(request: FileRequest): void;
	/** Sends the checked file's good records (its bad lines were shown and are skipped). */
	sendFile(): void;
	/** Stops a check or a send; what was sent stays sent. */
	cancelFile(): void;
	closeFile(): void;
	stop(): void;
};

export type PutServiceOptions = {
	errorContext?: ErrorContext;
	shardsTtlMs?: number;
	listLimiter?: RateLimiter;
	historySize?: number;
	/** How often the progress of a file send reaches the store (the screen draws at most this often). */
	progressMs?: number;
};

export function createPutService(
	client: KinesisClient,
	options: PutServiceOptions = {},
): PutService {
	const {
		errorContext = {},
		// As often as the shard tree looks: a prediction made from shards a reshard closed is wrong.
		// ListShards allows 1000 calls a second per stream; this is one every few seconds.
		shardsTtlMs = 5000,
		listLimiter = createRateLimiter({perSecond: 5, burst: 5}),
		historySize = 50,
		progressMs = 200,
	} = options;
	const store = createStore<PutSnapshot>({history: []});
	let nextId = 1;

	const shardWatch = followSelection({
		store,
		settleMs: 0,
		errorContext,
		selected: (stream, previous) => ({
			...previous,
			stream,
			shards: undefined,
			problem: undefined,
			send: undefined,
		}),
		async work(stream, signal, update) {
			update({
				shards: openShards(await listShards(client, stream, {limiter: listLimiter, signal})),
			});
			return Date.now() + shardsTtlMs;
		},
	});
	const files = createFileJobs(client, {
		errorContext,
		progressMs,
		job: () => store.getSnapshot().file,
		publish: (file) => store.set((snapshot) => ({...snapshot, file})),
	});

	return {
		subscribe: store.subscribe,
		getSnapshot: store.getSnapshot,
		start: shardWatch.start,
		watch: shardWatch.select,
		refreshShards: shardWatch.poke,
		send(draft) {
			const {stream, shards} = store.getSnapshot();
			if (stream === undefined) {
				store.set((snapshot) => ({
					...snapshot,
					send: {phase: 'failed', error: 'Select a stream first (pane 1).'},
				}));
				return;
			}
			const built = draftRecord(draft);
			if ('problems' in built) {
				const [first] = Object.values(built.problems);
				store.set((snapshot) => ({
					...snapshot,
					send: {phase: 'failed', error: first ?? 'The record cannot be sent.'},
				}));
				return;
			}
			const predictedShardId = shards && placeRecord(shards, draft)?.shard?.shardId;
			const since = Date.now();
			const context = {...errorContext, stream};
			store.set((snapshot) => ({...snapshot, send: {phase: 'sending', since}}));
			void putRecordRetrying(client, stream, built.record, {
				onRetry(error) {
					store.set((snapshot) => ({
						...snapshot,
						send: {phase: 'sending', since, problem: describeError(error, context)},
					}));
				},
			}).then((result) => {
				if (!result.ok) {
					const maybe = result.resentAfterTimeout
						? ' It was sent again after a timeout: it may be in the stream all the same.'
						: '';
					store.set((snapshot) => ({
						...snapshot,
						send: {phase: 'failed', error: `${describeError(result.error, context)}${maybe}`},
					}));
					return;
				}
				const record: SentRecord = {
					id: nextId++,
					stream,
					draft,
					shardId: result.shardId,
					sequenceNumber: result.sequenceNumber,
					predictedShardId,
					sentAt: Date.now(),
					resentAfterTimeout: result.resentAfterTimeout,
				};
				store.set((snapshot) => ({
					...snapshot,
					send: snapshot.stream === stream ? {phase: 'sent', record} : snapshot.send,
					history: [record, ...snapshot.history].slice(0, historySize),
				}));
				if (predictedShardId !== undefined && predictedShardId !== result.shardId) {
					shardWatch.poke();
				}
			});
		},
		checkFile: files.check,
		sendFile() {
			const {stream} = store.getSnapshot();
			if (stream !== undefined) {
				files.send(stream);
			}
		},
		cancelFile: files.cancel,
		closeFile: files.close,
		stop() {
			shardWatch.stop();
			files.stop();
		},
	};
}
