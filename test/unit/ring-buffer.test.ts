import {describe, expect, it} from 'vitest';
import {createRing} from '../../source/lib/ring-buffer.js';

describe('the ring buffer', () => {
	it('keeps the newest items, oldest first, and hands back what it evicts', () => {
		const ring = createRing<number>(3);
		expect([ring.push(1), ring.push(2), ring.push(3)]).toEqual([undefined, undefined, undefined]);
		expect(ring.push(4)).toBe(1);
		expect(ring.push(5)).toBe(2);
		expect(ring.size).toBe(3);
		expect(ring.slice(0, 3)).toEqual([3, 4, 5]);
		expect([ring.at(0), ring.at(2), ring.at(3), ring.at(-1)]).toEqual([3, 5, undefined, undefined]);
		expect(ring.slice(-5, 2)).toEqual([3, 4]);
	});

	it('stays the same size whatever goes through it', () => {
		const ring = createRing<number>(100);
		for (let index = 0; index < 100_000; index++) {
			ring.push(index);
		}
		expect(ring.size).toBe(100);
		expect(ring.at(0)).toBe(99_900);
		expect(ring.at(99)).toBe(99_999);
	});

	it('takes the oldest out, and empties', () => {
		const ring = createRing<string>(2);
		ring.push('a');
		ring.push('b');
		ring.push('c');
		expect(ring.shift()).toBe('b');
		expect(ring.slice(0, 2)).toEqual(['c']);
		ring.push('d');
		ring.push('e');
		expect(ring.slice(0, 2)).toEqual(['d', 'e']);
		ring.clear();
		expect(ring.size).toBe(0);
		expect(ring.shift()).toBeUndefined();
	});

	it('refuses a capacity below one', () => {
		expect(() => createRing(0)).toThrow(RangeError);
	});
});
