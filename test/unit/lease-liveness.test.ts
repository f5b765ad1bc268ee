import {describe, expect, it} from 'vitest';
import {livenessOf, sightCounter} from '../../source/model/lease-liveness.js';

/** A lease's counter seen by scans at the given times (ms), and what it says of the owner at the last. */
function seen(scans: Array<[time: number, counter: bigint]>, stallAfterMs: number) {
	let sighting;
	for (const [time, counter] of scans) {
		sighting = sightCounter(sighting, counter, time);
	}
	const last = scans.at(-1)![0];
	return livenessOf(sighting!, last, stallAfterMs);
}

describe('whether a lease’s owner lives', () => {
	it('cannot tell from one scan', () => {
		expect(seen([[0, 5n]], 0)).toEqual({state: 'watching'});
	});

	it('alive once the counter moved between scans', () => {
		expect(
			seen(
				[
					[0, 5n],
					[1000, 6n],
				],
				10_000,
			),
		).toEqual({state: 'alive'});
	});

	it('stalled once two scans found it still, the failover time apart, since the first of them', () => {
		const still: Array<[number, bigint]> = [
			[0, 5n],
			[4000, 6n],
			[9000, 6n],
		];
		expect(seen(still, 10_000)).toEqual({state: 'alive'});
		expect(seen([...still, [14_000, 6n]], 10_000)).toEqual({state: 'stalled', since: 4000});
		// It moves again: alive.
		expect(seen([...still, [14_000, 6n], [15_000, 7n]], 10_000)).toEqual({state: 'alive'});
	});

	it('watching, not stalled, while a counter never seen to move has not been still that long', () => {
		expect(
			seen(
				[
					[0, 5n],
					[2000, 5n],
				],
				10_000,
			),
		).toEqual({state: 'watching'});
	});
});
