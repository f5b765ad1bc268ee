import {type ChildProcess, execFileSync} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {readFileSync} from 'node:fs';
import net from 'node:net';
import process from 'node:process';
import {afterAll, describe, expect, inject, it, vi} from 'vitest';
import {ListStreamsCommand} from '@aws-sdk/client-kinesis';
import {createKinesisClient} from '../../source/kinesis/client.js';
import {listShards} from '../../source/kinesis/shards.js';
import {describeStreamSummary, listAllStreams} from '../../source/kinesis/streams.js';
import {ListTablesCommand} from '@aws-sdk/client-dynamodb';
import {createDynamoDBClient} from '../../source/kinesis/dynamodb-client.js';
import {startLocalDynamoDB} from '../../source/local/dynalite.js';
import {EngineStartError, startLocalEngine} from '../../source/local/engine.js';
import {runCli, startCli} from '../support/cli.js';
import {localSettings} from '../support/kinesis.js';
import {readAllRecords} from '../support/read-back.js';
import {type ListeningSocket, listeningSockets} from '../support/listening-sockets.js';

const within = {timeout: 30_000, interval: 50};

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** The engine's listening sockets once it has opened both its ports, plain and TLS, by port. */
async function bothPorts(pid: number): Promise<ListeningSocket[]> {
	let sockets: ListeningSocket[] = [];
	await vi.waitFor(async () => {
		sockets = await listeningSockets(pid);
		expect(sockets).toHaveLength(2);
	}, within);
	return sockets.sort((a, b) => a.port - b.port);
}

const byPort = (a: number, b: number) => a - b;

/**
 * The sockets the children of `pid` (the embedded engines of a serve or an explorer) listen on once
 * they have opened `count` in all, by port.
 */
async function childSockets(pid: number, count: number): Promise<ListeningSocket[]> {
	let sockets: ListeningSocket[] = [];
	await vi.waitFor(async () => {
		sockets = (await Promise.all(childrenOf(pid).map((child) => listeningSockets(child)))).flat();
		expect(sockets).toHaveLength(count);
	}, within);
	return sockets.sort((a, b) => a.port - b.port);
}

async function tableNames(endpoint: string): Promise<string[] | undefined> {
	const client = createDynamoDBClient(localSettings({dynamodbEndpoint: endpoint}));
	try {
		return (await client.send(new ListTablesCommand({}))).TableNames;
	} finally {
		client.destroy();
	}
}

const DEMO = ['app-logs', 'clickstream', 'orders'];

function childrenOf(pid: number): number[] {
	try {
		return execFileSync('pgrep', ['-P', String(pid)], {encoding: 'utf8'})
			.split('\n')
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}

describe.concurrent('the embedded engine', () => {
	const stops: Array<() => Promise<void>> = [];
	afterAll(async () => {
		await Promise.all(stops.map((stop) => stop()));
	});

	it('starts on a free loopback port, answers Kinesis calls, and stops with its process', async () => {
		const engine = await startLocalEngine({nodePath: process.execPath});
		stops.push(engine.stop);
		expect(engine.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(await bothPorts(engine.pid)).toEqual(
			[engine.port, engine.tlsPort].sort(byPort).map((port) => ({address: '127.0.0.1', port})),
		);
		const client = createKinesisClient(localSettings({endpoint: engine.endpoint}));
		expect(await listAllStreams(client)).toEqual([]);
		client.destroy();
		await engine.stop();
		expect(isRunning(engine.pid)).toBe(false);
	});

	it('serves HTTPS too, with a certificate for 127.0.0.1 and localhost that a client can trust', async () => {
		// The engine the run shares, started as every engine is: one more start would prove nothing
		// more, and this test does not stop it.
		const tlsEndpoint = inject('tlsEndpoint');
		const caBundle = readFileSync(inject('caBundle'), 'utf8');
		expect(tlsEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		const certificate = new X509Certificate(caBundle);
		expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
		expect(certificate.checkHost('localhost')).toBe('localhost');
		for (const endpoint of [tlsEndpoint, tlsEndpoint.replace('127.0.0.1', 'localhost')]) {
			const client = createKinesisClient(localSettings({endpoint, caBundle}));
			// Other files' streams are on it too: that it answers is the point, not what.
			const answer = await client.send(new ListStreamsCommand({Limit: 1}));
			expect(answer.$metadata.httpStatusCode).toBe(200);
			client.destroy();
		}
		// Trusted by that client alone: one without it refuses the certificate.
		const untrusting = createKinesisClient(localSettings({endpoint: tlsEndpoint}));
		await expect(listAllStreams(untrusting)).rejects.toThrow(/self.signed certificate/);
		untrusting.destroy();
	});

	it('refuses a port that is taken, saying so', async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as net.AddressInfo;
		const starting = startLocalEngine({nodePath: process.execPath, port});
		await expect(starting).rejects.toThrow(EngineStartError);
		await expect(starting).rejects.toThrow(
			`Port ${port} is already in use: pick another with --port.`,
		);
		server.close();
	});

	it('ends both engines when the process that started them is killed without a chance to stop them', async () => {
		const serve = await serveOnFreePort();
		const engines = childrenOf(serve.child.pid ?? 0);
		// Kinesis, and DynamoDB for the lease tables.
		expect(engines).toHaveLength(2);
		expect(engines.every((pid) => isRunning(pid))).toBe(true);
		serve.child.kill('SIGKILL');
		await vi.waitFor(() => expect(engines.filter((pid) => isRunning(pid))).toEqual([]), within);
	});

	it('the embedded DynamoDB starts on a free loopback port only, answers DynamoDB calls, and stops with its process', async () => {
		const dynamodb = await startLocalDynamoDB({nodePath: process.execPath});
		stops.push(dynamodb.stop);
		expect(dynamodb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		await vi.waitFor(
			async () =>
				expect(await listeningSockets(dynamodb.pid)).toEqual([
					{address: '127.0.0.1', port: dynamodb.port},
				]),
			within,
		);
		expect(await tableNames(dynamodb.endpoint)).toEqual([]);
		await dynamodb.stop();
		expect(isRunning(dynamodb.pid)).toBe(false);
	});
});

// Each test starts engines of its own and waits on them: side by side.
describe.concurrent('serve and --local', () => {
	// A serve left running by a failed test: killing it ends its engine too (it follows its stdin).
	afterAll(() => {
		for (const child of serving.splice(0)) {
			child.kill('SIGKILL');
		}
	});

	it('serve prints the endpoints (Kinesis first), listens on 127.0.0.1 only (TLS and DynamoDB too), serves until ctrl+c, then leaves no engine behind', async () => {
		const serve = await serveOnFreePort();
		const {port} = serve;
		expect(serve.url).toBe(`http://127.0.0.1:${port}`);
		const dynamodbPort = Number(/^http:\/\/127\.0\.0\.1:(\d+)$/.exec(serve.dynamodbUrl)?.[1]);
		const stderr = await serve.told();
		const tlsPort = Number(
			/listens on 127\.0\.0\.1 port \d+ \(TLS (\d+)\): this machine only/.exec(stderr)?.[1],
		);
		expect(stderr).toContain(
			`(dynalite, in memory, for KCL lease tables) listens on 127.0.0.1 port ${dynamodbPort}.`,
		);
		expect(stderr).toContain(`export AWS_ENDPOINT_URL_DYNAMODB=${serve.dynamodbUrl}`);
		expect(stderr).not.toMatch(/warning/i);
		const engines = childrenOf(serve.child.pid ?? 0);
		expect(engines).toHaveLength(2);
		expect(await childSockets(serve.child.pid ?? 0, 3)).toEqual(
			[port, tlsPort, dynamodbPort]
				.sort(byPort)
				.map((each) => ({address: '127.0.0.1', port: each})),
		);
		const client = createKinesisClient(localSettings({endpoint: serve.url}));
		expect(await listAllStreams(client)).toEqual([]);
		client.destroy();
		expect(await tableNames(serve.dynamodbUrl)).toEqual([]);
		expect(await serve.stop()).toBe(0);
		for (const engine of engines) {
			expect(isRunning(engine)).toBe(false);
		}
	});

	it('serve --host 0.0.0.0 listens on every address, warns, and prints an endpoint for here', async () => {
		const serve = await serveOnFreePort(['--host', '0.0.0.0']);
		const {port, url} = serve;
		expect(url).toBe(`http://127.0.0.1:${port}`);
		const stderr = await serve.told();
		expect(stderr).toMatch(
			/^Warning: the engines have no authentication: anyone who can reach this machine can read, write and delete their streams and tables\.\n/,
		);
		const tlsPort = Number(/listens on 0\.0\.0\.0 port \d+ \(TLS (\d+)\)/.exec(stderr)?.[1]);
		const dynamodbPort = Number(/^http:\/\/127\.0\.0\.1:(\d+)$/.exec(serve.dynamodbUrl)?.[1]);
		expect(await childSockets(serve.child.pid ?? 0, 3)).toEqual(
			[port, tlsPort, dynamodbPort].sort(byPort).map((each) => ({address: '0.0.0.0', port: each})),
		);
		const client = createKinesisClient(localSettings({endpoint: url}));
		expect(await listAllStreams(client)).toEqual([]);
		client.destroy();
		expect(await serve.stop()).toBe(0);
	});

	it('serve --port refuses a port in use with a message and exit code 1', async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as net.AddressInfo;
		const result = await runCli(['serve', '--port', String(port)]);
		expect(result).toMatchObject({
			code: 1,
			stderr: `kinesis-explorer: Port ${port} is already in use: pick another with --port.\n`,
		});
		server.close();
	});

	it('serve --demo makes the demo streams, a split and a merge in one, and writes to all three', async () => {
		const serve = await serveOnFreePort(['--demo', '--demo-rate', '40']);
		expect(await serve.told()).toContain(
			'Demo streams: clickstream, app-logs, orders (40 records/s); a KCL application, clickstream-analytics, reads clickstream (its lease table in DynamoDB).',
		);
		expect(await tableNames(serve.dynamodbUrl)).toEqual(['clickstream-analytics']);
		// The endpoint is printed once the streams are made and the producer runs.
		const client = createKinesisClient(localSettings({endpoint: serve.url}));
		expect((await listAllStreams(client)).map((stream) => stream.name)).toEqual(DEMO);
		for (const stream of DEMO) {
			expect((await describeStreamSummary(client, stream)).status).toBe('ACTIVE');
		}
		const shards = await listShards(client, 'clickstream');
		expect(shards.filter((shard) => shard.sequenceNumberRange.end === undefined)).toHaveLength(4);
		expect(shards).toHaveLength(7);
		expect(shards.filter((shard) => shard.adjacentParentShardId !== undefined)).toHaveLength(1);
		expect(shards.filter((shard) => shard.parentShardId !== undefined)).toHaveLength(3);
		expect((await describeStreamSummary(client, 'orders')).mode).toBe('ON_DEMAND');
		// Records arrive in each (the engine was empty: every record is the demo producer's); a stream is
		// read again only until it has some.
		const arrived = (stream: string) =>
			vi.waitFor(async () => {
				const records = await readAllRecords(client, stream);
				expect(records, stream).not.toEqual([]);
				return records;
			}, within);
		const clicks = await arrived('clickstream');
		await arrived('app-logs');
		await arrived('orders');
		expect(JSON.parse(clicks[0]!.data)).toMatchObject({user: {id: clicks[0]!.partitionKey}});
		client.destroy();
		expect(await serve.stop()).toBe(0);
	});

	it('ls --local lists the demo streams and stops its engines', async () => {
		const ls = startCli(['ls', '--local', '--json', '--demo-rate', '0']);
		let stdout = '';
		ls.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		const exited = new Promise<number | null>((resolve) => ls.once('exit', resolve));
		let engines: number[] = [];
		await vi.waitFor(() => {
			engines = childrenOf(ls.pid ?? 0);
			expect(engines).toHaveLength(2);
		}, within);
		expect(await exited).toBe(0);
		for (const engine of engines) {
			expect(isRunning(engine)).toBe(false);
		}
		const streams = JSON.parse(stdout) as Array<{
			name: string;
			openShardCount: number;
			mode: string;
		}>;
		expect(streams.map((stream) => [stream.name, stream.openShardCount, stream.mode])).toEqual([
			['app-logs', 1, 'PROVISIONED'],
			['clickstream', 4, 'PROVISIONED'],
			['orders', 4, 'ON_DEMAND'],
		]);
	});
});

const serving: ChildProcess[] = [];

/**
 * serve on a port found free. Another process can take the port between the look and serve's own
 * bind: serve then says so (exit code 1, "already in use") and is started again on another port.
 */
async function serveOnFreePort(args: string[] = []) {
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		const serve = startServe(['serve', '--port', String(port), ...args]);
		const outcome = await Promise.race([
			serve.url.then((url) => ({url})),
			serve.exited.then((code) => ({code})),
		]);
		if ('url' in outcome) {
			return {...serve, port, url: outcome.url, dynamodbUrl: await serve.dynamodbUrl};
		}
		if (outcome.code !== 1 || !serve.stderr().includes('already in use') || attempt >= 5) {
			throw new Error(`serve on port ${port} ended (${outcome.code}): ${serve.stderr()}`);
		}
	}
}

/** serve, started: its endpoint (stdout), its whole message (stderr), and a ctrl+c that ends it. */
function startServe(args: string[]) {
	const child = startCli(args);
	serving.push(child);
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	// stdout: the Kinesis endpoint, then the DynamoDB endpoint, a line each.
	let stdout = '';
	const lines = new Promise<string[]>((resolve) => {
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const complete = stdout.split('\n').slice(0, -1);
			if (complete.length >= 2) {
				resolve(complete);
			}
		});
	});
	const url = lines.then(([kinesis = '']) => kinesis);
	const dynamodbUrl = lines.then(([, dynamodb = '']) => dynamodb);
	return {
		child,
		url,
		dynamodbUrl,
		exited,
		stderr: () => stderr,
		/** Resolves with what serve says on start, once it has said all of it. */
		told: () =>
			vi.waitFor(() => {
				expect(stderr).toContain('Ctrl+C stops it.');
				return stderr;
			}, within),
		stop() {
			child.kill('SIGINT');
			return exited;
		},
	};
}
