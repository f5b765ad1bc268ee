/**
 * Items handed from producers that come in batches to one consumer that takes them one at a time:
 * `push` resolves once the queue has room again (a slow consumer holds the producers back), the
 * consumer iterates, and the iteration ends once the queue is closed and emptied.
 */
export type HandoffQueue<T> = AsyncIterable<T> & {
	push(items: readonly T[]): Promise<void>;
	/** No more items will come; those queued are still taken. Waiting producers go on. */
	close(): void;
};

export function createHandoffQueue<T>(capacity: number): HandoffQueue<T> {
	let items: T[] = [];
	/** Taken items are skipped, not shifted off one by one (a shift moves every item behind it). */
	let head = 0;
	let closed = false;
	let consumer: (() => void) | undefined;
	let producers: Array<() => void> = [];

	const size = () => items.length - head;
	const wakeConsumer = () => {
		const wake = consumer;
		consumer = undefined;
		wake?.();
	};
	const wakeProducers = () => {
		const waiting = producers;
		producers = [];
		for (const wake of waiting) {
			wake();
		}
	};

	const next = async (): Promise<IteratorResult<T>> => {
		while (size() === 0) {
			if (closed) {
				return {done: true, value: undefined};
			}
			await new Promise<void>((resolve) => {
				consumer = resolve;
			});
		}
		const value = items[head] as T;
		head++;
		if (head === items.length) {
			items = [];
			head = 0;
		} else if (head >= 1024 && head * 2 >= items.length) {
			items = items.slice(head);
			head = 0;
		}
		if (size() < capacity) {
			wakeProducers();
		}
		return {done: false, value};
	};

	return {
		async push(batch) {
			if (closed) {
				throw new Error('Items pushed into a closed queue.');
			}
			for (const item of batch) {
				items.push(item);
			}
			wakeConsumer();
			while (size() >= capacity && !closed) {
				await new Promise<void>((resolve) => {
					producers.push(resolve);
				});
			}
		},
		close() {
			closed = true;
			wakeConsumer();
			wakeProducers();
		},
		[Symbol.asyncIterator]: () => ({next}),
	};
}
