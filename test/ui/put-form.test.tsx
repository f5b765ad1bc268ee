import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, it, type TestContext, vi} from 'vitest';
import {App} from '../../source/app.js';
import {openShards, placeRecord} from '../../source/model/placement.js';
import {createPutService} from '../../source/services/put/put-service.js';
import {listShards} from '../../source/kinesis/shards.js';
import type {Shard} from '../../source/model/shard.js';
import {createStore} from '../../source/lib/store.js';
import {createServices, startServices, stopServices} from '../../source/services/services.js';
import type {Notice} from '../../source/services/session.js';
import {faults, startTestProxy} from '../support/fault-proxy.js';
import {
	createActiveStream,
	localClient,
	localSettings,
	noLeaseTables,
	uniqueName,
} from '../support/kinesis.js';
import {readAllRecords} from '../support/read-back.js';
import {frameWith, KEY, type} from '../support/ui.js';

const ESC = KEY.escape;
const TAB = KEY.tab;

/** The bad lines a checked file's panel shows at once, from its heading: "skipped: 4–9 of 30". */
const shownRows = (frame: string) => {
	const [, first, last] = /skipped: (\d+)–(\d+) of/.exec(frame) ?? [];
	return Number(last) - Number(first) + 1;
};

// Each test has an explorer, its records' keys and any proxy of its own, so they run side by side:
// the send that waits out its deadline no longer holds the others up.
describe.concurrent('the put form', () => {
	let client: KinesisClient;
	const stream = uniqueName('form');
	let open: Shard[];

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 3});
		open = openShards(await listShards(client, stream));
	});

	afterAll(async () => {
		client.destroy();
	});

	/** The explorer on the test's stream, focused on the put pane, `rows` rows tall. */
	async function openForm(
		{expect, onTestFinished}: TestContext,
		{
			rows = 24,
			readOnly = false,
			putClient = client,
		}: {rows?: number; readOnly?: boolean; putClient?: KinesisClient} = {},
	) {
		const services = {
			...createServices(client, {}, {leaseTables: noLeaseTables()}),
			put: createPutService(putClient),
		};
		startServices(services);
		const onQuit = vi.fn();
		const rendered = render(
			<App
				connection={{target: 'endpoint', endpoint: 'test', region: 'us-east-1', readOnly}}
				services={services}
				notices={createStore<Notice | undefined>(undefined)}
				onQuit={onQuit}
			/>,
		);
		// Each test's explorer ends with it: its pollers and renders would only slow the next tests.
		onTestFinished(() => {
			rendered.unmount();
			stopServices(services);
		});
		Object.assign(rendered.stdout, {rows});
		rendered.stdout.emit('resize');
		// Text goes in one write, as a paste or keys typed during a redraw arrive: the explorer takes
		// it a key at a time all the same, and draws once, not once a letter (each draw is the App).
		await type(rendered.stdin, '/', stream, '\r', '4');
		// The pane takes keys once it has the focus: the status bar shows its keys then (read-only,
		// it has none: the frame's alone are left).
		await frameWith(rendered.lastFrame, (frame) => {
			expect(frame).toContain(`4 Put · ${stream}`);
			if (readOnly) {
				expect(frame.split('\n').at(-1)).toMatch(/^tab next pane ·/);
			} else {
				expect(frame).toContain('e edit · s send');
			}
		});
		return {...rendered, services, onQuit};
	}

	const predicted = (partitionKey: string, explicitHashKey?: string) =>
		placeRecord(open, {partitionKey, explicitHashKey})?.shard?.shardId ?? 'none';
	it('shows the predicted shard as the key is typed, and sends the record there', async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount} = await openForm(context);
		await type(stdin, 'e', 'user-42');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`→ ${predicted('user-42')}`);
		});
		// q and 2 are typed into the field, not obeyed.
		await type(stdin, 'q', '2');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('user-42q2');
			expect(frame).toContain(`→ ${predicted('user-42q2')}`);
		});
		// Three fields on the way to the data: the focused form has room for all four.
		await type(stdin, TAB, TAB, TAB, '{"n": 1}', ESC, 't', 's');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Data · json ✓ 8 B');
			expect(frame).toContain(`✓ ${predicted('user-42q2')} · seq `);
		});
		const read = await readAllRecords(client, stream);
		expect(read.filter((record) => record.partitionKey === 'user-42q2')).toEqual([
			expect.objectContaining({shardId: predicted('user-42q2'), data: '{"n": 1}'}),
		]);
		unmount();
	});

	it('counts the bytes base64 decodes to, not its letters', async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount} = await openForm(context);
		// Twelve letters of base64 are nine bytes.
		await type(stdin, 'e', 'k', TAB, TAB, TAB, 'AAECAwQFBgcI', ESC, 't', 't');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Data · base64 ✓ 9 B'));
		unmount();
	});

	it('predicts and sends by an explicit hash key at a range boundary', async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount} = await openForm(context);
		const last = open.at(-1) as Shard;
		const boundary = String(last.hashKeyRange.start);
		await type(stdin, 'u', 'j', 'e', boundary, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`→ ${last.shardId}`));
		await type(stdin, 's');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`✓ ${last.shardId} · seq `));
		const below = String(last.hashKeyRange.start - 1n);
		// ctrl+u clears the key in one key, where a backspace a digit takes a redraw each.
		await type(stdin, 'e', KEY.ctrlU, below, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`→ ${predicted('x', below)}`));
		expect(predicted('x', below)).not.toBe(last.shardId);
		await type(stdin, 's');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`✓ ${predicted('x', below)} · seq `),
		);
		unmount();
	});

	it('keeps sent records to send again or edit', async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount} = await openForm(context, {rows: 40});
		await type(stdin, 'e', 'again-key', TAB, TAB, TAB, 'payload-1', ESC, 's');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Sent (1)'));
		// Down past the fields to the sent record, then send it again.
		await type(stdin, 'j', 's');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Sent (2)'));
		// Edit it: it comes back into the form, and the form sends the edited copy.
		await type(stdin, 'e', 'e', '2', ESC, 's');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Sent (3)'));
		const sent = (await readAllRecords(client, stream))
			.filter((record) => record.partitionKey === 'again-key')
			.map((record) => record.data)
			.sort();
		expect(sent).toEqual(['payload-1', 'payload-1', 'payload-12']);
		unmount();
	});

	it('keeps what was typed when a send fails, and says why', async (context) => {
		const {expect} = context;
		const proxy = await startTestProxy(context, localSettings().endpoint ?? '', ({operation}) =>
			operation === 'PutRecord' ? faults.accessDenied() : undefined,
		);
		const {lastFrame, stdin, unmount} = await openForm(context, {
			putClient: localClient({endpoint: proxy.url}),
		});
		await type(stdin, 'e', 'kept-key', ESC, 's');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('✗ Access denied by Kinesis');
			expect(frame).toContain('kept-key');
		});
		unmount();
	});

	it('says a send has had no answer yet, sends it again past its deadline, and that it may be in twice', async (context) => {
		const {expect} = context;
		let putRecords = 0;
		// The first PutRecord is held back past the client's deadline, then stored all the same: let go
		// once the form has resent it (a fixed stall would have to outlast the deadline by a margin).
		let release = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		const proxy = await startTestProxy(context, localSettings().endpoint ?? '', ({operation}) =>
			operation === 'PutRecord' && putRecords++ === 0 ? {kind: 'hold', release: held} : undefined,
		);
		// "No answer" shows from 3 s (SLOW_CALL_MS) until the deadline: 6 s leaves the frame three
		// seconds to be seen in, however busy the other tests running beside it keep this process.
		const {lastFrame, stdin, unmount} = await openForm(context, {
			putClient: localClient({endpoint: proxy.url}, {deadlines: {PutRecord: 6000}}),
		});
		await type(stdin, 'e', 'twice-key', ESC, 's');
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/Sending… no answer for [3-6] s/));
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/✓ maybe twice: resent after a timeout · shard/);
		});
		release();
		await vi.waitFor(
			async () => {
				const read = await readAllRecords(client, stream);
				expect(read.filter((record) => record.partitionKey === 'twice-key')).toHaveLength(2);
			},
			{timeout: 20_000, interval: 200},
		);
		unmount();
	});

	it('sends a file from the form: checks it, says what is bad, sends the rest, sums up', async (context) => {
		const {expect} = context;
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'put-form-')), 'orders.ndjson');
		const lines = Array.from({length: 300}, (_, n) =>
			JSON.stringify({n, user: {id: `f-${n % 7}`}}),
		);
		writeFileSync(file, `${lines.join('\n')}\nnot json\n`);
		const {lastFrame, stdin, unmount} = await openForm(context, {rows: 40});
		await type(stdin, 'f', file, TAB, 'user.id', '\r');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`300 records to send to ${stream}.`);
			expect(frame).toMatch(/1 bad line, skipped: +│/);
			expect(frame).toContain('  line 301: Not JSON');
		});
		await type(stdin, '\r');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(new RegExp(`Sent 300 records to ${stream} in [\\d.]+ s`));
			expect(frame).toMatch(/shardId-\d+ +\d+/);
		});
		const read = await readAllRecords(client, stream);
		expect(read.filter((record) => record.partitionKey.startsWith('f-'))).toHaveLength(300);
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Partition key'));
		unmount();
	});

	it('edits a field in its middle as a shell does: by character, word and line', async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount} = await openForm(context);
		// A typo mended where it is: two words back, one on, two characters left.
		await type(stdin, 'e', 'fild-edit', KEY.altB, KEY.altB, KEY.altF, KEY.left, KEY.left, 'e');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Partition key: field-edit');
			// The cursor is on the l, not after the end.
			expect(frame).not.toContain('field-edit█');
		});
		await type(stdin, KEY.end, '!', KEY.backspace, KEY.home, KEY.delete, 'F', KEY.ctrlE);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Partition key: Field-edit█'));
		// A word back, the rest killed and typed again; the first character killed from the start.
		await type(stdin, KEY.ctrlLeft, KEY.ctrlK, 'key', KEY.ctrlA, KEY.right, KEY.ctrlU);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Partition key: ield-key'));
		await type(stdin, 'f', KEY.ctrlE, KEY.ctrlW, 'edit');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Partition key: field-edit█');
			expect(frame).toContain(`→ ${predicted('field-edit')}`);
		});
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`s sends it to ${stream}`));
		await type(stdin, 's');
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/✓ shardId-\d+ · seq /));
		const read = await readAllRecords(client, stream);
		expect(read.filter((record) => record.partitionKey === 'field-edit')).toHaveLength(1);
		unmount();
	});

	it("edits the data's lines with the same keys, the line keys stopping at the line's ends", async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount} = await openForm(context, {rows: 40});
		await type(stdin, 'e', 'data-edit', TAB, TAB, TAB, 'hello wrld', KEY.enter);
		await type(stdin, 'second line', KEY.up, KEY.altB, KEY.right, 'o', KEY.ctrlE);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('  hello world█');
			expect(frame).toContain('  second line');
		});
		await type(stdin, KEY.down, KEY.ctrlU, 'bye');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Data · text ✓ 15 B');
			expect(frame).toContain('  bye█');
		});
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`s sends it to ${stream}`));
		await type(stdin, 's');
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/✓ shardId-\d+ · seq /));
		const read = await readAllRecords(client, stream);
		expect(read.find((record) => record.partitionKey === 'data-edit')?.data).toBe(
			'hello world\nbye',
		);
		unmount();
	});

	it('keeps the keys in the file panel after an error: tab and letters edit its fields, never reach another pane', async (context) => {
		const {expect} = context;
		const folder = mkdtempSync(path.join(tmpdir(), 'put-form-'));
		const missing = path.join(folder, 'missing.ndjson');
		const {lastFrame, stdin, unmount, onQuit} = await openForm(context, {rows: 40});
		await type(stdin, 'f', missing, KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Cannot read the file');
			expect(frame).toContain('enter back to the fields');
		});
		// While the error shows, tab, the pane digits and q are the panel's: they do nothing.
		await type(stdin, TAB, '1', 'q', '?');
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).not.toContain('Cannot read the file');
			expect(frame).toContain(`File: ${missing}█`);
		});
		// Back in the path, editing it; tab goes to the key field, and what is typed is typed there.
		await type(stdin, TAB, 'user.id', '2', '?', 'q');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Key field: user.id2?q█');
			expect(frame).toContain(`4 Put · ${stream}`);
			expect(frame).not.toContain('Keys (? or esc to close)');
			// The put pane still has the keys: the status bar has the frame's hints, no list's.
			expect(frame.split('\n').at(-1)).toMatch(/^tab next pane ·/);
		});
		expect(onQuit).not.toHaveBeenCalled();
		// The field is mended, the path too, and the file checked: the keys were the panel's all along.
		const file = path.join(folder, 'orders.ndjson');
		writeFileSync(file, '{"user":{"id":"u-1"}}\n{"user":{"id":"u-2"}}\n');
		await type(stdin, KEY.backspace, KEY.backspace, KEY.backspace, TAB, KEY.ctrlU, file);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`File: ${file}█`);
			expect(frame).toContain('Key field: user.id');
		});
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`2 records to send to ${stream}.`),
		);
		unmount();
	});

	it('lists every bad line of a checked file, and scrolls the list', async (context) => {
		const {expect} = context;
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'put-form-')), 'mixed.ndjson');
		const lines = Array.from({length: 60}, (_, n) =>
			n % 2 === 0 ? JSON.stringify({n}) : `bad ${n + 1}`,
		);
		writeFileSync(file, `${lines.join('\n')}\n`);
		const {lastFrame, stdin, unmount} = await openForm(context, {rows: 40});
		await type(stdin, 'f', file, KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`30 records to send to ${stream}.`);
			expect(frame).toMatch(/30 bad lines, skipped: 1–\d+ of 30 \(j\/↓ k\/↑\)/);
			expect(frame).toContain('line 2: Not JSON');
			expect(frame).not.toContain('line 60:');
		});
		await type(stdin, 'G');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/30 bad lines, skipped: \d+–30 of 30/);
			expect(frame).toContain('line 60: Not JSON');
			expect(frame).not.toContain('line 2: Not JSON');
		});
		// Every one of them is there to be seen, a row at a time.
		await type(stdin, 'g');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('skipped: 1–'));
		const rows = shownRows(lastFrame() ?? '');
		const seen = new Set<number>();
		for (let first = 1; first <= 30 - rows + 1; first++) {
			await frameWith(lastFrame, (frame) =>
				expect(frame).toContain(`skipped: ${first}–${first + rows - 1} of 30`),
			);
			for (const match of (lastFrame() ?? '').matchAll(/line (\d+): Not JSON/g)) {
				seen.add(Number(match[1]));
			}
			await type(stdin, 'j');
		}
		expect([...seen].sort((a, b) => a - b)).toEqual(
			Array.from({length: 30}, (_, n) => 2 * (n + 1)),
		);
		// Still the panel's keys: enter sends the good records.
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toMatch(new RegExp(`Sent 30 records to ${stream} in [\\d.]+ s`)),
		);
		unmount();
	});

	it('is disabled, with a message, when the explorer is read-only', async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount, services} = await openForm(context, {readOnly: true});
		await type(stdin, 'u', 's', 'f');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Read-only: sending is off (--read-only).'),
		);
		// s and f reached no send: the service has none started, and nothing went out.
		const {send, file, history} = services.put.getSnapshot();
		expect({send, file, history}).toEqual({send: undefined, file: undefined, history: []});
		unmount();
	});
});
