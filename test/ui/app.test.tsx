import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it, onTestFinished, vi} from 'vitest';
import {App} from '../../source/app.js';
import {createStore} from '../../source/lib/store.js';
import {createStreamList, type StreamListService} from '../../source/services/stream-list.js';
import {createServices, startServices, stopServices} from '../../source/services/services.js';
import type {Notice} from '../../source/services/session.js';
import type {ConnectionInfo} from '../../source/ui/components/header.js';
import {
	createActiveStream,
	localClient,
	localSettings,
	noLeaseTables,
	uniqueName,
} from '../support/kinesis.js';
import {frameWith, KEY, type} from '../support/ui.js';

describe('the explorer frame', () => {
	let client: KinesisClient;
	const prefix = uniqueName('ui');
	let service: StreamListService;
	const connection = {
		target: 'endpoint' as const,
		endpoint: localSettings().endpoint,
		region: 'us-east-1',
		readOnly: false,
	};

	beforeAll(async () => {
		client = localClient();
		await Promise.all([
			createActiveStream(client, {name: `${prefix}-a`, shardCount: 2}),
			createActiveStream(client, {name: `${prefix}-b`, shardCount: 1}),
			createActiveStream(client, {name: `${prefix}-c`, onDemand: true}),
		]);
	});

	afterAll(() => client.destroy());

	function renderApp(
		options: {
			readOnly?: boolean;
			notice?: Notice;
			service?: StreamListService;
			connection?: ConnectionInfo;
			writeClipboard?: (bytes: Uint8Array) => void;
		} = {},
	) {
		service = options.service ?? createStreamList(client);
		const services = {
			...createServices(client, {}, {leaseTables: noLeaseTables()}),
			streamList: service,
		};
		startServices(services);
		// Every explorer a test renders (some render two) stops with the test: its pollers would
		// otherwise run on until the file ends.
		onTestFinished(() => stopServices(services));
		const onQuit = vi.fn();
		const notices = createStore<Notice | undefined>(options.notice);
		const rendered = render(
			<App
				connection={options.connection ?? {...connection, readOnly: Boolean(options.readOnly)}}
				services={services}
				notices={notices}
				onQuit={onQuit}
				writeClipboard={options.writeClipboard}
			/>,
		);
		onTestFinished(() => rendered.unmount());
		return {...rendered, onQuit};
	}

	it('says where it is connected, and when it is read-only', async () => {
		const {lastFrame, unmount} = renderApp({readOnly: true});
		await frameWith(lastFrame, (frame) => {
			// Read-only first: a narrow terminal cuts the endpoint's end, never that.
			expect(frame).toContain(`kinesis-explorer READ-ONLY ● endpoint ${connection.endpoint}`);
		});
		unmount();
	});

	it('names the AWS region and profile it is connected to, and says when it is read-only', async () => {
		const aws = {target: 'aws', region: 'eu-west-1', profile: 'prod'} as const;
		const readOnly = renderApp({connection: {...aws, readOnly: true}});
		await frameWith(readOnly.lastFrame, (frame) =>
			expect(frame.split('\n')[0]).toMatch(
				/^kinesis-explorer READ-ONLY ● AWS eu-west-1 · profile prod +(connecting|reachable) · \? help · q quit$/,
			),
		);
		readOnly.unmount();
		service.stop();
		const writable = renderApp({connection: {...aws, readOnly: false}});
		await frameWith(writable.lastFrame, (frame) =>
			expect(frame.split('\n')[0]).toMatch(
				/^kinesis-explorer ● AWS eu-west-1 · profile prod +(connecting|reachable) · \? help · q quit$/,
			),
		);
		writable.unmount();
	});

	it('lists the streams with their status, mode and shards, and filters them by name', async () => {
		const {lastFrame, stdin, unmount} = renderApp();
		await frameWith(lastFrame, (frame) => expect(frame).toContain('1 Streams'));
		// The filter's text in one write, as a paste comes: taken a key at a time, drawn once.
		await type(stdin, '/', prefix);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`/${prefix}`);
			expect(frame).toMatch(new RegExp(`${prefix}-a +ACTIVE +2 provisioned`));
			expect(frame).toMatch(new RegExp(`${prefix}-b +ACTIVE +1 provisioned`));
			expect(frame).toMatch(new RegExp(`${prefix}-c +ACTIVE +\\d+ on-demand`));
			expect(frame).toMatch(/Streams · 3( of \d+)? /);
		});
		unmount();
	});

	it('moves the selection with j and the arrows; the other panes follow the selected stream', async () => {
		const {lastFrame, stdin, unmount} = renderApp();
		await type(stdin, '/', prefix, '\r');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Shards · ${prefix}-a`));
		await type(stdin, 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Shards · ${prefix}-b`));
		await type(stdin, KEY.down);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Shards · ${prefix}-c`));
		await type(stdin, 'k', 'k', 'k');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Shards · ${prefix}-a`));
		unmount();
	});

	it('types q and digits into the filter instead of quitting or changing panes', async () => {
		const {lastFrame, stdin, unmount, onQuit} = renderApp();
		await type(stdin, '/', 'q', '2');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('/q2'));
		expect(onQuit).not.toHaveBeenCalled();
		await type(stdin, KEY.escape);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('/q2'));
		unmount();
	});

	it('takes keys that arrive together one at a time', async () => {
		const {lastFrame, stdin, unmount, onQuit} = renderApp();
		stdin.write(`/${prefix}-b\r`);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Shards · ${prefix}-b`);
			expect(frame).toMatch(/Streams · 1 of \d+ /);
		});
		expect(onQuit).not.toHaveBeenCalled();
		unmount();
	});

	it('tails the selected stream in one key, from the last position used, and says when another is selected', async () => {
		const {lastFrame, stdin, unmount} = renderApp();
		await type(stdin, '/', prefix, '\r');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Shards · ${prefix}-a`));
		// From the shard tree: every shard, LATEST the first time.
		await type(stdin, 'l');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`3 Tail · ${prefix}-a · all shards · LATEST`),
		);
		// Another stream selected: the tail stays, its title says which is selected and how to move.
		await type(stdin, '1', 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Shards · ${prefix}-b`));
		await type(stdin, '3');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`${prefix}-b is selected`));
		// A tail chosen by hand from TRIM_HORIZON: the next tail in one key starts there too.
		await type(stdin, 'n');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ all shards'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Start from:'));
		await type(stdin, 'j', KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Read by:'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`3 Tail · ${prefix}-b · all shards · TRIM_HORIZON`),
		);
		await type(stdin, '1', 'k', 'l');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`3 Tail · ${prefix}-a · all shards · TRIM_HORIZON`),
		);
		unmount();
	});

	it("copies the stream's ARN and a shard's id, and says so in the status bar", async () => {
		const copied: string[] = [];
		const {lastFrame, stdin, unmount} = renderApp({
			writeClipboard: (bytes) => copied.push(Buffer.from(bytes).toString()),
		});
		await type(stdin, '/', `${prefix}-b`, '\r', '1');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('y copy ARN'));
		await type(stdin, 'y');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toMatch(/Copied the stream's ARN \(\d+ B\) to the clipboard\./),
		);
		expect(copied).toEqual([
			expect.stringMatching(new RegExp(`^arn:aws:kinesis:.*:stream/${prefix}-b$`)),
		]);
		// The message says what the last key did: the next key takes it away, and the hints are back.
		await type(stdin, '2');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('enter ranges');
			expect(frame).not.toContain('Copied');
		});
		await type(stdin, 'y');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain("Copied the shard's id (20 B) to the clipboard."),
		);
		expect(copied.at(-1)).toBe('shardId-000000000000');
		unmount();
	});

	it('moves the focus with tab, shift+tab and the digits, and shows each pane its keys', async () => {
		const {lastFrame, stdin, unmount} = renderApp();
		await frameWith(lastFrame, (frame) => expect(frame).toContain('/ filter'));
		await type(stdin, KEY.tab);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('/ filter'));
		await type(stdin, '1');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('/ filter'));
		await type(stdin, KEY.shiftTab);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('/ filter'));
		await type(stdin, 'j', '1');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('/ filter'));
		unmount();
	});

	it('opens the help from the keymap, and closes it with esc, the panes as they were', async () => {
		const {lastFrame, stdin, unmount} = renderApp();
		await type(stdin, '/', prefix, '\r');
		// j moves within the streams listed: wait for them before moving.
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Shards · ${prefix}-a`));
		await type(stdin, 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`Shards · ${prefix}-b`));
		await type(stdin, '?');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Keys (? or esc to close)');
			expect(frame).toMatch(/q\/ctrl\+c +quit/);
			expect(frame).toMatch(/tab +next pane/);
		});
		// The test terminal is 24 rows: the help scrolls to its last keys, and back.
		await type(stdin, 'G');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/f +send a file of records/);
			expect(frame).toMatch(/lines \d+–(\d+) of \1/);
			expect(frame).not.toMatch(/q\/ctrl\+c +quit/);
		});
		await type(stdin, 'g');
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/q\/ctrl\+c +quit/));
		await type(stdin, KEY.escape);
		await frameWith(lastFrame, (frame) => {
			expect(frame).not.toContain('Keys (? or esc');
			expect(frame).toContain(`/${prefix}`);
			expect(frame).toContain(`Shards · ${prefix}-b`);
		});
		unmount();
	});

	it('quits on q, and on ctrl+c even while filtering', async () => {
		const first = renderApp();
		await type(first.stdin, 'q');
		expect(first.onQuit).toHaveBeenCalledTimes(1);
		first.unmount();
		const second = renderApp();
		await type(second.stdin, '/', 'x', KEY.ctrlC);
		expect(second.onQuit).toHaveBeenCalledTimes(1);
		second.unmount();
	});

	it('shows a notice in the status bar', async () => {
		const {lastFrame, unmount} = renderApp({
			notice: {text: 'Creating the demo streams…', tone: 'info'},
		});
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Creating the demo streams…'));
		unmount();
	});

	it('says in the status bar that the endpoint cannot be reached, and keeps retrying', async () => {
		const unreachable = localClient({endpoint: 'http://127.0.0.1:1'});
		const {lastFrame, unmount} = renderApp({
			service: createStreamList(unreachable, {errorContext: {endpoint: 'http://127.0.0.1:1'}}),
		});
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(
				/Cannot reach http:\/\/127\.0\.0\.1:1: connection refused \(ECONNREFUSED\)\. Retrying (in \d+ s|now)\./,
			);
			expect(frame).toContain('Listing streams…');
		});
		unmount();
		unreachable.destroy();
	});
});
