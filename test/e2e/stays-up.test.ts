import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {BACKOFF_CAP_MS} from '../../source/lib/rate-limiter.js';
import {deleteStream, listAllStreams} from '../../source/kinesis/streams.js';
import {type FaultProxy, faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {mergeLowest} from '../support/tail.js';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * The explorer, in a real terminal, through the trouble a long session meets: the endpoint going
 * away and coming back, credentials that expire, a shard merged away under the tail, the stream
 * deleted while it is tailed. Each is a line on the screen and a recovery, never a crash.
 */

const encoder = new TextEncoder();
/**
 * The bound of a wait for a recovery the explorer makes by itself: a pane that has failed for a while
 * waits out a backoff of up to BACKOFF_CAP_MS before it tries again, and the call it then makes can
 * take seconds more (the SDK's own attempts, a frame on a loaded machine).
 */
const RECOVERY_MS = BACKOFF_CAP_MS + 15_000;

let client: KinesisClient;

beforeAll(() => {
	client = localClient();
});
afterAll(() => client?.destroy());

/** An explorer of the test's own, through a proxy of its own (its outages are that test's alone). */
type Session = {explorer: TerminalRig; proxy: FaultProxy};

/** The explorer through a new proxy, the stream picked in its list; both end with the test. */
async function openOn(
	stream: string,
	onTestFinished: (cleanup: () => Promise<void>) => void,
): Promise<Session> {
	const proxy = await startFaultProxy(localSettings().endpoint ?? '');
	const explorer = new TerminalRig(['--endpoint-url', proxy.url], {columns: 120, rows: 36});
	onTestFinished(async () => {
		explorer.kill();
		await proxy.close();
	});
	await explorer.waitFor(/1 Streams/);
	await explorer.press('/');
	await explorer.type(stream);
	await explorer.press(KEYS.enter);
	await explorer.waitFor(new RegExp(`2 Shards · ${stream}`));
	return {explorer, proxy};
}

/** Waits until the status bar (the second-to-last row) no longer says it. */
async function statusBarClears(explorer: TerminalRig, text: string) {
	await vi.waitFor(() => expect(explorer.lines().at(-2)).not.toContain(text), {
		timeout: RECOVERY_MS,
		interval: 50,
	});
}

/** In the tail pane: the shard the tree has chosen (shard 0), from the position, by polling. */
async function startTail(explorer: TerminalRig, from: 'latest' | 'trim-horizon' = 'latest') {
	await explorer.press('3');
	await chooseTail(explorer, from);
}

/** The chooser's steps, in the focused tail pane (where a digit picks a menu's row). */
async function chooseTail(explorer: TerminalRig, from: 'latest' | 'trim-horizon') {
	// The chooser opens on the stream's last answers (all shards the first time): g goes to the top.
	await explorer.waitFor('shardId-000000000000  open  (chosen in the shard tree)');
	// A key typed before the status bar shows the tail pane's keys can be lost (see the report).
	await explorer.waitFor('enter go on · tab next pane');
	await explorer.press('g');
	await explorer.waitFor('❯ all shards');
	await explorer.press('j');
	await explorer.waitFor('❯ shardId-000000000000  open  (chosen in the shard tree)');
	await explorer.press(KEYS.enter);
	await explorer.waitFor('Start from:');
	await explorer.press('g');
	await explorer.waitFor('❯ LATEST');
	if (from === 'trim-horizon') {
		await explorer.press('j');
		await explorer.waitFor('❯ TRIM_HORIZON');
	}
	await explorer.press(KEYS.enter);
	await explorer.waitFor('Read by:');
	await explorer.press(KEYS.enter);
}

const listNames = async (kinesis: KinesisClient) =>
	(await listAllStreams(kinesis)).map((listed) => listed.name);

async function stillAnswers(explorer: TerminalRig) {
	await explorer.press('?');
	await explorer.waitFor('Keys (? or esc to close)');
	await explorer.press(KEYS.escape);
	await explorer.waitForGone('Keys (? or esc to close)');
	expect(explorer.titles).toEqual([]);
	await explorer.press('q');
	expect(await explorer.exited).toMatchObject({exitCode: 0});
}

// Each test waits out backoffs in an explorer and through a proxy of its own: side by side.
describe.concurrent('the explorer stays up', () => {
	it('when the endpoint goes away and comes back, and when the credentials expire', async ({
		onTestFinished,
	}) => {
		const stream = uniqueName('stays-up');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const {explorer, proxy} = await openOn(stream, onTestFinished);
		// A tail of the stream, to ask for a new one while the endpoint is away.
		await startTail(explorer);
		await explorer.waitFor('● caught up');

		await proxy.stop();
		// Every pane that loads something meets the outage: the stream list, and the tail's shard menu.
		await explorer.press('n', 'r');
		// The menu says it under its first row, as the status bar does.
		await explorer.waitFor(
			/❯ all shards[^\n]*\n[^\n]*Cannot reach http:\/\/127\.0\.0\.1:\d+: connection/,
		);
		const screen = await explorer.waitFor(
			/⚠ Cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/,
		);
		// Whatever happens, the header says where the explorer is connected.
		expect(screen.split('\n')[0]).toMatch(new RegExp(`^kinesis-explorer ● endpoint ${proxy.url} `));
		// And whether it answers, in words (and in red).
		expect(screen.split('\n')[0]).toMatch(/ unreachable · \? help · q quit$/);
		expect(explorer.colorOf('unreachable')).toBe(1);
		await proxy.start();
		// Every pane finds the endpoint again by itself, once its backoff is waited out.
		await explorer.waitForGone('Cannot reach', RECOVERY_MS);
		await explorer.waitFor('shardId-000000000001  open', RECOVERY_MS);
		await explorer.waitFor(/listed \d+ s ago/, RECOVERY_MS);
		await explorer.waitFor(/ reachable · \? help · q quit/);

		proxy.setRule(() => faults.expiredToken());
		await explorer.press('r');
		await explorer.waitFor('The AWS credentials have expired (ExpiredTokenException): renew them');
		proxy.setRule(() => undefined);
		await statusBarClears(explorer, 'credentials have expired');
		// The list's columns, in the width the focused list pane takes.
		await explorer.press(KEYS.escape);
		await explorer.waitForGone('Shard:');
		await explorer.press('1');
		await explorer.waitFor(new RegExp(`${stream} +ACTIVE +2`), RECOVERY_MS);
		await stillAnswers(explorer);
	});

	it('when a shard is merged away under the tail, and when the tailed stream is deleted', async ({
		onTestFinished,
	}) => {
		const stream = uniqueName('stays-up');
		await createActiveStream(client, {name: stream, shardCount: 2});
		await putRecordBatch(client, stream, [
			{partitionKey: 'a', data: encoder.encode('before the merge'), explicitHashKey: '0'},
		]);
		const {explorer} = await openOn(stream, onTestFinished);
		// Tail the shard the tree has chosen (shard 0) from its oldest record.
		await startTail(explorer, 'trim-horizon');
		await explorer.waitFor('before the merge');

		await mergeLowest(client, stream);
		await putRecordBatch(client, stream, [
			{partitionKey: 'a', data: encoder.encode('after the merge'), explicitHashKey: '0'},
		]);
		// The tail went on from the closed shard to the merge's child.
		await explorer.waitFor('after the merge');
		await explorer.waitFor('shardId-000000000000 is closed and read to its end');

		await deleteStream(client, stream);
		await explorer.waitFor(new RegExp(`Stream "${stream}" not found`));
		// The engine removes a deleted stream within moments (10 ms here); a name still in use cannot be
		// created again.
		await vi.waitFor(async () => expect(await listNames(client)).not.toContain(stream), {
			timeout: 10_000,
			interval: 100,
		});

		// The stream made again under the same name, with one shard where the old one had three.
		await createActiveStream(client, {name: stream, shardCount: 1});
		await putRecordBatch(client, stream, [{partitionKey: 'a', data: encoder.encode('made again')}]);
		// Each pane finds it by itself, without a key: the list lists it, the tree is the new one (read
		// with the left column focused, where the list shows all its columns).
		await explorer.press('1');
		await explorer.waitFor(new RegExp(`${stream} +ACTIVE +1 provisioned`), RECOVERY_MS);
		await explorer.waitFor(/shardId-000000000000 +OPEN/, RECOVERY_MS);
		await explorer.waitForGone('shardId-000000000002', RECOVERY_MS);
		// A new tail reads the new stream.
		await explorer.press('3', 'n');
		await chooseTail(explorer, 'trim-horizon');
		await explorer.waitFor(`3 Tail · ${stream} · shardId-000000000000 · `);
		await explorer.waitFor('made again', RECOVERY_MS);
		await stillAnswers(explorer);
	});
});
