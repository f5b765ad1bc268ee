import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {runCli} from '../support/cli.js';
import {type FaultProxy, startFaultProxy} from '../support/fault-proxy.js';
import {useOwnEngine} from '../support/engine.js';
import {createActiveStream, uniqueName} from '../support/kinesis.js';
import {KEYS, TerminalRig} from '../e2e/terminal-rig.js';

/**
 * Records, partition keys and tags that try to take over the terminal (escape sequences, a window
 * title, 8-bit controls), bytes that are not UTF-8, a record of 1 MiB on one line and JSON nested
 * 100,000 deep: the output stays inert text, nothing hangs, the explorer's screen stays whole.
 */

const TITLE = '\u001b]0;owned\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const C1_CSI = '\u009b31m';
const HOSTILE_TEXT = `${TITLE}${CLEAR}${C1_CSI}red\u0000nul\u0008back\rreturn\u202eevil`;
const encoder = new TextEncoder();

const RECORDS: Array<{name: string; partitionKey: string; data: Uint8Array}> = [
	{name: 'escapes', partitionKey: `pk${TITLE}${CLEAR}`, data: encoder.encode(HOSTILE_TEXT)},
	// 0x9b alone is an 8-bit CSI to a terminal that reads Latin-1, and invalid UTF-8.
	{name: 'raw bytes', partitionKey: 'raw', data: Uint8Array.of(0x9b, 0x33, 0x31, 0x6d, 0xff, 0x1b)},
	{name: 'one long line', partitionKey: 'long', data: encoder.encode('m'.repeat(1024 * 1024 - 16))},
	{
		name: 'deep JSON',
		partitionKey: 'deep',
		data: encoder.encode(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
	},
	{name: 'last', partitionKey: 'last', data: encoder.encode('the last record')},
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The bytes a terminal would act on: ESC, BEL, the 8-bit C1 controls (raw or UTF-8 encoded). */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

// An engine whose every stream this file knows: its listings hold nothing of other files'.
const engine = useOwnEngine();
let client: KinesisClient;
let proxy: FaultProxy;
const stream = uniqueName('hostile');
const HOSTILE_NAME = `${stream}${TITLE}${C1_CSI}x`;

beforeAll(async () => {
	client = engine.client();
	await createActiveStream(client, {name: stream, shardCount: 1});
	for (const record of RECORDS) {
		const [outcome] = await putRecordBatch(client, stream, [record]);
		expect(outcome?.ok).toBe(true);
	}
	// Kinesis refuses such tags and names, but a server (or a proxy on the way) can send anything: the
	// proxy adds a hostile stream name to the listing and a hostile tag to the stream's tags.
	proxy = await startFaultProxy(engine.endpoint, (request) => {
		// First on the first page: the last name of a page is where the next page starts, and the
		// engine would refuse to start a page after it.
		if (
			request.operation === 'ListStreams' &&
			request.body.ExclusiveStartStreamName === undefined
		) {
			return {
				kind: 'rewrite',
				answer: (body) => ({
					...body,
					StreamNames: [HOSTILE_NAME, ...((body.StreamNames as string[] | undefined) ?? [])],
				}),
			};
		}
		if (request.operation === 'ListTagsForStream') {
			return {
				kind: 'rewrite',
				answer: () => ({Tags: [{Key: 'owner', Value: `${TITLE}team${CLEAR}`}], HasMoreTags: false}),
			};
		}
		return undefined;
	});
});
afterAll(async () => {
	await proxy?.close();
});

const endpoint = () => ['--endpoint-url', engine.endpoint];
const throughProxy = () => ['--endpoint-url', proxy.url];

// Each test only reads the one stream, in a process of its own: the four side by side.
describe.concurrent('hostile records through tail', () => {
	it('--json: one valid JSON line each, the data exact, nothing a terminal would act on', async ({
		expect,
	}) => {
		const result = await runCli([
			'tail',
			stream,
			'--from',
			'trim-horizon',
			'--json',
			'--max',
			String(RECORDS.length),
			...endpoint(),
		]);
		expect(result.code).toBe(0);
		expect(result.stdout).not.toMatch(ACTIVE);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(RECORDS.length);
		const parsed = lines.map(
			(line) => JSON.parse(line) as {partitionKey: string; data: string; encoding: string},
		);
		for (const [index, record] of RECORDS.entries()) {
			const got = parsed[index]!;
			expect(got.partitionKey).toBe(record.partitionKey);
			const bytes =
				got.encoding === 'base64' ? Buffer.from(got.data, 'base64') : Buffer.from(got.data, 'utf8');
			expect(bytes.equals(Buffer.from(record.data)), record.name).toBe(true);
		}
		expect(parsed[1]?.encoding).toBe('base64');
	});

	it('as text: a line a record, control characters as visible stand-ins', async ({expect}) => {
		const result = await runCli([
			'tail',
			stream,
			'--from',
			'trim-horizon',
			'--max',
			String(RECORDS.length),
			...endpoint(),
		]);
		expect(result.code).toBe(0);
		expect(result.stdout).not.toMatch(ACTIVE);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(RECORDS.length);
		expect(lines[0]).toContain('pk␛]0;owned␇␛[2J␛[H');
		expect(lines[0]).toContain('␛]0;owned␇');
		// The long line is cut for people; --json has it whole.
		expect(lines[2]!.length).toBeLessThan(4000);
		expect(lines.at(-1)).toContain('the last record');
	});

	it('ls: a stream name from the server that holds escapes comes out inert', async ({expect}) => {
		const listed = await runCli(['ls', '--json', ...throughProxy()]);
		// The engine refuses to describe a name like that: it is reported, inertly, and left out; the
		// streams the engine does describe are listed all the same.
		expect(`${listed.stdout}${listed.stderr}`).not.toMatch(ACTIVE);
		const inertName = `${stream}␛]0;owned␇\\u{9b}31mx`;
		expect(listed.stderr).toMatch(
			new RegExp(
				`^kinesis-explorer: Left out "${escape(inertName)}": InvalidArgumentException: .*\n$`,
			),
		);
		const names = (JSON.parse(listed.stdout) as Array<{name: string}>).map(({name}) => name);
		expect(names).toContain(stream);
		expect(names.some((name) => name.startsWith(stream) && name !== stream)).toBe(false);
		expect(listed.code).toBe(1);
	});
});

describe.concurrent('hostile records in the explorer', () => {
	it('keeps the screen whole, sets no title, and stays responsive', async ({
		expect,
		onTestFinished,
	}) => {
		const rig = new TerminalRig(throughProxy(), {columns: 120, rows: 36});
		onTestFinished(() => rig.kill());
		/** Waits until the screen no longer shows what matches. */
		const closed = (pattern: RegExp) =>
			vi.waitFor(() => expect(rig.screen()).not.toMatch(pattern), {timeout: 30_000, interval: 50});
		await rig.waitFor(/1 Streams/);
		await rig.press('/');
		await rig.type(stream);
		// The hostile name is listed too, inert.
		await rig.waitFor(`${stream}␛]0;owned␇`);
		// The real stream is the last row, below the hostile name.
		await rig.press(KEYS.enter, 'G');
		// The stream's detail shows its tag, inert (whole, while the list's column has the focus).
		await rig.waitFor('tags owner=␛]0;owned␇team␛[2J␛[H');
		await rig.press('3');
		// Every shard is offered first, the stream's one shard marked as chosen in the tree. A key typed before the
		// status bar shows the tail pane's keys can be lost: the pane has not taken the focus yet.
		await rig.waitFor('shardId-000000000000  open  (chosen in the shard tree)');
		await rig.waitFor('❯ all shards');
		await rig.waitFor('enter go on · tab next pane');
		await rig.tailFromTrimHorizon();
		await rig.waitFor('the last record');
		const screen = rig.screen();
		// What the proxy put in, in the narrow column beside the tail: the hostile name and tag, inert.
		expect(screen).toContain(`${stream}␛]0;o`);
		expect(screen).toContain('tags owner=␛]0;owned␇');
		// The partition key as stand-ins; the data, not text a person can read, as its bytes.
		expect(screen).toContain('pk␛]0;own…');
		expect(screen).toMatch(/raw +9b 33 31 6d ff 1b/);
		expect(screen).toMatch(/^kinesis-explorer ●/);
		// Open the deep JSON and the 1 MiB line whole, and close them again.
		await rig.press('/');
		await rig.type('deep');
		await rig.press(KEYS.enter, KEYS.up, KEYS.enter);
		await rig.waitFor(/partition key +deep/);
		// Each escape on its own: an escape with a key right behind it reads as alt+key.
		await rig.press(KEYS.escape);
		await closed(/partition key +deep/);
		await rig.press(KEYS.escape);
		await rig.waitForGone('/deep');
		await rig.press('/');
		await rig.type('long');
		await rig.press(KEYS.enter, KEYS.up, KEYS.enter);
		await rig.waitFor(/partition key +long/);
		await rig.press(KEYS.escape);
		await closed(/partition key +long/);
		await rig.press('?');
		await rig.waitFor('Keys (? or esc to close)');
		await rig.press(KEYS.escape);
		await rig.waitForGone('Keys (? or esc to close)');
		expect(rig.titles).toEqual([]);
		expect(rig.screen()).toMatch(/^kinesis-explorer ●/);
		expect(rig.terminal.buffer.active.type).toBe('alternate');
		await rig.press('q');
		expect(await rig.exited).toMatchObject({exitCode: 0});
		expect(rig.terminal.buffer.active.type).toBe('normal');
		expect(rig.titles).toEqual([]);
	});
});
