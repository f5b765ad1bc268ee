import {describe, expect, it} from 'vitest';
import {backoffDelay, createRateLimiter} from '../../source/lib/rate-limiter.js';

/** A clock that only moves when the limiter sleeps: the test reads how long it would have waited. */
function fakeClock() {
	let time = 0;
	return {
		now: () => time,
		sleep: async (ms: number) => {
			time += ms;
		},
	};
}

describe('rate limiter', () => {
	it('lets a burst through at once, then paces calls at the rate', async () => {
		const clock = fakeClock();
		const limiter = createRateLimiter({perSecond: 4, burst: 2, ...clock});
		const times: number[] = [];
		for (let call = 0; call < 6; call++) {
			await limiter.take();
			times.push(clock.now());
		}
		expect(times).toEqual([0, 0, 250, 500, 750, 1000]);
	});

	it('hands out tokens in order to callers that wait together', async () => {
		const clock = fakeClock();
		const limiter = createRateLimiter({perSecond: 10, burst: 1, ...clock});
		const order: number[] = [];
		await Promise.all([0, 1, 2, 3].map((caller) => limiter.take().then(() => order.push(caller))));
		expect(order).toEqual([0, 1, 2, 3]);
		expect(clock.now()).toBe(300);
	});

	it('gives up waiting when aborted', async () => {
		const limiter = createRateLimiter({perSecond: 0.001, burst: 1});
		await limiter.take();
		const controller = new AbortController();
		const waiting = limiter.take(controller.signal);
		controller.abort(new Error('stopped'));
		await expect(waiting).rejects.toThrow('stopped');
	});
});

describe('backoff', () => {
	it('grows exponentially between half and all of its ceiling, capped', () => {
		expect(backoffDelay(0, {random: () => 0})).toBe(500);
		expect(backoffDelay(0, {random: () => 1})).toBe(1000);
		expect(backoffDelay(3, {random: () => 0.5})).toBe(6000);
		expect(backoffDelay(20, {random: () => 1})).toBe(30_000);
	});
});
