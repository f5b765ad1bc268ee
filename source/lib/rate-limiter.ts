/**
 * A token bucket that keeps a kind of call under its documented per-second limit (ListStreams 5/s per
 * account, DescribeStreamSummary 20/s, …), so a live view never spends the quota that the user's
 * production applications share with it.
 */
export type RateLimiter = {
	/** Resolves when a call may be made; rejects with the signal's reason if it is aborted first. */
	take(signal?: AbortSignal): Promise<void>;
};

export type RateLimiterOptions = {
	perSecond: number;
	burst: number;
	now?: () => number;
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
	const {perSecond, burst, now = Date.now, sleep: wait = sleep} = options;
	let tokens = burst;
	let updatedAt = now();
	// Takers queue up so that each gets its own token, in order.
	let queue: Promise<void> = Promise.resolve();

	const refill = () => {
		const time = now();
		tokens = Math.min(burst, tokens + ((time - updatedAt) * perSecond) / 1000);
		updatedAt = time;
	};

	const takeOne = async (signal?: AbortSignal) => {
		refill();
		while (tokens < 1) {
			await wait(Math.ceil(((1 - tokens) * 1000) / perSecond), signal);
			refill();
		}
		tokens -= 1;
	};

	return {
		take(signal) {
			const turn = queue.then(() => takeOne(signal));
			queue = turn.catch(() => undefined);
			return turn;
		},
	};
}

/** setTimeout as a promise that an AbortSignal can cut short. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(signal.reason);
			return;
		}
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** The longest a retry waits by default: what a live pane that keeps failing waits between tries. */
export const BACKOFF_CAP_MS = 30_000;

/**
 * Exponential backoff with jitter: the n-th retry (from 0) waits between half and all of base·2ⁿ,
 * capped, so that many clients retrying at once spread out.
 */
export function backoffDelay(
	attempt: number,
	{baseMs = 1000, maxMs = BACKOFF_CAP_MS, random = Math.random} = {},
): number {
	const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
