import {type KinesisClient, RegisterStreamConsumerCommand} from '@aws-sdk/client-kinesis';
import {render} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {createStreamList, type StreamListService} from '../../source/services/stream-list.js';
import {createStreamManager} from '../../source/services/stream-manager.js';
import {describeStreamSummary, listTags} from '../../source/kinesis/streams.js';
import {StreamListPane} from '../../source/ui/stream-list/stream-list-pane.js';
import {type FaultProxy, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {PaneHarness} from '../support/pane-harness.js';
import {flat, frameWith, KEY, type} from '../support/ui.js';

const ENTER = '\r';
const TAB = '\t';
const ESC = '\u001B';
const BACKSPACE = '\u007F';
const clear = (count: number) => Array.from({length: count}, () => BACKSPACE);

/**
 * Waits until the detail shows the change and the stream ACTIVE again: Kinesis refuses the next
 * change while a stream is UPDATING (and the explorer would show that refusal).
 */
async function settled(lastFrame: () => string | undefined, shows: string | RegExp) {
	await frameWith(lastFrame, (frame) => {
		expect(frame).toMatch(typeof shows === 'string' ? new RegExp(escape(shows)) : shows);
		expect(frame).toMatch(/│ ACTIVE · (provisioned|on-demand) · /);
	});
}

/**
 * Waits until a field shows what was typed, with its cursor: under load a key sent before the
 * dialog is drawn goes elsewhere, and the test would go on with a half-typed value.
 */
async function shows(lastFrame: () => string | undefined, field: string) {
	await frameWith(lastFrame, (frame) => expect(frame).toContain(field));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const WRITES = [
	'CreateStream',
	'DeleteStream',
	'IncreaseStreamRetentionPeriod',
	'DecreaseStreamRetentionPeriod',
	'AddTagsToStream',
	'RemoveTagsFromStream',
	'EnableEnhancedMonitoring',
	'DisableEnhancedMonitoring',
	'StartStreamEncryption',
	'StopStreamEncryption',
	'UpdateStreamMode',
];

describe('managing streams from the stream list', () => {
	let client: KinesisClient;
	let proxy: FaultProxy;
	let proxied: KinesisClient;
	const stops: Array<() => void> = [];

	beforeAll(async () => {
		client = localClient();
		// Every call goes through a proxy that counts them: refused input must send nothing.
		proxy = await startFaultProxy(localSettings().endpoint!);
		proxied = localClient({endpoint: proxy.url});
	});
	afterEach(() => {
		for (const stop of stops.splice(0)) {
			stop();
		}
	});
	afterAll(async () => {
		client.destroy();
		proxied.destroy();
		await proxy.close();
	});

	function renderList({readOnly = false, through = proxied} = {}) {
		const list: StreamListService = createStreamList(through);
		const manager = createStreamManager(through, {settleMs: 0, onChanged: () => list.refresh()});
		list.start();
		manager.start();
		stops.push(
			() => list.stop(),
			() => manager.stop(),
		);
		const rendered = render(
			<PaneHarness>
				<StreamListPane
					service={list}
					manager={manager}
					readOnly={readOnly}
					size={{width: 96, height: 30}}
					focused
					onSelect={() => undefined}
					onOpen={() => undefined}
				/>
			</PaneHarness>,
		);
		stops.push(rendered.unmount);
		return rendered;
	}

	const writes = () => WRITES.map((operation) => proxy.stats.operations[operation] ?? 0);

	it('changes retention, tags, monitoring, encryption and capacity mode from its menu', async () => {
		const stream = uniqueName('ui-manage');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {lastFrame, stdin} = renderList();
		await type(stdin, '/', ...stream, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('retention 24 h');
			expect(frame).toContain('tags none');
		});

		await type(stdin, 'm');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Manage ${stream}`);
			expect(frame).toContain('r  retention period (24 h now)');
		});
		await type(stdin, 'r', ...clear(3), '7', '2');
		await shows(lastFrame, 'Hours: 72█');
		await type(stdin, ENTER);
		await settled(lastFrame, 'retention 72 h (3d)');
		await type(stdin, 'm', 'r', ...clear(3), '2', '4');
		await shows(lastFrame, 'Hours: 24█');
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Shorten the retention of ${stream} to 24 h?`);
			expect(frame).toContain('enter shorten · esc cancel');
		});
		await type(stdin, ENTER);
		await settled(lastFrame, /retention 24 h(?! \()/);

		await type(stdin, 'm', 't', ...'team=data, env=dev');
		await shows(lastFrame, 'Add: team=data, env=dev█');
		await type(stdin, ENTER);
		await settled(lastFrame, 'tags env=dev, team=data');
		await type(stdin, 'm', 't', TAB, ...'env');
		await shows(lastFrame, 'Remove: env█');
		await type(stdin, ENTER);
		await settled(lastFrame, 'tags team=data');

		await type(stdin, 'm', 'e', ' ', 'j', 'j', 'j', ' ', ENTER);
		await settled(lastFrame, 'shard-level metrics IncomingBytes, OutgoingRecords');
		await type(stdin, 'm', 'e', ' ', ENTER);
		await settled(lastFrame, 'shard-level metrics OutgoingRecords');

		await type(stdin, 'm', 'k');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('KMS key: alias/aws/kinesis'));
		await type(stdin, ENTER);
		await settled(lastFrame, 'encryption KMS · key alias/aws/kinesis');
		await type(stdin, 'm', 'k');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Stop encrypting ${stream}?`));
		await type(stdin, ENTER);
		await settled(lastFrame, 'encryption none');

		await type(stdin, 'm', 'p');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`Switch ${stream} to on-demand?`),
		);
		await type(stdin, ENTER);
		await settled(lastFrame, 'ACTIVE · on-demand');
		await type(stdin, 'm', 'p', ENTER);
		await settled(lastFrame, `${stream} is provisioned now.`);

		expect(await describeStreamSummary(client, stream)).toMatchObject({
			retentionHours: 24,
			encryption: 'NONE',
			mode: 'PROVISIONED',
			enhancedMetrics: ['OutgoingRecords'],
		});
		expect(await listTags(client, stream)).toEqual([{key: 'team', value: 'data'}]);
	});

	it('creates a stream, and deletes one once its name is typed', async () => {
		const prefix = uniqueName('ui-life');
		await createActiveStream(client, {name: `${prefix}-old`, shardCount: 1});
		const {lastFrame, stdin} = renderList();
		await type(stdin, '/', ...prefix, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`${prefix}-old`));

		await type(stdin, 'm', 'c', ...`${prefix}-new`, TAB, BACKSPACE, '2', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toMatch(new RegExp(`${prefix}-new +ACTIVE +2 provisioned`)),
		);

		await type(stdin, 'g', 'm', 'd');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Delete ${prefix}-new?`);
			expect(frame).toContain("Type the stream's name to confirm.");
		});
		await type(stdin, ...prefix, ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`That is not the name: type ${prefix}-new exactly`),
		);
		await type(stdin, ...'-new', ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Deleted ${prefix}-new.`);
			expect(frame).not.toMatch(new RegExp(`${prefix}-new +ACTIVE`));
		});
	});

	it("edits a form's fields in their middle, and makes what they show", async () => {
		const prefix = uniqueName('ui-mend');
		const {lastFrame, stdin} = renderList();
		await type(stdin, '/', ...prefix, ENTER, 'm', 'c');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Create a stream'));
		// A letter left out, put back where it belongs; the shard count replaced from its start.
		await type(stdin, ...`${prefix}-nw`, KEY.left, 'e');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Name: ${prefix}-new`);
			expect(frame).not.toContain(`${prefix}-new█`);
		});
		await type(stdin, TAB, KEY.home, KEY.delete, '2', KEY.left, KEY.altF);
		await shows(lastFrame, 'Shards: 2█');
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toMatch(new RegExp(`${prefix}-new +ACTIVE +2 provisioned`)),
		);
	});

	it('names the consumers of a stream, and deletes them with it only when that is chosen', async () => {
		const stream = uniqueName('ui-consumed');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {arn} = await describeStreamSummary(client, stream);
		for (const name of ['app-1', 'app-2']) {
			await client.send(new RegisterStreamConsumerCommand({StreamARN: arn, ConsumerName: name}));
		}
		const {lastFrame, stdin} = renderList();
		await type(stdin, '/', ...stream, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/consumers app-1 \(\w+\), app-2/));
		const deletes = () => proxy.stats.operations.DeleteStream ?? 0;
		const before = deletes();

		await type(stdin, 'm', 'd');
		await frameWith(lastFrame, (frame) => {
			expect(flat(frame)).toContain('Consumers registered on it: app-1, app-2.');
			expect(flat(frame)).toContain('Kinesis deletes it only with them: you choose that next.');
		});
		await type(stdin, ...stream);
		await shows(lastFrame, `Name: ${stream}█`);
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Delete ${stream} and its 2 consumers?`);
			expect(flat(frame)).toContain('Deleted with it: app-1, app-2.');
			expect(frame).toContain('enter delete all · esc cancel');
		});
		// Not chosen: the stream and its consumers stay, and nothing was sent.
		await type(stdin, KEY.escape);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('and its 2 consumers?'));
		expect(deletes()).toBe(before);
		expect((await describeStreamSummary(client, stream)).status).toBe('ACTIVE');

		await type(stdin, 'm', 'd', ...stream);
		await shows(lastFrame, `Name: ${stream}█`);
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`Delete ${stream} and its 2 consumers?`),
		);
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`Deleted ${stream} and its consumers.`),
		);
		expect(deletes()).toBe(before + 1);
		await vi.waitFor(
			() =>
				expect(describeStreamSummary(client, stream)).rejects.toMatchObject({
					name: 'ResourceNotFoundException',
				}),
			{timeout: 30_000, interval: 50},
		);
	});

	it('makes an action waiting for the detail available in the open menu once the detail comes', async () => {
		const stream = uniqueName('ui-late');
		await createActiveStream(client, {name: stream, shardCount: 1});
		// The stream's tags are held back until the menu is open.
		let release = () => undefined as void;
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		proxy.setRule(({operation, body}) =>
			operation === 'ListTagsForStream' && body.StreamName === stream
				? {kind: 'hold', release: held}
				: undefined,
		);
		stops.push(release, () => proxy.setRule(() => undefined));
		const {lastFrame, stdin} = renderList();
		await type(stdin, '/', ...stream, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('retention 24 h'));
		await vi.waitFor(() => expect(proxy.stats.faults.hold).toBe(1), {timeout: 30_000});
		// t, while the tags are on their way, only says so.
		await type(stdin, 'm', 't');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Manage ${stream}`);
			expect(frame).toMatch(/› t {2}tags\s/);
			expect(frame).toContain('Its tags are on their way.');
		});
		release();
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('› t  tags (0)');
			expect(frame).not.toContain('Its tags are on their way.');
		});
		await type(stdin, 't');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Add: █'));
	});

	it('refuses bad input in the form with the reason, sending nothing', async () => {
		const prefix = uniqueName('ui-bad');
		await createActiveStream(client, {name: prefix, shardCount: 1});
		const {lastFrame, stdin} = renderList();
		await type(stdin, '/', ...prefix, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('retention 24 h'));
		const before = writes();

		await type(stdin, 'm', 'c', ...'bad name', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('A stream name holds only letters, digits, _ - and . (no spaces).'),
		);
		await type(stdin, ...clear(8), ...prefix, ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`A stream named ${prefix} exists already.`),
		);
		await type(stdin, '2', TAB, BACKSPACE, '0', ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('The shard count is from 1 to'));
		await type(stdin, ESC, 'm', 'r', ...clear(3), '9', '9', '9', '9', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Retention is a whole number of hours from 24 (1 day) to 8760'),
		);
		await type(stdin, ESC, 'm', 't', ...'aws:x=1', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain("Tag keys starting with aws: are AWS's own"),
		);
		await type(stdin, ESC, 'm', 'e', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Nothing changed: tick or untick'),
		);
		await type(stdin, ESC, 'm', 'k', ...clear(20), ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Name the KMS key'));
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('Name the KMS key'));
		expect(writes()).toEqual(before);
	});

	it("shows the engine's refusal in its own words", async () => {
		const stream = uniqueName('ui-refused');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {lastFrame, stdin} = renderList();
		await type(stdin, '/', ...stream, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('encryption none'));
		await type(stdin, 'm', 'k', ...clear(20), ...'not-a-key', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(flat(frame)).toContain(
				'⚠ InvalidArgumentException: Received KeyId is not a properly formatted Alias or GUID',
			),
		);
		expect((await describeStreamSummary(client, stream)).encryption).toBe('NONE');
	});

	it('disables every action under --read-only, saying so, and sends nothing', async () => {
		const stream = uniqueName('ui-ro');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {lastFrame, stdin} = renderList({readOnly: true});
		await type(stdin, '/', ...stream, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('retention 24 h'));
		const before = writes();
		await type(stdin, 'm');
		await frameWith(lastFrame, (frame) =>
			expect(flat(frame)).toContain(
				'Read-only (--read-only): these actions write, so all are off.',
			),
		);
		for (const letter of ['c', 'd', 'r', 't', 'e', 'k', 'p']) {
			await type(stdin, letter, ENTER);
			await frameWith(lastFrame, (frame) =>
				expect(frame).toContain('Refused: the explorer is read-only (--read-only).'),
			);
		}
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('Read-only (--read-only)'));
		expect(writes()).toEqual(before);
	});
});
