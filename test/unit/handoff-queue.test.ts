import {describe, expect, it} from 'vitest';
import {createHandoffQueue} from '../../source/lib/handoff-queue.js';

describe('the handoff queue', () => {
	it('hands every item over once, in order, and ends once closed and emptied', async () => {
		const queue = createHandoffQueue<number>(1000);
		const taken: number[] = [];
		const consumer = (async () => {
			for await (const item of queue) {
				taken.push(item);
			}
		})();
		for (let start = 0; start < 5000; start += 700) {
			await queue.push(Array.from({length: 700}, (_, offset) => start + offset));
		}
		queue.close();
		await consumer;
		expect(taken).toEqual(Array.from({length: 5600}, (_, index) => index));
	});

	it('holds a producer back while it is full, and lets it go as the consumer takes', async () => {
		const queue = createHandoffQueue<number>(3);
		let pushed = false;
		const push = queue.push([1, 2, 3, 4]).then(() => {
			pushed = true;
		});
		await Promise.resolve();
		expect(pushed).toBe(false);
		const iterator = queue[Symbol.asyncIterator]();
		expect(await iterator.next()).toEqual({done: false, value: 1});
		expect(pushed).toBe(false);
		expect(await iterator.next()).toEqual({done: false, value: 2});
		await push;
		expect(pushed).toBe(true);
		queue.close();
		expect(await iterator.next()).toEqual({done: false, value: 3});
		expect(await iterator.next()).toEqual({done: false, value: 4});
		expect(await iterator.next()).toEqual({done: true, value: undefined});
		await expect(queue.push([5])).rejects.toThrow(/closed/);
	});

	it('lets a waiting producer go when it is closed', async () => {
		const queue = createHandoffQueue<number>(1);
		const push = queue.push([1, 2]);
		queue.close();
		await expect(push).resolves.toBeUndefined();
	});
});
