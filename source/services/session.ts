import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ConnectionSettings} from '../kinesis/connection.js';
import {createKinesisClient} from '../kinesis/client.js';
import {describeError} from '../kinesis/errors.js';
import {createStore, type ReadableStore} from '../lib/store.js';
import type {DemoProducer} from '../local/demo.js';
import type {LocalEngine} from '../local/engine.js';

/** A message for the status bar from something other than a pane. */
export type Notice = {text: string; tone: 'error' | 'info'};

/**
 * Everything a run of the explorer or a command talks to: the client and, with --local, the embedded
 * engine with its demo streams and producer. `close` takes all of it down; `killNow` is for the last
 * synchronous moment of a process that is exiting anyway.
 */
export type Session = {
	client: KinesisClient;
	/** The settings, with the embedded engine's endpoint filled in. */
	settings: ConnectionSettings;
	engine?: LocalEngine;
	/** Resolves once the demo streams exist and the demo producer runs (at once without a demo). */
	demoReady: Promise<void>;
	notices: ReadableStore<Notice | undefined>;
	close(): Promise<void>;
	killNow(): void;
};

export type SessionOptions = {
	settings: ConnectionSettings;
	/** The Node binary that runs the embedded engine. */
	nodePath: string;
	/** With the embedded engine: create the demo streams and write to them. */
	demo?: boolean;
	demoRate?: number;
	enginePort?: number;
	/** The address the embedded engine listens on; loopback when not given. */
	engineHost?: string;
	engineSettings?: Readonly<Record<string, string>>;
};

export async function openSession(options: SessionOptions): Promise<Session> {
	const notices = createStore<Notice | undefined>(undefined);
	if (options.settings.target !== 'local') {
		const client = createKinesisClient(options.settings);
		return {
			client,
			settings: options.settings,
			demoReady: Promise.resolve(),
			notices,
			async close() {
				client.destroy();
			},
			killNow() {},
		};
	}
	// The embedded engine's code is loaded only by the sessions that start it.
	const [{startLocalEngine}, {seedDemoStreams, startDemoProducer}] = await Promise.all([
		import('../local/engine.js'),
		import('../local/demo.js'),
	]);
	const engine = await startLocalEngine({
		nodePath: options.nodePath,
		port: options.enginePort,
		host: options.engineHost,
		settings: options.engineSettings,
	});
	let closing = false;
	let producer: DemoProducer | undefined;
	const settings = {...options.settings, endpoint: engine.endpoint};
	const client = createKinesisClient(settings);
	// The demo streams are written without the read-only guard: they are the engine's, not the user's.
	const demoClient = createKinesisClient({...settings, readOnly: false});
	const close = async () => {
		closing = true;
		await producer?.stop();
		client.destroy();
		demoClient.destroy();
		await engine.stop();
	};
	void engine.exited.then((code) => {
		if (!closing) {
			notices.set({
				text: `The embedded Kinesis engine stopped (exit code ${code}); restart the explorer.`,
				tone: 'error',
			});
		}
	});
	const seedDemo = async () => {
		notices.set({text: 'Creating the demo streams…', tone: 'info'});
		await seedDemoStreams(demoClient);
		notices.set(undefined);
		if ((options.demoRate ?? 0) > 0 && !closing) {
			producer = startDemoProducer(demoClient, {
				ratePerSecond: options.demoRate ?? 0,
				onProblem: (text) => notices.set(text === undefined ? undefined : {text, tone: 'error'}),
			});
		}
	};
	// The explorer opens while the demo streams are still being made: they appear as they come.
	const demoReady = options.demo ? seedDemo() : Promise.resolve();
	demoReady.catch((error: unknown) => {
		if (!closing) {
			notices.set({
				text: `Could not create the demo streams: ${describeError(error)}`,
				tone: 'error',
			});
		}
	});
	return {client, settings, engine, demoReady, notices, close, killNow: () => engine.kill()};
}
