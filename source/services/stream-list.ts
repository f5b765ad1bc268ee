import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {
	describeError,
	type ErrorContext,
	isNotFound,
	isRefusedForThisStream,
} from '../kinesis/errors.js';
import {createPollLoop} from '../lib/poll-loop.js';
import type {Problem} from './problem.js';
import {createRateLimiter, type RateLimiter} from '../lib/rate-limiter.js';
import {createStore, type ReadableStore} from '../lib/store.js';
import {describeStreamSummary, listStreamPages} from '../kinesis/streams.js';
import type {StreamListing, StreamStatus, StreamSummary} from '../model/stream.js';

export type StreamListSnapshot = {
	/** Every stream, in the order ListStreams returns them. */
	streams: readonly StreamListing[];
	/** DescribeStreamSummary of the streams that were on screen or selected. */
	summaries: ReadonlyMap<string, StreamSummary>;
	/** A complete listing has arrived at least once. */
	loaded: boolean;
	listedAt?: number;
	problem?: Problem;
};

/**
 * The live list of streams. It lists every stream every `listIntervalMs` (ListStreams allows 5 calls
 * a second per account, shared with everything else: pages go at most 4 a second), and describes only
 * the streams on screen and the selected one (DescribeStreamSummary: 20 a second per account), each
 * again once its summary is older than its time to live. Errors keep the last list on screen, are
 * reported as one line, and are retried with backoff.
 */
export type StreamListService = ReadableStore<StreamListSnapshot> & {
	start(): void;
	stop(): void;
	/** List and describe again now (the `r` key); also cuts a retry's wait short. */
	refresh(): void;
	/** The names on screen now: they are described first. */
	show(names: readonly string[]): void;
	select(name: string | undefined): void;
};

export type StreamListOptions = {
	listIntervalMs?: number;
	visibleTtlMs?: number;
	selectedTtlMs?: number;
	/** How soon to look again at a stream that is being created, updated or deleted. */
	changingTtlMs?: number;
	listLimiter?: RateLimiter;
	describeLimiter?: RateLimiter;
	errorContext?: ErrorContext;
};

const CHANGING: ReadonlySet<StreamStatus> = new Set(['CREATING', 'UPDATING', 'DELETING']);

export function createStreamList(
	client: KinesisClient,
	options: StreamListOptions = {},
): StreamListService {
	const {
		listIntervalMs = 10_000,
		visibleTtlMs = 15_000,
		selectedTtlMs = 5000,
		changingTtlMs = 1000,
		listLimiter = createRateLimiter({perSecond: 4, burst: 2}),
		describeLimiter = createRateLimiter({perSecond: 10, burst: 10}),
		errorContext = {},
	} = options;
	const store = createStore<StreamListSnapshot>({
		streams: [],
		summaries: new Map(),
		loaded: false,
	});
	let visible: readonly string[] = [];
	let selected: string | undefined;
	/** When each stream was last described (attempted), to know when it is due again. */
	const describedAt = new Map<string, number>();
	let listDueAt = 0;

	const ttlOf = (name: string) => {
		const status = store.getSnapshot().summaries.get(name)?.status;
		if (status && CHANGING.has(status)) {
			return changingTtlMs;
		}
		return name === selected ? selectedTtlMs : visibleTtlMs;
	};

	const wanted = () => {
		const known = new Set(store.getSnapshot().streams.map((stream) => stream.name));
		const names = selected === undefined ? visible : [selected, ...visible];
		return [...new Set(names)].filter((name) => known.has(name));
	};

	const dueAt = (name: string) => (describedAt.get(name) ?? Number.NEGATIVE_INFINITY) + ttlOf(name);

	async function list(signal: AbortSignal) {
		const firstLoad = !store.getSnapshot().loaded;
		const streams: StreamListing[] = [];
		for await (const page of listStreamPages(client, {limiter: listLimiter, signal})) {
			streams.push(...page);
			if (firstLoad) {
				// Thousands of streams take many pages: show the first ones while the rest arrive.
				store.set((snapshot) => ({...snapshot, streams: [...streams]}));
			}
		}
		const names = new Set(streams.map((stream) => stream.name));
		for (const name of describedAt.keys()) {
			if (!names.has(name)) {
				describedAt.delete(name);
			}
		}
		store.set((snapshot) => ({
			...snapshot,
			streams,
			summaries: new Map([...snapshot.summaries].filter(([name]) => names.has(name))),
			loaded: true,
			listedAt: Date.now(),
		}));
		listDueAt = Date.now() + listIntervalMs;
	}

	/**
	 * Describes the streams that are due. A stream the service refuses to describe (a policy that
	 * denies it, a name it will not take) does not hold up the others: the first refusal is returned,
	 * to be reported, and that stream is asked again when it is next due.
	 */
	async function describeDue(
		signal: AbortSignal,
	): Promise<{name: string; error: unknown} | undefined> {
		let refusal: {name: string; error: unknown} | undefined;
		for (const name of wanted()) {
			if (dueAt(name) > Date.now()) {
				continue;
			}
			await describeLimiter.take(signal);
			describedAt.set(name, Date.now());
			try {
				const summary = await describeStreamSummary(client, name, signal);
				store.set((snapshot) => ({
					...snapshot,
					summaries: new Map(snapshot.summaries).set(name, summary),
				}));
			} catch (error) {
				if (isRefusedForThisStream(error)) {
					refusal ??= {name, error};
					continue;
				}
				if (!isNotFound(error)) {
					throw error;
				}
				// Deleted since it was listed: it leaves the list now rather than at the next listing.
				store.set((snapshot) => {
					const summaries = new Map(snapshot.summaries);
					summaries.delete(name);
					return {
						...snapshot,
						streams: snapshot.streams.filter((stream) => stream.name !== name),
						summaries,
					};
				});
			}
		}
		return refusal;
	}

	/** A failure is being waited out (with backoff): keys that move the selection do not hurry it. */
	let failing = false;

	const loop = createPollLoop({
		async work(signal) {
			if (Date.now() >= listDueAt) {
				await list(signal);
			}
			const refusal = await describeDue(signal);
			failing = false;
			const problem = refusal && {
				message: describeError(refusal.error, {...errorContext, stream: refusal.name}),
				retryAt: dueAt(refusal.name),
			};
			if (problem || store.getSnapshot().problem) {
				store.set((snapshot) => ({...snapshot, problem}));
			}
			return Math.min(listDueAt, ...wanted().map(dueAt));
		},
		onFailure(error, retryAt) {
			failing = true;
			store.set((snapshot) => ({
				...snapshot,
				problem: {message: describeError(error, errorContext), retryAt},
			}));
		},
	});

	/** Something on screen changed: look now, unless a failure is being waited out. */
	const lookSoon = () => {
		if (!failing) {
			loop.poke();
		}
	};

	return {
		subscribe: store.subscribe,
		getSnapshot: store.getSnapshot,
		start: loop.start,
		stop: loop.stop,
		refresh() {
			listDueAt = 0;
			for (const name of wanted()) {
				describedAt.delete(name);
			}
			store.set((snapshot) =>
				snapshot.problem
					? {...snapshot, problem: {...snapshot.problem, retryAt: Date.now()}}
					: snapshot,
			);
			loop.poke();
		},
		show(names) {
			if (names.length !== visible.length || names.some((name, index) => name !== visible[index])) {
				visible = names;
				lookSoon();
			}
		},
		select(name) {
			if (name !== selected) {
				selected = name;
				lookSoon();
			}
		},
	};
}
