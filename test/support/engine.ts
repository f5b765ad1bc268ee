import process from 'node:process';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll} from 'vitest';
import type {ConnectionSettings} from '../../source/config.js';
import {createKinesisClient} from '../../source/kinesis/client.js';
import {type LocalEngine, startLocalEngine} from '../../source/local/engine.js';
import {QUICK_ENGINE} from './quick-engine.js';

/**
 * An engine of the test file's own: for the files whose volume would slow every other file down on
 * the shared engine, and for those that need the engine set otherwise (a creation that takes
 * minutes, a reshard that takes seconds). Started before the file's tests, stopped after them with
 * every client made through it.
 */
export type OwnEngine = {
	/** The plain-HTTP endpoint; only once the file's tests run (beforeAll has started the engine). */
	readonly endpoint: string;
	settings(overrides?: Partial<ConnectionSettings>): ConnectionSettings;
	/** A client of the engine (or of another endpoint in front of it, like a fault proxy). */
	client(overrides?: Partial<ConnectionSettings>): KinesisClient;
};

export function useOwnEngine(engineSettings: Readonly<Record<string, string>> = {}): OwnEngine {
	let engine: LocalEngine | undefined;
	const clients: KinesisClient[] = [];
	beforeAll(async () => {
		engine = await startLocalEngine({
			nodePath: process.execPath,
			settings: {...QUICK_ENGINE, ...engineSettings},
		});
	});
	afterAll(async () => {
		for (const client of clients) {
			client.destroy();
		}
		await engine?.stop();
	});
	const endpoint = () => {
		if (!engine) {
			throw new Error('The engine of this file starts in beforeAll: use it inside a test or hook.');
		}
		return engine.endpoint;
	};
	const settings = (overrides: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
		target: 'endpoint',
		endpoint: endpoint(),
		region: 'us-east-1',
		readOnly: false,
		placeholderCredentials: true,
		...overrides,
	});
	return {
		get endpoint() {
			return endpoint();
		},
		settings,
		client(overrides) {
			const client = createKinesisClient(settings(overrides));
			clients.push(client);
			return client;
		},
	};
}
