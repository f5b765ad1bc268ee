import {homedir} from 'node:os';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext} from '../../kinesis/errors.js';
import type {BulkProgress} from '../../model/bulk-progress.js';
import {checkRecordFile, createProgress, type FileCheck, sendRecordFile} from './file-sender.js';
import {openShards, placeRecord} from '../../model/placement.js';
import {draftRecord, type PutDraft} from '../../model/put-draft.js';
import {putRecordRetrying} from '../../kinesis/producer.js';
import {backoffDelay, createRateLimiter, type RateLimiter, sleep} from '../../lib/rate-limiter.js';
import {describeFileError, type KeySource} from './record-file.js';
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

export type FileRequest = {
	path: string;
	/** A dotted field of each JSON record; else the fixed key, else a random key a record. */
	keyField?: string;
	fixedKey?: string;
};

export type FileJob =
	| {phase: 'checking'; request: FileRequest}
	| {phase: 'checked'; request: FileRequest; check: FileCheck}
	| {phase: 'sending'; request: FileRequest; check: FileCheck; progress: BulkProgress}
	| {
			phase: 'done';
			request: FileRequest;
			check: FileCheck;
			progress: BulkProgress;
			finishedAt: number;
			stopped: boolean;
			error?: string;
	  }
	| {phase: 'failed'; request: FileRequest; error: string};

export type PutSnapshot = {
	stream?: string;
	/** The watched stream's open shards, for the predicted shard; undefined until listed. */
	shards?: readonly Shard[];
	shardsProblem?: string;
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
	let watcher: AbortController | undefined;
	let wake: (() => void) | undefined;
	let nextId = 1;
	let fileController: AbortController | undefined;

	const watchLoop = async (stream: string, signal: AbortSignal) => {
		let failures = 0;
		while (!signal.aborted) {
			let wait = shardsTtlMs;
			try {
				const shards = openShards(await listShards(client, stream, {limiter: listLimiter, signal}));
				failures = 0;
				store.set((snapshot) =>
					snapshot.stream === stream ? {...snapshot, shards, shardsProblem: undefined} : snapshot,
				);
			} catch (error) {
				if (signal.aborted) {
					return;
				}
				wait = backoffDelay(failures++);
				const problem = describeError(error, {...errorContext, stream});
				store.set((snapshot) =>
					snapshot.stream === stream ? {...snapshot, shardsProblem: problem} : snapshot,
				);
			}
			const woken = new AbortController();
			wake = () => woken.abort();
			await sleep(wait, AbortSignal.any([signal, woken.signal])).catch(() => undefined);
			wake = undefined;
		}
	};

	const fileOptions = (request: FileRequest, signal: AbortSignal) => {
		const key: KeySource =
			request.keyField !== undefined && request.keyField !== ''
				? {kind: 'field', path: request.keyField}
				: request.fixedKey !== undefined && request.fixedKey !== ''
					? {kind: 'fixed', key: request.fixedKey}
					: {kind: 'random'};
		return {key, signal};
	};

	const setFile = (file: FileJob | undefined) => store.set((snapshot) => ({...snapshot, file}));

	return {
		subscribe: store.subscribe,
		getSnapshot: store.getSnapshot,
		watch(stream) {
			if (stream === store.getSnapshot().stream) {
				return;
			}
			watcher?.abort();
			watcher = undefined;
			store.set((snapshot) => ({
				...snapshot,
				stream,
				shards: undefined,
				shardsProblem: undefined,
				send: undefined,
			}));
			if (stream !== undefined) {
				watcher = new AbortController();
				void watchLoop(stream, watcher.signal);
			}
		},
		refreshShards() {
			wake?.();
		},
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
					wake?.();
				}
			});
		},
		checkFile(request) {
			fileController?.abort();
			const controller = new AbortController();
			fileController = controller;
			const path = request.path.replace(/^~(?=$|\/)/, homedir());
			setFile({phase: 'checking', request});
			checkRecordFile(path, fileOptions(request, controller.signal)).then(
				(check) => {
					if (!controller.signal.aborted) {
						setFile(
							check.broken
								? {
										phase: 'failed',
										request,
										error: `Line ${check.broken.line}: ${check.broken.error}`,
									}
								: {phase: 'checked', request, check},
						);
					}
				},
				(error: unknown) => {
					if (!controller.signal.aborted) {
						setFile({
							phase: 'failed',
							request,
							error: `Cannot read the file: ${describeFileError(error)}.`,
						});
					}
				},
			);
		},
		sendFile() {
			const {file, stream} = store.getSnapshot();
			if (file?.phase !== 'checked' || stream === undefined || file.check.records === 0) {
				return;
			}
			const {request, check} = file;
			const controller = new AbortController();
			fileController = controller;
			const progress = createProgress(check.records);
			const publish = () =>
				setFile({phase: 'sending', request, check, progress: progress.snapshot()});
			publish();
			const timer = setInterval(publish, progressMs);
			const path = request.path.replace(/^~(?=$|\/)/, homedir());
			const finish = (stopped: boolean, error?: string) => {
				clearInterval(timer);
				setFile({
					phase: 'done',
					request,
					check,
					progress: progress.snapshot(),
					finishedAt: Date.now(),
					stopped,
					error,
				});
			};
			sendRecordFile(client, stream, path, {
				...fileOptions(request, controller.signal),
				progress,
			}).then(
				({stopped}) => finish(stopped),
				(error: unknown) => finish(true, describeError(error, {...errorContext, stream})),
			);
		},
		cancelFile() {
			fileController?.abort();
			const {file} = store.getSnapshot();
			if (file?.phase === 'checking') {
				setFile(undefined);
			}
		},
		closeFile() {
			if (store.getSnapshot().file?.phase === 'sending') {
				return;
			}
			fileController?.abort();
			setFile(undefined);
		},
		stop() {
			watcher?.abort();
			watcher = undefined;
			fileController?.abort();
		},
	};
}
