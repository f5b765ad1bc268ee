import {backoffDelay} from '../lib/rate-limiter.js';

/**
 * How a shard's reader paces its GetRecords calls, without I/O: what happened, and what it does next.
 * GetRecords allows 5 calls a second per shard, shared by every consumer of the shard: a reader polls
 * fast only while behind, backs off when caught up, and backs off with jitter on throttles and
 * failures.
 */

export type ReaderState =
	'starting' | 'reading' | 'caught-up' | 'throttled' | 'retrying' | 'renewing' | 'closed';

export type PollTiming = {
	/**
	 * Between the starts of two calls while behind. GetRecords allows 5 calls a second per shard,
	 * shared with every other consumer: 250 ms (4 a second) leaves room for the others.
	 */
	behindMs: number;
	/** Between calls once caught up: new records show within about this long. */
	caughtUpMs: number;
	throttleBaseMs: number;
	retryBaseMs: number;
	maxBackoffMs: number;
};

export const DEFAULT_TIMING: PollTiming = {
	behindMs: 250,
	caughtUpMs: 1000,
	throttleBaseMs: 1000,
	retryBaseMs: 1000,
	maxBackoffMs: 30_000,
};

/** The reader's state machine, without I/O: what happened, and what it does next. */
export type ReaderMachine = {
	state: ReaderState;
	/** Failed calls in a row, for the backoff. */
	failures: number;
	millisBehindLatest?: number;
	problem?: string;
};

export type PollResult =
	| {
			kind: 'records';
			count: number;
			/** The call came back as full as it may: more is waiting. */
			full: boolean;
			millisBehindLatest?: number;
			/** No next iterator: the shard is closed and read to its end. */
			closed: boolean;
	  }
	| {kind: 'throttled'; problem: string}
	| {kind: 'expired'}
	| {kind: 'failed'; problem: string};

export type NextStep = {
	machine: ReaderMachine;
	action: 'poll' | 'renew' | 'end';
	/** How long after the last call started the next one may start. */
	delayMs: number;
};

export const initialMachine: ReaderMachine = {state: 'starting', failures: 0};

export function afterPoll(
	machine: ReaderMachine,
	result: PollResult,
	timing: PollTiming = DEFAULT_TIMING,
	random: () => number = Math.random,
): NextStep {
	switch (result.kind) {
		case 'records': {
			if (result.closed) {
				return {
					machine: {state: 'closed', failures: 0, millisBehindLatest: 0},
					action: 'end',
					delayMs: 0,
				};
			}
			// Engines that do not report the lag are behind while their answers come back full.
			const behind = (result.millisBehindLatest ?? 0) > 0 || result.full;
			return {
				machine: {
					state: behind ? 'reading' : 'caught-up',
					failures: 0,
					millisBehindLatest: result.millisBehindLatest,
				},
				action: 'poll',
				delayMs: behind ? timing.behindMs : timing.caughtUpMs,
			};
		}
		case 'throttled': {
			return {
				machine: {
					...machine,
					state: 'throttled',
					failures: machine.failures + 1,
					problem: result.problem,
				},
				action: 'poll',
				delayMs: backoffDelay(machine.failures, {
					baseMs: timing.throttleBaseMs,
					maxMs: timing.maxBackoffMs,
					random,
				}),
			};
		}
		case 'failed': {
			return {
				machine: {
					...machine,
					state: 'retrying',
					failures: machine.failures + 1,
					problem: result.problem,
				},
				action: 'poll',
				delayMs: backoffDelay(machine.failures, {
					baseMs: timing.retryBaseMs,
					maxMs: timing.maxBackoffMs,
					random,
				}),
			};
		}
		case 'expired': {
			// Renewing is one call; an iterator that keeps expiring at once is backed off like a failure.
			return {
				machine: {...machine, state: 'renewing', failures: machine.failures + 1},
				action: 'renew',
				delayMs:
					machine.state === 'renewing'
						? backoffDelay(machine.failures, {
								baseMs: timing.retryBaseMs,
								maxMs: timing.maxBackoffMs,
								random,
							})
						: 0,
			};
		}
	}
}
