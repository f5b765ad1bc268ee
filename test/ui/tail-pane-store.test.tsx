import {render} from 'ink-testing-library';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {createRing} from '../../source/lib/ring-buffer.js';
import {createStore} from '../../source/lib/store.js';
import type {UserRecord} from '../../source/model/records.js';
import {
	type TailRecord,
	type TailService,
	type TailSnapshot,
	toTailRecord,
} from '../../source/services/tail/tail-service.js';
import type {
	TailShardsService,
	TailShardsSnapshot,
} from '../../source/services/tail/tail-shards.js';
import {TailPane} from '../../source/ui/tail/tail-pane.js';
import {ClipboardContext} from '../../source/ui/clipboard.js';
import type {PutDraft} from '../../source/model/put-draft.js';
import type {TailTarget} from '../../source/services/tail/tailer.js';
import {PaneHarness} from '../support/pane-harness.js';
import {backspaces, frameWith, KEY, type} from '../support/ui.js';

/**
 * The tail pane drawn from a store the test fills: what it shows of records and how its keys act on
 * them needs no engine. What a real tail reads and how is tail-pane.test.tsx's.
 */
const hostile = '\u001b]0;owned\u0007\u001b[2J\u001b[31mred';

const record = (sequence: number, partitionKey: string, data: string): UserRecord => ({
	shardId: `shardId-00000000000${sequence % 2}`,
	sequenceNumber: `4960${String(sequence).padStart(52, '0')}`,
	partitionKey,
	approximateArrivalTimestamp: new Date(Date.UTC(2026, 11, 5, 12, 0, sequence)),
	data: new TextEncoder().encode(data),
});

const RECORDS = [
	record(1, 'hostile', hostile),
	record(2, 'order-1', '{"order":1,"total":12.5,"items":["espresso"]}'),
	record(3, 'order-2', '{"order":2,"total":3,"items":[]}'),
	record(4, 'ERR-7', 'error: disk full'),
];

/** A tail that runs, holding `records`: its actions are written down and change its status. */
function filledTail(records: readonly UserRecord[], more: Partial<TailSnapshot> = {}) {
	const ring = createRing<TailRecord>(100);
	for (const [index, each] of records.entries()) {
		ring.push(toTailRecord(each, index + 1));
	}
	const store = createStore<TailSnapshot>({
		target: {stream: 'orders', position: {type: 'TRIM_HORIZON'}},
		status: 'running',
		records: ring,
		version: 1,
		received: records.length,
		shards: new Map(),
		rates: [],
		...more,
	});
	const calls: string[] = [];
	const started: TailTarget[] = [];
	const act = (name: string, status?: TailSnapshot['status']) => (target?: TailTarget) => {
		calls.push(name);
		if (target) {
			started.push(target);
		}
		if (status) {
			store.set((snapshot) => ({...snapshot, status}));
		}
	};
	const service: TailService = {
		subscribe: store.subscribe,
		getSnapshot: store.getSnapshot,
		start: act('start', 'starting'),
		stop: act('stop', 'idle'),
		pause: act('pause', 'paused'),
		resume: act('resume', 'running'),
	};
	const shardsStore = createStore<TailShardsSnapshot>({});
	const shards: TailShardsService = {
		subscribe: shardsStore.subscribe,
		getSnapshot: shardsStore.getSnapshot,
		start() {},
		stop() {},
		refresh() {},
		select(stream) {
			shardsStore.set({
				stream,
				shards: stream === undefined ? undefined : [{shardId: 'shardId-000000000000', open: true}],
			});
		},
	};
	return {service, shards, calls, started};
}

function renderTail(
	records = RECORDS,
	more: Partial<TailSnapshot> = {},
	{readOnly = false}: {readOnly?: boolean} = {},
) {
	const tail = filledTail(records, more);
	const copied: string[] = [];
	const named: string[] = [];
	const sentAgain: PutDraft[] = [];
	const clipboard = {
		copy: (bytes: Uint8Array, what: string) => {
			copied.push(Buffer.from(bytes).toString());
			named.push(what);
		},
	};
	const rendered = render(
		<PaneHarness>
			<ClipboardContext.Provider value={clipboard}>
				<TailPane
					service={tail.service}
					shards={tail.shards}
					stream="orders"
					onSendAgain={(draft) => sentAgain.push(draft)}
					readOnly={readOnly}
					size={{width: 100, height: 30}}
					focused
				/>
			</ClipboardContext.Provider>
		</PaneHarness>,
	);
	return {...rendered, ...tail, copied, named, sentAgain};
}

describe('the tail pane, from its store', () => {
	it('copies a record, saves the records in view, tails from a record and sends one again', async () => {
		const {lastFrame, stdin, unmount, copied, named, started, sentAgain} = renderTail();
		await frameWith(lastFrame, (frame) => expect(frame).toContain('order-2'));

		// Saved: the path offered, typed over; a file that is there is replaced only when asked.
		const directory = mkdtempSync(path.join(tmpdir(), 'tail-save-'));
		const file = path.join(directory, 'orders.ndjson');
		await type(stdin, 'w');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toMatch(/Save 4 records to: orders-\d{4}-\d\d-\d\dT\d{6}Z\.ndjson/),
		);
		// Paths and filters go in one write, as a paste comes: taken a key at a time, drawn once.
		await type(stdin, KEY.ctrlU, file, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Saved 4 records ('));
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		expect(lines.map((line) => (JSON.parse(line) as {partitionKey: string}).partitionKey)).toEqual([
			'hostile',
			'order-1',
			'order-2',
			'ERR-7',
		]);
		// What the filter shows, over the same file.
		await type(stdin, '/', 'order', KEY.enter, 'w', KEY.ctrlU, file, KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('is there already: enter replaces it, esc keeps it.'),
		);
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Saved 2 records ('));
		expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(2);
		const nowhere = path.join(directory, 'no-such-directory', 'x.ndjson');
		await type(stdin, 'w', KEY.ctrlU, nowhere, KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Not saved, no such directory: /'),
		);
		expect(lastFrame()).not.toContain('Save 2 records');

		// The one match of order-2, held: its data, the whole record, its sequence number.
		await type(stdin, '/', KEY.ctrlU, 'order-2', KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('/order-2  1 match'));
		await type(stdin, 'k', 'y', 'Y', 'i');
		await vi.waitFor(() => expect(copied).toHaveLength(3));
		expect(copied[0]).toBe('{"order":2,"total":3,"items":[]}');
		expect(JSON.parse(copied[1]!)).toMatchObject({
			stream: 'orders',
			partitionKey: 'order-2',
			data: '{"order":2,"total":3,"items":[]}',
			encoding: 'utf8',
			sequenceNumber: RECORDS[2]!.sequenceNumber,
		});
		expect(copied[2]).toBe(RECORDS[2]!.sequenceNumber);
		expect(named).toEqual(["the record's data", 'the record', 'its sequence number']);

		// Sent again: the put form gets its key and data; tailed from: its shard, at its number.
		await type(stdin, 's');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('The put form holds the record'));
		expect(sentAgain.at(-1)).toMatchObject({
			partitionKey: 'order-2',
			data: '{"order":2,"total":3,"items":[]}',
			format: 'text',
		});
		await type(stdin, 'f');
		await vi.waitFor(() =>
			expect(started.at(-1)).toEqual({
				stream: 'orders',
				shardId: RECORDS[2]!.shardId,
				position: {type: 'AT_SEQUENCE_NUMBER', sequenceNumber: RECORDS[2]!.sequenceNumber},
			}),
		);
		unmount();
	});

	it('offers no fan-out under --read-only: it registers a consumer, a write', async () => {
		const {lastFrame, stdin, unmount} = renderTail(RECORDS, {}, {readOnly: true});
		await frameWith(lastFrame, (frame) => expect(frame).toContain('order-2'));
		await type(stdin, 'n');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('shardId-000000000000  open'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Start from:'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('fan-out is off');
			expect(frame).toContain('polling');
			expect(frame).not.toContain('enhanced fan-out');
		});
		unmount();
	});

	it('shows a record of escape sequences as inert text, in its row and opened whole', async () => {
		const {lastFrame, stdin, unmount} = renderTail();
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('3 Tail · orders · all shards · TRIM_HORIZON');
			expect(frame).toMatch(/hostile +␛\]0;owned␇␛\[2J␛\[31mred/);
		});
		const raw = lastFrame() ?? '';
		for (const active of ['\u001b]', '\u0007', '\u001b[2J', '\u001b[31mred']) {
			expect(raw).not.toContain(active);
		}
		await type(stdin, '/', 'hostile', KEY.enter, KEY.up, KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/partition key +hostile/);
			expect(frame).toContain('␛]0;owned␇␛[2J␛[31mred');
		});
		const opened = lastFrame() ?? '';
		for (const active of ['\u001b]', '\u0007', '\u001b[2J']) {
			expect(opened).not.toContain(active);
		}
		unmount();
	});

	it('opens a record whole: every field, its size, the JSON pretty-printed; esc goes back', async () => {
		const {lastFrame, stdin, unmount} = renderTail();
		await type(stdin, '/', 'order-1', KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('1 match'));
		await type(stdin, KEY.up, KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/partition key +order-1/);
			expect(frame).toMatch(/sequence +4960\d{52}/);
			expect(frame).toMatch(/size +45 bytes · JSON/);
			expect(frame).toContain('  "total": 12.5,');
			expect(frame).toContain('    "espresso"');
		});
		// x on a record that is not bytes: nothing to switch, and it says why.
		await type(stdin, 'x');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('The record is json, not bytes: x switches between hex and base64'),
		);
		await type(stdin, KEY.escape);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('/order-1');
			expect(frame).not.toMatch(/partition key +order-1/);
		});
		unmount();
	});

	it('filters by text or /regex/, says when a pattern is not one, and clears with esc', async () => {
		const {lastFrame, stdin, unmount} = renderTail();
		await type(stdin, '/', '/^err/i', KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('1 match');
			expect(frame).toContain('error: disk full');
			expect(frame).not.toContain('order-2');
		});
		// / takes up the filter as it stands.
		await type(stdin, '/', ...backspaces(7), '/(/', KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Not a regular expression'));
		await type(stdin, KEY.escape);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('order-2');
			expect(frame).toContain('hostile');
			expect(frame).not.toContain('Not a regular expression');
		});
		unmount();
	});

	it('keeps what was typed for each position type: a sequence number never opens with a time', async () => {
		const {lastFrame, stdin, unmount, calls} = renderTail();
		await frameWith(lastFrame, (frame) => expect(frame).toContain('order-2'));
		const chooseFrom = async (moves: number) => {
			await type(stdin, 'n');
			await frameWith(lastFrame, (frame) => expect(frame).toContain('shardId-000000000000  open'));
			// The menus open on the last answers: g goes to their tops.
			await type(stdin, 'g', 'j', KEY.enter);
			await frameWith(lastFrame, (frame) => expect(frame).toContain('Start from:'));
			await type(stdin, 'g', ...Array.from({length: moves}, () => 'j'), KEY.enter);
		};
		// AT_TIMESTAMP, the third type: 1m mended to 10m in its middle.
		await chooseFrom(2);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Time (ISO 8601'));
		await type(stdin, '1m', KEY.left, '0');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('ago): 10m');
			expect(frame).not.toContain('10m█');
		});
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/Time +10m/));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('Read by:'));
		expect(calls).toContain('start');
		// AT_SEQUENCE_NUMBER, the fourth: its field opens empty.
		await chooseFrom(3);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/Sequence number: █/);
			expect(frame).not.toContain('10m');
		});
		// A sequence number pasted (one read), then taken back whole by one ctrl+w: it is one word.
		const pasted = `4960${'1'.repeat(52)}`;
		stdin.write(pasted);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`${pasted.slice(-16)}█`));
		await type(stdin, KEY.ctrlW);
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/Sequence number: █/));
		await type(stdin, '4960', KEY.escape);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Start from:'));
		// Each type opens again with its own last value; esc left the cursor on the type it came from.
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ AT_SEQUENCE_NUMBER'));
		await type(stdin, 'k', KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('ago): 10m'));
		await type(stdin, KEY.escape);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ AT_TIMESTAMP'));
		await type(stdin, 'j', KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Sequence number: 4960█'));
		unmount();
	});

	it('pauses and resumes through its service, the status bar hint saying which comes next', async () => {
		const {lastFrame, stdin, unmount, calls, service} = renderTail();
		await frameWith(lastFrame, (frame) => expect(frame).toContain('order-2'));
		await type(stdin, ' ');
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/paused/i));
		expect(service.getSnapshot().status).toBe('paused');
		await type(stdin, ' ');
		await frameWith(lastFrame, (frame) => expect(frame).not.toMatch(/paused/i));
		// n stops this tail and opens the chooser on the shards its store lists.
		await type(stdin, 'n');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('shardId-000000000000  open'));
		expect(calls).toEqual(['pause', 'resume', 'stop']);
		unmount();
	});

	it('says when it holds records back for a shard that is behind, and what came late', async () => {
		const {lastFrame, unmount} = renderTail(RECORDS, {
			holding: {records: 1204, shardId: 'shardId-000000000003'},
			late: 2,
		});
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('holding back 1,204 · waiting for shard 3 · 2 listed late'),
		);
		unmount();
	});
});
