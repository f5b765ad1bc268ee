import {describeError, type ErrorContext} from '../kinesis/errors.js';
import {createPollLoop} from '../lib/poll-loop.js';
import {sleep} from '../lib/rate-limiter.js';
import type {ReadableStore, Store} from '../lib/store.js';
import type {Problem} from './problem.js';

/** A service's snapshot of the stream it follows. */
export type Following = {stream?: string; problem?: Problem};

/** Writes changes to the snapshot, unless the stream is no longer the one selected. */
export type Update<T> = (changes: Partial<T>) => void;

export type SelectionLoop = {
	start(): void;
	stop(): void;
	/** Follows another stream (or none): the work in flight for the last one is abandoned. */
	select(stream: string | undefined): void;
	/** Runs the work now: the user pressed r, or a write went through. */
	poke(): void;
};

/**
 * The loop of a service that follows the stream selected in the list: it waits `settleMs` after a
 * new selection (moving through a list costs no calls), runs `work` for the stream then selected, and
 * keeps any answer about a stream no longer selected out of the store. `work` says when it wants to
 * run again; a failure is the snapshot's problem, tried again with backoff.
 */
export function followSelection<T extends Following>({
	store,
	settleMs,
	errorContext,
	selected,
	work,
}: {
	store: Store<T>;
	settleMs: number;
	errorContext: ErrorContext;
	/** The snapshot once `stream` is selected, from the one before. */
	selected: (stream: string | undefined, previous: T) => T;
	work: (stream: string, signal: AbortSignal, update: Update<T>) => Promise<number>;
}): SelectionLoop {
	let current: string | undefined;
	let selectedAt = 0;
	const updateFor =
		(stream: string): Update<T> =>
		(changes) => {
			if (stream === current) {
				store.set((snapshot) => ({...snapshot, ...changes}));
			}
		};
	const loop = createPollLoop({
		async work(signal) {
			const stream = current;
			if (stream === undefined) {
				return Number.POSITIVE_INFINITY;
			}
			const settle = selectedAt + settleMs - Date.now();
			if (settle > 0) {
				await sleep(settle, signal);
			}
			const dueAt = await work(stream, signal, updateFor(stream));
			updateFor(stream)({problem: undefined} as Partial<T>);
			return dueAt;
		},
		onFailure(error, retryAt) {
			const stream = current;
			if (stream !== undefined) {
				updateFor(stream)({
					problem: {message: describeError(error, {...errorContext, stream}), retryAt},
				} as Partial<T>);
			}
		},
	});
	return {
		start: loop.start,
		stop: loop.stop,
		select(stream) {
			if (stream === current) {
				return;
			}
			current = stream;
			selectedAt = Date.now();
			store.set((snapshot) => selected(stream, snapshot));
			loop.interrupt();
		},
		poke: loop.poke,
	};
}

/** A service that follows the selected stream: its store, and the loop's controls. */
export type FollowingService<T> = ReadableStore<T> & {
	start(): void;
	stop(): void;
	select(stream: string | undefined): void;
	/** Looks again now (the r key, a write that went through); a retry waited for is cut short. */
	refresh(): void;
};

export function followingService<T extends Following>(
	store: Store<T>,
	loop: SelectionLoop,
): FollowingService<T> {
	return {
		subscribe: store.subscribe,
		getSnapshot: store.getSnapshot,
		start: loop.start,
		stop: loop.stop,
		select: loop.select,
		refresh() {
			store.set((snapshot) =>
				snapshot.problem
					? {...snapshot, problem: {...snapshot.problem, retryAt: Date.now()}}
					: snapshot,
			);
			loop.poke();
		},
	};
}
