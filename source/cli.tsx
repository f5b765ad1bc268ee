#!/usr/bin/env node
import process from 'node:process';
import {type Invocation, readCommandLine} from './command-line.js';
import {runConsumers} from './commands/consumers.js';
import {runCopy} from './commands/copy.js';
import {runLs} from './commands/ls.js';
import {runPut} from './commands/put.js';
import {runServe} from './commands/serve.js';
import {runShards} from './commands/shards.js';
import {runStats} from './commands/stats.js';
import {runTail} from './commands/tail.js';
import {TailTargetError} from './services/tail/tailer.js';
import type {ConnectionSettings} from './kinesis/connection.js';
import {resolveConnection, UsageError} from './config.js';
import {DEFAULT_SERVE_PORT, scriptCommands} from './flags.js';
import {clientRegion} from './kinesis/client.js';
import {describeError} from './kinesis/errors.js';
import {createServices, startServices, stopServices} from './services/services.js';
import {openSession, type Session} from './services/session.js';
import {firstListing} from './services/stream-list.js';

// What ps and top call the process, rather than node.
process.title = 'kinesis-explorer';

// The SDK warns on every start that its releases from 2027 on will need Node 22. The version in the
// lock file runs on Node 20, and the warning would print over the explorer's screen.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// NO_COLOR (no-color.org): set and not empty, no colours, unless FORCE_COLOR asks for them. The
// screen's colours come from chalk, which reads FORCE_COLOR, not NO_COLOR, when it loads: the screen
// loads after this line.
if (process.env.NO_COLOR && process.env.FORCE_COLOR === undefined) {
	process.env.FORCE_COLOR = '0';
}

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const FIRST_FRAME_WAIT_MS = 500;
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';

let session: Session | undefined;
let onAlternateScreen = false;

// Whatever way the process ends, the engine ends with it (the engine also watches its stdin pipe,
// for the ways out that run no code at all, like SIGKILL).
process.on('exit', () => session?.killNow());

let requestStop: (signal: NodeJS.Signals) => void = () => undefined;
const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
	requestStop = resolve;
});
/** The same request, for the commands that stop what they are doing through an AbortSignal. */
const stopController = new AbortController();
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		if (stopping) {
			// A second ctrl+c while shutting down: stop waiting.
			exitNow(130);
		}
		stopping = true;
		requestStop(signal);
		stopController.abort();
	});
}
process.on('uncaughtException', (error) => fail(error));
process.on('unhandledRejection', (error) => fail(error));

const argv = process.argv.slice(2);

main().then(
	(code) => exitWhenWritten(code),
	(error: unknown) => fail(error),
);

async function main(): Promise<number> {
	let invocation: Invocation;
	let settings: ConnectionSettings;
	try {
		const read = readCommandLine(argv);
		if (read.command === 'help' || read.command === 'version') {
			process.stdout.write(read.text);
			return 0;
		}
		invocation = read;
		settings = resolveConnection(
			invocation.command === 'serve' ? {local: true} : invocation.connection,
			process.env,
		);
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`kinesis-explorer: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
	const open = (engine: {port?: number; host?: string} = {}) =>
		openSession({
			settings,
			nodePath: process.execPath,
			demo: invocation.demo,
			demoRate: invocation.demoRate,
			enginePort: engine.port,
			engineHost: engine.host,
		});
	/** A command against a session opened for it (with --local, the engine and its demo), closed after. */
	const withSession = async (run: (opened: Session) => Promise<number>) => {
		if (settings.target === 'local') {
			process.stderr.write(
				`kinesis-explorer: --local starts an embedded engine for this command alone: its streams end with it. For streams that stay, run \`kinesis-explorer serve\` and point the commands at it with --endpoint-url http://127.0.0.1:${DEFAULT_SERVE_PORT}.\n`,
			);
		}
		session = await open();
		await session.demoReady;
		try {
			return await run(session);
		} finally {
			await session.close();
		}
	};
	const output = {stdout: process.stdout, stderr: process.stderr};
	const errorContext = (opened: Session) => ({
		endpoint: opened.settings.endpoint,
		profile: settings.profile,
	});
	switch (invocation.command) {
		case 'explorer': {
			return runExplorer(settings, open, invocation);
		}
		case 'ls': {
			const {json} = invocation;
			return withSession((opened) =>
				runLs({
					...output,
					client: opened.client,
					json,
					errorContext: errorContext(opened),
					signal: stopController.signal,
				}),
			);
		}
		case 'shards': {
			const {stream, json} = invocation;
			return withSession((opened) => runShards({...output, client: opened.client, stream, json}));
		}
		case 'put': {
			const {command, connection, demo, demoRate, ...request} = invocation;
			return withSession((opened) =>
				runPut({
					...request,
					...output,
					stdin: process.stdin,
					client: opened.client,
					errorContext: errorContext(opened),
					signal: stopController.signal,
				}),
			);
		}
		case 'copy': {
			const {command, connection, demo, demoRate, ...request} = invocation;
			return withSession((opened) =>
				runCopy({
					...request,
					...output,
					client: opened.client,
					errorContext: errorContext(opened),
					signal: stopController.signal,
				}),
			);
		}
		case 'consumers': {
			const {stream, tables, failoverMs, json} = invocation;
			return withSession((opened) =>
				runConsumers({
					...output,
					kinesis: opened.client,
					dynamodb: opened.dynamodb,
					stream,
					tables,
					failoverMs,
					json,
					errorContext: {...errorContext(opened), stream},
					dynamodbEndpoint: opened.settings.dynamodbEndpoint,
					stopped: stopRequested.then(() => undefined),
				}),
			);
		}
		case 'serve': {
			session = await open({port: invocation.port, host: invocation.host});
			if (!session.engine || !session.dynamodbEngine) {
				throw new Error('serve started no engine.');
			}
			await session.demoReady;
			await runServe({
				...output,
				engine: session.engine,
				dynamodb: session.dynamodbEngine,
				demo: invocation.demo,
				demoRate: invocation.demoRate,
				stopped: stopRequested.then(() => undefined),
			});
			await session.close();
			return 0;
		}
		case 'stats': {
			const {stream, since, json} = invocation;
			return withSession((opened) =>
				runStats({
					...output,
					client: opened.client,
					stream,
					since,
					json,
					signal: stopController.signal,
					errorContext: errorContext(opened),
				}),
			);
		}
		case 'tail': {
			const {stream, shard, position, until, consumer, filter, json, max} = invocation;
			return withSession(async (opened) => {
				try {
					await runTail({
						...output,
						client: opened.client,
						target: {stream, shardId: shard, position, consumer, until},
						json,
						filter,
						max,
						stopped: stopRequested.then(() => undefined),
						errorContext: errorContext(opened),
					});
					return 0;
				} catch (error) {
					process.stderr.write(
						`kinesis-explorer: ${describeError(error, {...errorContext(opened), stream})}\n`,
					);
					// A shard the stream does not have is bad input, found only once the stream is listed.
					return error instanceof TailTargetError ? 2 : 1;
				}
			});
		}
	}
}

async function runExplorer(
	settings: ConnectionSettings,
	open: () => Promise<Session>,
	{buffer, tables, failoverMs}: {buffer: number; tables: string[]; failoverMs: number},
): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write(
			'kinesis-explorer: the explorer needs an interactive terminal, and ' +
				`${process.stdin.isTTY ? 'stdout' : 'stdin'} is not one. ` +
				`For scripts, use the commands (${scriptCommands()}): see --help.\n`,
		);
		return 2;
	}
	// Ink, React and the panes are imported only for the explorer (the commands for scripts start in a
	// fraction of the time without them): while the embedded engine starts, or else once the first
	// calls are on their way (compiling them would hold up the one thread those calls go out on).
	const loadUi = () => Promise.all([import('react'), import('ink'), import('./app.js')]);
	let ui = settings.target === 'local' ? loadUi() : undefined;
	if (settings.target === 'local') {
		process.stderr.write('Starting the embedded engines (Kinesis, DynamoDB)…\n');
	}
	session = await open();
	const {client} = session;
	const services = createServices(
		client,
		{endpoint: session.settings.endpoint, profile: settings.profile},
		{
			tailBuffer: buffer,
			leaseTables: {
				client: session.dynamodb,
				endpoint: session.settings.dynamodbEndpoint,
				tables,
				failoverMs,
			},
		},
	);
	const connection = {
		target: settings.target,
		endpoint: session.settings.endpoint,
		region: await clientRegion(client),
		profile: settings.profile,
		readOnly: settings.readOnly,
	};
	startServices(services);
	ui ??= loadUi();
	// The demo streams are still being made (and resharded) while the explorer opens: look again once
	// they are done, rather than show a shard count from the middle of it until the next describe.
	// (A failure, or the quit that cuts them short, is the session's to report.)
	session.demoReady.then(
		() => services.streamList.refresh(),
		() => undefined,
	);
	let quit: () => void = () => undefined;
	const quitRequested = new Promise<void>((resolve) => {
		quit = resolve;
	});
	// React is CommonJS: its default export is the module, in Node and in the bundle alike.
	const [{default: react}, {render}, {App}] = await ui;
	// The first frame waits, half a second at most, for the first streams (and the states of those at
	// the top): drawn without them, it would be drawn again as soon as they come, and drawing a frame
	// takes longer than they take to come from an engine nearby.
	await Promise.race([firstListing(services.streamList, FIRST_FRAME_WAIT_MS), stopRequested]);
	process.stdout.write(ENTER_ALTERNATE_SCREEN);
	onAlternateScreen = true;
	const instance = render(
		react.createElement(App, {connection, services, notices: session.notices, onQuit: quit}),
		{exitOnCtrlC: false, maxFps: 20},
	);
	await Promise.race([quitRequested, stopRequested]);
	stopServices(services);
	instance.unmount();
	leaveAlternateScreen();
	await session.close();
	return 0;
}

function leaveAlternateScreen() {
	if (onAlternateScreen) {
		process.stdout.write(LEAVE_ALTERNATE_SCREEN);
		onAlternateScreen = false;
	}
}

function fail(error: unknown): never {
	leaveAlternateScreen();
	process.stderr.write(
		`kinesis-explorer: ${describeError(error, {endpoint: session?.settings.endpoint, profile: session?.settings.profile})}\n`,
	);
	exitNow(1);
}

/**
 * Exits once stdout has taken everything written to it: writes to a pipe are asynchronous, and
 * exiting at once would cut a long `ls --json` or `shards --json` short for the program reading it.
 */
function exitWhenWritten(code: number) {
	process.stdout.write('', () => exitNow(code));
}

function exitNow(code: number): never {
	session?.killNow();
	process.exit(code);
}
