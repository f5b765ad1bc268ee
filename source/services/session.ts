import type {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ConnectionSettings} from '../kinesis/connection.js';
import {createKinesisClient} from '../kinesis/client.js';
import {createDynamoDBClient} from '../kinesis/dynamodb-client.js';
import {describeError} from '../kinesis/errors.js';
import {createLeaseWriter} from '../kinesis/lease-writer.js';
import {createStore, type ReadableStore} from '../lib/store.js';
import type {DemoProducer} from '../local/demo.js';
import type {DemoConsumer} from '../local/demo-consumer.js';
import type {LocalDynamoDB} from '../local/dynalite.js';
import type {LocalEngine} from '../local/engine.js';

/** A message for the status bar from something other than a pane. */
export type Notice = {text: string; tone: 'error' | 'info'};

/**
 * Everything a run of the explorer or a command talks to: the clients and, with --local, the
 * embedded engines (Kinesis and DynamoDB) with the demo streams, producer and consumer application.
 * `close` takes all of it down; `killNow` is for the last synchronous moment of a process that is
 * exiting anyway.
 */
export type Session = {
	client: KinesisClient;
	/** Reads the KCL lease tables, and nothing else. */
	dynamodb: DynamoDBClient;
	/** The settings, with the embedded engines' endpoints filled in. */
	settings: ConnectionSettings;
	engine?: LocalEngine;
	dynamodbEngine?: LocalDynamoDB;
	/**
	 * Resolves once the demo streams exist and the demo producer and consumer application run (at once
	 * without a demo).
	 */
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
		const dynamodb = createDynamoDBClient(options.settings);
		return {
			client,
			dynamodb,
			settings: options.settings,
			demoReady: Promise.resolve(),
			notices,
			async close() {
				client.destroy();
				dynamodb.destroy();
			},
			killNow() {},
		};
	}
	// The embedded engines' code is loaded only by the sessions that start them.
	const [
		{startLocalEngine},
		{startLocalDynamoDB},
		{seedDemoStreams, startDemoProducer},
		{startDemoConsumer},
	] = await Promise.all([
		import('../local/engine.js'),
		import('../local/dynalite.js'),
		import('../local/demo.js'),
		import('../local/demo-consumer.js'),
	]);
	const [started, dynamodbStarted] = await Promise.allSettled([
		startLocalEngine({
			nodePath: options.nodePath,
			port: options.enginePort,
			host: options.engineHost,
			settings: options.engineSettings,
		}),
		startLocalDynamoDB({nodePath: options.nodePath, host: options.engineHost}),
	]);
	if (started.status === 'rejected' || dynamodbStarted.status === 'rejected') {
		// One started without the other: it goes too.
		await Promise.all(
			[started, dynamodbStarted].map((result) =>
				result.status === 'fulfilled' ? result.value.stop() : undefined,
			),
		);
		throw started.status === 'rejected'
			? started.reason
			: (dynamodbStarted as PromiseRejectedResult).reason;
	}
	const engine = started.value;
	const dynamodbEngine = dynamodbStarted.value;
	let closing = false;
	let producer: DemoProducer | undefined;
	let consumer: DemoConsumer | undefined;
	const settings = {
		...options.settings,
		endpoint: engine.endpoint,
		dynamodbEndpoint: dynamodbEngine.endpoint,
	};
	const client = createKinesisClient(settings);
	const dynamodb = createDynamoDBClient(settings);
	// The demo streams are written without the read-only guard: they are the engine's, not the user's.
	const demoClient = createKinesisClient({...settings, readOnly: false});
	const leaseWriter = createLeaseWriter(dynamodbEngine.endpoint);
	const close = async () => {
		closing = true;
		await Promise.all([producer?.stop(), consumer?.stop()]);
		client.destroy();
		dynamodb.destroy();
		demoClient.destroy();
		leaseWriter.destroy();
		await Promise.all([engine.stop(), dynamodbEngine.stop()]);
	};
	for (const [name, exited] of [
		['Kinesis engine', engine.exited],
		['DynamoDB (dynalite)', dynamodbEngine.exited],
	] as const) {
		void exited.then((code) => {
			if (!closing) {
				notices.set({
					text: `The embedded ${name} stopped (exit code ${code}); restart the explorer.`,
					tone: 'error',
				});
			}
		});
	}
	const onProblem = (text: string | undefined) =>
		notices.set(text === undefined ? undefined : {text, tone: 'error'});
	const seedDemo = async () => {
		notices.set({text: 'Creating the demo streams…', tone: 'info'});
		await seedDemoStreams(demoClient);
		notices.set(undefined);
		if (closing) {
			return;
		}
		if ((options.demoRate ?? 0) > 0) {
			producer = startDemoProducer(demoClient, {ratePerSecond: options.demoRate ?? 0, onProblem});
		}
		// The demo's KCL application is the consumers view's: the streams go on without it.
		try {
			consumer = await startDemoConsumer(demoClient, leaseWriter, {onProblem});
		} catch (error) {
			if (!closing) {
				onProblem(`Could not start the demo KCL application: ${describeError(error)}`);
			}
			return;
		}
		if (closing) {
			// Closed while its lease table was being made: close did not see it to stop it.
			await consumer.stop();
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
	return {
		client,
		dynamodb,
		settings,
		engine,
		dynamodbEngine,
		demoReady,
		notices,
		close,
		killNow() {
			engine.kill();
			dynamodbEngine.kill();
		},
	};
}
