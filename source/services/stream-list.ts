import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {
	describeError,
	type ErrorContext,
	isNotFound,
	isRefusedForThisStream,
} from '../kinesis/errors.js';
import {createPollLoop} from '../lib/poll-loop.js';
import type {Problem} from './problem.js';
import {createRateLimiter, type RateLimiter, sleep} from '../lib/rate-limiter.js';
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

/**
 * Resolves once the list has something to show (its first streams, none, or why not), or after
 * `timeoutMs`, whichever comes first.
 */
export function firstListing(list: StreamListService, timeoutMs: number): Promise<void> {
	const listed = ({streams, loaded, problem}: StreamListSnapshot) =>
		streams.length > 0 || loaded || problem !== undefined;
	return new Promise((resolve) => {
		if (listed(list.getSnapshot())) {
			resolve();
			return;
		}
		const done = () => {
			clearTimeout(timer);
			unsubscribe();
			resolve();
		};
		const timer = setTimeout(done, timeoutMs);
		const unsubscribe = list.subscribe(() => {
			if (listed(list.getSnapshot())) {
				done();
			}
		});
	});
}

const CHANGING: ReadonlySet<StreamStatus> = new Set(['CREATING', 'UPDATING', 'DELETING']);
/** Describes in flight at once: the default limiter's burst. */
const DESCRIBE_BATCH = 10;
/** How long the first page of streams waits for the states of those at its top, to show with them. */
const FIRST_STATES_WAIT_MS = 1000;

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
	let shownAny = false;
	let selected: string | undefined;
	/** When each stream was last described (attempted), to know when it is due again. */
	const describedAt = new Map<string, number>();
	/** Streams whose description is on its way: not asked for again meanwhile. */
	const describing = new Set<string>();
	let listDueAt = 0;

	const ttlOf = (name: string) => {
		const status = store.getSnapshot().summaries.get(name)?.status;
		if (status && CHANGING.has(status)) {
			return changingTtlMs;
		}
		return name === selected ? selectedTtlMs : visibleTtlMs;
	};

	const wanted = (streams = store.getSnapshot().streams) => {
		const known = new Set(streams.map((stream) => stream.name));
		// Until the pane has shown a stream, it is about to show the top of the list: those are
		// described with the first listing, not a frame later, so the first frame has their states.
		const shown =
			visible.length > 0 || shownAny
				? visible
				: streams.slice(0, DESCRIBE_BATCH).map((stream) => stream.name);
		const names = selected === undefined ? shown : [selected, ...shown];
		return [...new Set(names)].filter((name) => known.has(name));
	};

	const dueAt = (name: string) => (describedAt.get(name) ?? Number.NEGATIVE_INFINITY) + ttlOf(name);

	async function list(signal: AbortSignal) {
		const firstLoad = !store.getSnapshot().loaded;
		const streams: StreamListing[] = [];
		for await (const page of listStreamPages(client, {limiter: listLimiter, signal})) {
			const states = firstLoad && streams.length === 0 ? await firstStates(page, signal) : [];
			streams.push(...page);
			if (firstLoad) {
				// Thousands of streams take many pages: show the first ones while the rest arrive.
				store.set((snapshot) => ({
					...snapshot,
					streams: [...streams],
					summaries: new Map([...snapshot.summaries, ...states]),
				}));
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
	 * The states of the streams at the top of the first page, for the page to show with them: every
	 * store change redraws the screen, and the first frame with the streams' states came a redraw
	 * after the one with their names. It waits for them FIRST_STATES_WAIT_MS at most; a state that
	 * comes later goes into the store when it comes, and a stream that could not be described is
	 * left to describeDue, which reports why.
	 */
	async function firstStates(
		streams: readonly StreamListing[],
		signal: AbortSignal,
	): Promise<Map<string, StreamSummary>> {
		const states = new Map<string, StreamSummary>();
		let shown = false;
		const asked = wanted(streams)
			.slice(0, DESCRIBE_BATCH)
			.map(async (name) => {
				describing.add(name);
				try {
					await describeLimiter.take(signal);
					describedAt.set(name, Date.now());
					const summary = await describeStreamSummary(client, name, signal);
					if (shown) {
						store.set((snapshot) => ({
							...snapshot,
							summaries: new Map(snapshot.summaries).set(name, summary),
						}));
					} else {
						states.set(name, summary);
					}
				} catch {
					describedAt.delete(name);
				} finally {
					describing.delete(name);
				}
			});
		const waited = new AbortController();
		await Promise.race([
			Promise.all(asked),
			sleep(FIRST_STATES_WAIT_MS, AbortSignal.any([signal, waited.signal])).catch(() => undefined),
		]);
		waited.abort();
		signal.throwIfAborted();
		shown = true;
		return states;
	}

	/**
	 * Describes the streams that are due. A stream the service refuses to describe (a policy that
	 * denies it, a name it will not take) does not hold up the others: the first refusal is returned,
	 * to be reported, and that stream is asked again when it is next due.
	 *
	 * They are described side by side, a limiter's burst at a time, and each batch's answers go into
	 * the store together: every change of the store redraws the screen, and a screen of streams
	 * described one after the other was drawn once a stream (the first full frame came last).
	 */
	async function describeDue(
		signal: AbortSignal,
	): Promise<{name: string; error: unknown} | undefined> {
		let refusal: {name: string; error: unknown} | undefined;
		const due = wanted().filter((name) => dueAt(name) <= Date.now() && !describing.has(name));
		for (let start = 0; start < due.length; start += DESCRIBE_BATCH) {
			const batch = due.slice(start, start + DESCRIBE_BATCH);
			const outcomes = await Promise.allSettled(
				batch.map(async (name) => {
					await describeLimiter.take(signal);
					describedAt.set(name, Date.now());
					return describeStreamSummary(client, name, signal);
				}),
			);
			const described = new Map<string, StreamSummary>();
			const gone = new Set<string>();
			let failure: {error: unknown} | undefined;
			for (const [index, outcome] of outcomes.entries()) {
				const name = batch[index]!;
				if (outcome.status === 'fulfilled') {
					described.set(name, outcome.value);
				} else if (isRefusedForThisStream(outcome.reason)) {
					refusal ??= {name, error: outcome.reason};
				} else if (isNotFound(outcome.reason)) {
					// Deleted since it was listed: it leaves the list now rather than at the next listing.
					gone.add(name);
				} else {
					failure ??= {error: outcome.reason};
				}
			}
			if (described.size > 0 || gone.size > 0) {
				store.set((snapshot) => {
					const summaries = new Map([...snapshot.summaries, ...described]);
					for (const name of gone) {
						summaries.delete(name);
					}
					return {
						...snapshot,
						streams:
							gone.size > 0
								? snapshot.streams.filter((stream) => !gone.has(stream.name))
								: snapshot.streams,
						summaries,
					};
				});
			}
			if (failure) {
				throw failure.error;
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
			shownAny ||= names.length > 0;
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
