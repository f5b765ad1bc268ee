/**
 * The newest `capacity` items, oldest first, in a fixed array that is written round and round: adding
 * one is O(1) and memory never grows past the capacity, whatever the rate.
 */
export type ReadonlyRing<T> = {
	readonly size: number;
	readonly capacity: number;
	/** The item `index` places from the oldest; undefined outside 0 … size−1. */
	at(index: number): T | undefined;
	/** The items from `start` to before `end` (indexes as for `at`). */
	slice(start: number, end: number): T[];
};

export type Ring<T> = ReadonlyRing<T> & {
	/** Adds an item; returns the oldest one when it had to make room. */
	push(item: T): T | undefined;
	/** Takes the oldest item out. */
	shift(): T | undefined;
	clear(): void;
};

export function createRing<T>(capacity: number): Ring<T> {
	if (!Number.isInteger(capacity) || capacity < 1) {
		throw new RangeError(`A ring holds at least one item (asked for ${capacity}).`);
	}
	let items: Array<T | undefined> = new Array<T | undefined>(capacity);
	let head = 0;
	let size = 0;
	const at = (index: number): T | undefined =>
		index >= 0 && index < size ? items[(head + index) % capacity] : undefined;
	return {
		get size() {
			return size;
		},
		capacity,
		at,
		slice(start, end) {
			const from = Math.max(0, start);
			const to = Math.min(size, end);
			const out: T[] = [];
			for (let index = from; index < to; index++) {
				out.push(at(index) as T);
			}
			return out;
		},
		push(item) {
			if (size < capacity) {
				items[(head + size) % capacity] = item;
				size++;
				return undefined;
			}
			const evicted = items[head];
			items[head] = item;
			head = (head + 1) % capacity;
			return evicted;
		},
		shift() {
			if (size === 0) {
				return undefined;
			}
			const oldest = items[head];
			items[head] = undefined;
			head = (head + 1) % capacity;
			size--;
			return oldest;
		},
		clear() {
			items = new Array<T | undefined>(capacity);
			head = 0;
			size = 0;
		},
	};
}
