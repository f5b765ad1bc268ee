import {describe, expect, it} from 'vitest';
import {createPauseGate} from '../../source/lib/pause-gate.js';

describe('the pause gate', () => {
	it('lets readers through unless paused, and holds them all until resumed', async () => {
		const gate = createPauseGate(new AbortController().signal);
		await expect(gate.wait()).resolves.toBeUndefined();
		gate.pause();
		let through = 0;
		const waits = [gate.wait(), gate.wait()].map((wait) => wait.then(() => through++));
		await Promise.resolve();
		expect(through).toBe(0);
		gate.resume();
		await Promise.all(waits);
		expect(through).toBe(2);
	});

	it('lets no reader through once the signal is aborted, paused or not', async () => {
		const controller = new AbortController();
		const gate = createPauseGate(controller.signal);
		gate.pause();
		const held = gate.wait();
		controller.abort(new Error('stopped'));
		await expect(held).rejects.toThrow('stopped');
		gate.resume();
		await expect(gate.wait()).rejects.toThrow('stopped');
	});
});
