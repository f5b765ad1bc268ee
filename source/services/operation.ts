import {describeError, type ErrorContext} from '../kinesis/errors.js';
import type {Store} from '../lib/store.js';

/** A write the user asked for, as the pane that asked reports it: under way, done, or why it failed. */
export type Operation = {text: string; state: 'running' | 'done' | 'failed'};

/**
 * Runs a write, keeping `operation` in the store up to date. Never rejects: a failure is the
 * operation's state, in the service's own words.
 */
export async function perform<T extends {operation?: Operation}>(
	store: Store<T>,
	texts: {running: string; done: string},
	call: () => Promise<void>,
	errorContext: ErrorContext,
): Promise<boolean> {
	store.set((snapshot) => ({...snapshot, operation: {text: texts.running, state: 'running'}}));
	try {
		await call();
		store.set((snapshot) => ({...snapshot, operation: {text: texts.done, state: 'done'}}));
		return true;
	} catch (error) {
		store.set((snapshot) => ({
			...snapshot,
			operation: {text: describeError(error, errorContext), state: 'failed'},
		}));
		return false;
	}
}
