/**
 * Whether a lease's owner lives: the KCL worker that holds a lease renews it every few seconds by
 * incrementing its counter, and other workers take it over once the counter has stood still for the
 * application's failover time (10 s by default). The explorer does the same from outside: it compares
 * the counter between its scans of the table.
 */

/** What the scans have seen of one lease's counter. */
export type CounterSighting = {
	counter: bigint;
	/** When a scan first saw the counter at this value (ms since the epoch). */
	since: number;
	/** How many scans have seen it at this value. */
	sightings: number;
	/** Whether it ever moved while watched: an owner renewed it. */
	moved: boolean;
};

export type Liveness =
	/** Not seen long enough to tell. */
	| {state: 'watching'}
	| {state: 'alive'}
	/** The counter has stood still since `since` (at least: the scan that first saw it). */
	| {state: 'stalled'; since: number};

/** The sighting after a scan that found the counter at `counter`. */
export function sightCounter(
	previous: CounterSighting | undefined,
	counter: bigint,
	now: number,
): CounterSighting {
	if (previous === undefined) {
		return {counter, since: now, sightings: 1, moved: false};
	}
	if (previous.counter !== counter) {
		return {counter, since: now, sightings: 1, moved: true};
	}
	return {...previous, sightings: previous.sightings + 1};
}

/**
 * Stalled once two scans found the same counter `stallAfterMs` or more apart; alive once it moved,
 * until then.
 */
export function livenessOf(sighting: CounterSighting, now: number, stallAfterMs: number): Liveness {
	if (sighting.sightings >= 2 && now - sighting.since >= stallAfterMs) {
		return {state: 'stalled', since: sighting.since};
	}
	return sighting.moved ? {state: 'alive'} : {state: 'watching'};
}

/** The KCL's default failover time: a counter still this long means the owner is gone. */
export const KCL_FAILOVER_MS = 10_000;
