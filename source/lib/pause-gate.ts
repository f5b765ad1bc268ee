/**
 * Where readers wait while the user holds them: `wait` resolves at once unless paused, else on
 * resume; it rejects with the signal's reason once the signal is aborted, paused or not.
 */
export type PauseGate = {
	wait(): Promise<void>;
	pause(): void;
	resume(): void;
};

export function createPauseGate(signal: AbortSignal): PauseGate {
	let paused = false;
	let resumers: Array<() => void> = [];
	return {
		wait() {
			if (!paused || signal.aborted) {
				return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
			}
			return new Promise((resolve, reject) => {
				const onAbort = () => reject(signal.reason);
				signal.addEventListener('abort', onAbort, {once: true});
				resumers.push(() => {
					signal.removeEventListener('abort', onAbort);
					resolve();
				});
			});
		},
		pause() {
			paused = true;
		},
		resume() {
			paused = false;
			const waiting = resumers;
			resumers = [];
			for (const resume of waiting) {
				resume();
			}
		},
	};
}
