import {describe, expect, it} from 'vitest';
import {
	afterPoll,
	DEFAULT_TIMING,
	initialMachine,
	type PollResult,
	type ReaderMachine,
} from '../../source/model/poll-timing.js';
import {isFatal} from '../../source/kinesis/errors.js';

const records = (overrides: Partial<Extract<PollResult, {kind: 'records'}>> = {}): PollResult => ({
	kind: 'records',
	count: 3,
	full: false,
	millisBehindLatest: 0,
	closed: false,
	...overrides,
});
const half = () => 0.5;

/** Runs results through the machine, as the reader does. */
function run(results: PollResult[], random = half) {
	let machine: ReaderMachine = initialMachine;
	return results.map((result) => {
		const next = afterPoll(machine, result, DEFAULT_TIMING, random);
		machine = next.machine;
		return next;
	});
}

describe('the shard reader state machine', () => {
	it('polls fast only while behind, and about a second apart once caught up', () => {
		const [behind, caughtUp, full] = run([
			records({millisBehindLatest: 5000}),
			records({millisBehindLatest: 0}),
			records({millisBehindLatest: undefined, full: true}),
		]);
		expect(behind).toMatchObject({
			action: 'poll',
			delayMs: 250,
			machine: {state: 'reading', millisBehindLatest: 5000},
		});
		expect(caughtUp).toMatchObject({action: 'poll', delayMs: 1000, machine: {state: 'caught-up'}});
		// An engine that does not report the lag is behind while its answers come back full.
		expect(full).toMatchObject({action: 'poll', delayMs: 250, machine: {state: 'reading'}});
	});

	it('never polls a shard more than 4 times a second, leaving the fifth to other readers', () => {
		const steps = run([
			records({millisBehindLatest: 1}),
			records({full: true}),
			records({millisBehindLatest: 0}),
			{kind: 'throttled', problem: 'x'},
			{kind: 'failed', problem: 'x'},
			records({millisBehindLatest: 1}),
		]);
		expect(Math.min(...steps.map((step) => step.delayMs))).toBeGreaterThanOrEqual(250);
	});

	it('backs off exponentially with jitter while throttled, and recovers at once', () => {
		const throttled: PollResult = {kind: 'throttled', problem: 'Throttled by Kinesis.'};
		const steps = run([throttled, throttled, throttled, throttled, records()]);
		expect(steps.slice(0, 4).map((step) => step.machine.state)).toEqual([
			'throttled',
			'throttled',
			'throttled',
			'throttled',
		]);
		// With the jitter at its middle: 3/4 of 1 s, 2 s, 4 s, 8 s.
		expect(steps.slice(0, 4).map((step) => step.delayMs)).toEqual([750, 1500, 3000, 6000]);
		expect(steps[3]?.machine).toMatchObject({failures: 4, problem: 'Throttled by Kinesis.'});
		expect(steps[4]).toMatchObject({machine: {state: 'caught-up', failures: 0}, delayMs: 1000});
		expect(steps[4]?.machine.problem).toBeUndefined();
	});

	it('spreads retries out: the jitter moves the wait between half and all of the ceiling', () => {
		const failed: PollResult = {kind: 'failed', problem: 'Cannot reach Kinesis.'};
		const low = run([failed, failed, failed], () => 0);
		const high = run([failed, failed, failed], () => 1);
		expect(low.map((step) => step.delayMs)).toEqual([500, 1000, 2000]);
		expect(high.map((step) => step.delayMs)).toEqual([1000, 2000, 4000]);
		expect(low[2]?.machine.state).toBe('retrying');
	});

	it('caps the backoff', () => {
		const failed: PollResult = {kind: 'failed', problem: 'x'};
		const steps = run(
			Array.from({length: 12}, () => failed),
			() => 1,
		);
		expect(steps.at(-1)?.delayMs).toBe(DEFAULT_TIMING.maxBackoffMs);
	});

	it('renews an expired iterator at once, and backs off when renewing keeps expiring', () => {
		const steps = run([records(), {kind: 'expired'}, {kind: 'expired'}, records()]);
		expect(steps[1]).toMatchObject({action: 'renew', delayMs: 0, machine: {state: 'renewing'}});
		expect(steps[2]).toMatchObject({action: 'renew', machine: {state: 'renewing'}});
		expect(steps[2]?.delayMs).toBeGreaterThan(0);
		expect(steps[3]).toMatchObject({action: 'poll', machine: {state: 'caught-up', failures: 0}});
	});

	it('ends when the shard is closed and read to its end', () => {
		const [step] = run([records({closed: true, millisBehindLatest: 0})]);
		expect(step).toMatchObject({action: 'end', machine: {state: 'closed'}});
	});

	it('gives up only on errors no wait will cure', () => {
		const named = (name: string) => Object.assign(new Error('x'), {name});
		expect(isFatal(named('ResourceNotFoundException'))).toBe(true);
		expect(isFatal(named('AccessDeniedException'))).toBe(true);
		expect(isFatal(named('ReadOnlyError'))).toBe(true);
		expect(isFatal(named('ProvisionedThroughputExceededException'))).toBe(false);
		expect(isFatal(named('ExpiredIteratorException'))).toBe(false);
		expect(isFatal(named('InternalFailure'))).toBe(false);
		expect(isFatal(Object.assign(new Error('read ECONNRESET'), {code: 'ECONNRESET'}))).toBe(false);
	});
});
