import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll} from 'vitest';
import type {ConnectionSettings} from '../../source/kinesis/connection.js';
import {type ClientOptions, createKinesisClient} from '../../source/kinesis/client.js';
import {type LocalEngine, startLocalEngine} from '../../source/local/engine.js';
import type {Transport} from './kinesis.js';
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
	client(overrides?: Partial<ConnectionSettings>, options?: ClientOptions): KinesisClient;
	/**
	 * The settings for one of the two ways to the engine: plain HTTP/1.1, as to LocalStack, or HTTPS
	 * with the SDK's default HTTP/2 handler, as to AWS, its certificate trusted by that client alone.
	 */
	over(transport: Transport): Partial<ConnectionSettings>;
	/** The same, as the CLI's flags. */
	endpointFlags(transport: Transport): string[];
};

export function useOwnEngine(engineSettings: Readonly<Record<string, string>> = {}): OwnEngine {
	let engine: LocalEngine | undefined;
	let directory: string | undefined;
	let caBundle = '';
	const clients: KinesisClient[] = [];
	beforeAll(async () => {
		engine = await startLocalEngine({
			nodePath: process.execPath,
			settings: {...QUICK_ENGINE, ...engineSettings},
		});
		directory = await mkdtemp(path.join(tmpdir(), 'kinesis-explorer-engine-ca-'));
		caBundle = path.join(directory, 'ca.pem');
		await writeFile(caBundle, engine.certificate);
	});
	afterAll(async () => {
		for (const client of clients) {
			client.destroy();
		}
		await engine?.stop();
		if (directory) {
			await rm(directory, {recursive: true, force: true});
		}
	});
	const started = () => {
		if (!engine) {
			throw new Error('The engine of this file starts in beforeAll: use it inside a test or hook.');
		}
		return engine;
	};
	const settings = (overrides: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
		target: 'endpoint',
		endpoint: started().endpoint,
		region: 'us-east-1',
		readOnly: false,
		placeholderCredentials: true,
		...overrides,
	});
	return {
		get endpoint() {
			return started().endpoint;
		},
		settings,
		client(overrides, options) {
			const client = createKinesisClient(settings(overrides), options);
			clients.push(client);
			return client;
		},
		over(transport) {
			return transport === 'http'
				? {endpoint: started().endpoint}
				: {endpoint: started().tlsEndpoint, caBundle: started().certificate};
		},
		endpointFlags(transport) {
			return transport === 'http'
				? ['--endpoint-url', started().endpoint]
				: ['--endpoint-url', started().tlsEndpoint, '--ca-bundle', caBundle];
		},
	};
}
