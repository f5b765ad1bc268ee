import {backoffDelay, sleep} from './rate-limiter.js';

/**
 * The loop a live service runs: `work` does what is due and says when it wants to run next; `poke`
 * runs it now (the selection changed, a write went through, the user pressed r); `interrupt` also
 * abandons the work in flight, whose answer nobody wants any more. A failure is handed to `onFailure`
 * and retried with backoff.
 */
export type PollLoop = {
	start(): void;
	stop(): void;
	poke(): void;
	interrupt(): void;
};

export function createPollLoop({
	work,
	onFailure,
}: {
	/** Resolves with the time (ms since the epoch) to run again; Infinity waits for a poke. */
	work: (signal: AbortSignal) => Promise<number>;
	onFailure: (error: unknown, retryAt: number) => void;
}): PollLoop {
	let stopper: AbortController | undefined;
	let cycle: AbortController | undefined;
	let wake: (() => void) | undefined;
	let poked = false;
	let failures = 0;
	let dueAt = 0;

	const poke = () => {
		poked = true;
		wake?.();
	};

	async function idle(stop: AbortSignal) {
		const wait = dueAt - Date.now();
		if (wait > 0 && !poked) {
			const woken = new AbortController();
			wake = () => woken.abort();
			try {
				// Infinity is beyond setTimeout's range: a day is as good as forever between pokes.
				await sleep(Math.min(wait, 86_400_000), AbortSignal.any([stop, woken.signal]));
			} catch (error) {
				if (stop.aborted) {
					throw error;
				}
			} finally {
				wake = undefined;
			}
		}
		poked = false;
	}

	async function run(stop: AbortSignal) {
		while (!stop.aborted) {
			cycle = new AbortController();
			const signal = AbortSignal.any([stop, cycle.signal]);
			try {
				dueAt = await work(signal);
				failures = 0;
			} catch (error) {
				if (stop.aborted) {
					return;
				}
				if (!cycle.signal.aborted) {
					dueAt = Date.now() + backoffDelay(failures++);
					onFailure(error, dueAt);
				}
			}
			try {
				await idle(stop);
			} catch {
				return;
			}
		}
	}

	return {
		start() {
			if (stopper) {
				return;
			}
			stopper = new AbortController();
			poked = false;
			void run(stopper.signal);
		},
		stop() {
			stopper?.abort();
			stopper = undefined;
		},
		poke() {
			failures = 0;
			poke();
		},
		interrupt() {
			failures = 0;
			cycle?.abort();
			poke();
		},
	};
}
