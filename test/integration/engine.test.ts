import {execFileSync, spawn} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import net from 'node:net';
import process from 'node:process';
import {afterAll, describe, expect, it, vi} from 'vitest';
import {createKinesisClient} from '../../source/kinesis/client.js';
import {listShards} from '../../source/kinesis/shards.js';
import {describeStreamSummary, listAllStreams} from '../../source/kinesis/streams.js';
import {seedDemoStreams} from '../../source/local/demo.js';
import {EngineStartError, startLocalEngine} from '../../source/local/engine.js';
import {runCli, startCli} from '../support/cli.js';
import {localSettings} from '../support/kinesis.js';

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

describe('the embedded engine', () => {
	const stops: Array<() => Promise<void>> = [];
	afterAll(async () => {
		await Promise.all(stops.map((stop) => stop()));
	});

	it('starts on a free loopback port, answers Kinesis calls, and stops with its process', async () => {
		const engine = await startLocalEngine({nodePath: process.execPath});
		stops.push(engine.stop);
		expect(engine.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const client = createKinesisClient(localSettings({endpoint: engine.endpoint}));
		expect(await listAllStreams(client)).toEqual([]);
		client.destroy();
		await engine.stop();
		expect(isRunning(engine.pid)).toBe(false);
	});

	it('serves HTTPS too, with a certificate for 127.0.0.1 and localhost that a client can trust', async () => {
		const engine = await startLocalEngine({nodePath: process.execPath});
		stops.push(engine.stop);
		expect(engine.tlsEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		const certificate = new X509Certificate(engine.certificate);
		expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
		expect(certificate.checkHost('localhost')).toBe('localhost');
		for (const endpoint of [
			engine.tlsEndpoint,
			engine.tlsEndpoint.replace('127.0.0.1', 'localhost'),
		]) {
			const client = createKinesisClient(localSettings({endpoint, caBundle: engine.certificate}));
			expect(await listAllStreams(client)).toEqual([]);
			client.destroy();
		}
		// Trusted by that client alone: one without it refuses the certificate.
		const untrusting = createKinesisClient(localSettings({endpoint: engine.tlsEndpoint}));
		await expect(listAllStreams(untrusting)).rejects.toThrow(/self.signed certificate/);
		untrusting.destroy();
		await engine.stop();
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

	it('seeds the demo streams: a resharded provisioned stream, a small one and an on-demand one', async () => {
		const engine = await startLocalEngine({nodePath: process.execPath});
		stops.push(engine.stop);
		const client = createKinesisClient(localSettings({endpoint: engine.endpoint}));
		await seedDemoStreams(client);
		expect((await listAllStreams(client)).map((stream) => stream.name)).toEqual([
			'app-logs',
			'clickstream',
			'orders',
		]);
		const shards = await listShards(client, 'clickstream');
		const open = shards.filter((shard) => shard.sequenceNumberRange.end === undefined);
		expect(open).toHaveLength(4);
		expect(shards).toHaveLength(7);
		// The split's parent and the merge's two parents are closed, and the children name them.
		expect(shards.filter((shard) => shard.adjacentParentShardId !== undefined)).toHaveLength(1);
		expect(shards.filter((shard) => shard.parentShardId !== undefined)).toHaveLength(3);
		expect((await describeStreamSummary(client, 'app-logs')).openShardCount).toBe(1);
		expect((await describeStreamSummary(client, 'orders')).mode).toBe('ON_DEMAND');
		client.destroy();
	});

	it('ends when the process that started it is killed without a chance to stop it', async () => {
		const owner = spawn(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`import {startLocalEngine} from ${JSON.stringify(new URL('../../dist/local/engine.js', import.meta.url).href)};
				const engine = await startLocalEngine({nodePath: process.execPath});
				console.log(engine.pid);`,
			],
			{stdio: ['ignore', 'pipe', 'inherit']},
		);
		const pid = await new Promise<number>((resolve) => {
			owner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
		});
		expect(isRunning(pid)).toBe(true);
		owner.kill('SIGKILL');
		await vi.waitFor(() => expect(isRunning(pid)).toBe(false), within);
	});
});

describe('serve and --local', () => {
	it('serve prints the endpoint, serves until ctrl+c, then leaves no engine behind', async () => {
		const port = await freePort();
		const serve = startCli(['serve', '--port', String(port)]);
		const url = await new Promise<string>((resolve) => {
			serve.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
		});
		expect(url).toBe(`http://127.0.0.1:${port}`);
		const [engine] = childrenOf(serve.pid ?? 0);
		expect(engine).toBeDefined();
		const client = createKinesisClient(localSettings({endpoint: url}));
		expect(await listAllStreams(client)).toEqual([]);
		client.destroy();
		const exited = new Promise<number | null>((resolve) => serve.once('exit', resolve));
		serve.kill('SIGINT');
		expect(await exited).toBe(0);
		expect(isRunning(engine!)).toBe(false);
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

	it('ls --local lists the demo streams and stops its engine', async () => {
		const ls = startCli(['ls', '--local', '--json', '--demo-rate', '0']);
		let stdout = '';
		ls.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		const exited = new Promise<number | null>((resolve) => ls.once('exit', resolve));
		let engine: number | undefined;
		await vi.waitFor(() => {
			[engine] = childrenOf(ls.pid ?? 0);
			expect(engine).toBeDefined();
		}, within);
		expect(await exited).toBe(0);
		expect(isRunning(engine!)).toBe(false);
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
