import net from 'node:net';
import tls from 'node:tls';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createKinesisClient} from '../../source/kinesis/client.js';
import {DeadlineError} from '../../source/kinesis/deadlines.js';
import {describeError} from '../../source/kinesis/errors.js';
import {listShards} from '../../source/kinesis/shards.js';
import {type Certificate, selfSignedCertificate} from '../../source/local/certificate.js';
import {localSettings} from '../support/kinesis.js';

/**
 * An endpoint that takes every connection and the request on it, and never answers: what a
 * connection that died without a word (a laptop that slept, a NAT that dropped its state) looks like
 * from the client. With a certificate it speaks TLS and offers HTTP/2, as AWS does, and then says
 * nothing more.
 */
async function startSilentServer(certificate?: Certificate) {
	const sockets = {opened: 0, closed: 0};
	const open = new Set<net.Socket>();
	const onConnection = (socket: net.Socket) => {
		sockets.opened++;
		open.add(socket);
		socket.resume();
		socket.on('close', () => {
			sockets.closed++;
			open.delete(socket);
		});
	};
	const server = certificate
		? tls.createServer({...certificate, ALPNProtocols: ['h2']}, onConnection)
		: net.createServer(onConnection);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	return {
		url: `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`,
		sockets,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of open) {
					socket.destroy();
				}
			}),
	};
}

describe('a call that gets no answer', () => {
	let silent: Awaited<ReturnType<typeof startSilentServer>> | undefined;
	afterEach(async () => {
		await silent?.close();
	});

	it('is given up at its deadline as a timeout, its connection closed, and not sent again by the SDK', async () => {
		silent = await startSilentServer();
		const client = createKinesisClient(localSettings({endpoint: silent.url}), {
			deadlines: {other: 500},
		});
		const error = await listShards(client, 'any').catch((caught: unknown) => caught);
		client.destroy();
		expect(error).toBeInstanceOf(DeadlineError);
		expect((error as Error).name).toBe('TimeoutError');
		expect(describeError(error, {endpoint: silent.url})).toBe(
			`Cannot reach ${silent.url}: no answer to ListShards within 0.5 s (timed out).`,
		);
		// Aborted, not left hanging: the connection is closed, and no other was opened for a retry.
		const {sockets} = silent;
		await vi.waitFor(() => expect(sockets.closed).toBe(1));
		expect(sockets.opened).toBe(1);
	});

	it('over HTTP/2 drops the connection the calls share, and the next call opens a new one', async () => {
		const certificate = selfSignedCertificate();
		silent = await startSilentServer(certificate);
		const client = createKinesisClient(
			localSettings({endpoint: silent.url, caBundle: certificate.cert}),
			{deadlines: {other: 500}},
		);
		const {sockets} = silent;
		const first = await listShards(client, 'any').catch((caught: unknown) => caught);
		expect(first).toBeInstanceOf(DeadlineError);
		await vi.waitFor(() => expect(sockets.closed).toBe(1));
		const second = await listShards(client, 'any').catch((caught: unknown) => caught);
		client.destroy();
		expect(second).toBeInstanceOf(DeadlineError);
		await vi.waitFor(() => expect(sockets.closed).toBe(2));
		expect(sockets.opened).toBe(2);
	});

	it('stopped by the caller is an abort, not a timeout', async () => {
		silent = await startSilentServer();
		const client = createKinesisClient(localSettings({endpoint: silent.url}), {
			deadlines: {other: 60_000},
		});
		const stop = new AbortController();
		const call = listShards(client, 'any', {signal: stop.signal}).catch(
			(caught: unknown) => caught,
		);
		const {sockets} = silent;
		await vi.waitFor(() => expect(sockets.opened).toBe(1));
		stop.abort();
		const error = await call;
		client.destroy();
		expect((error as Error).name).toBe('AbortError');
		await vi.waitFor(() => expect(sockets.closed).toBe(1));
	});
});
