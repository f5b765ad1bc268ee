import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import {createStore} from '../../source/lib/store.js';
import type {StreamListing, StreamSummary} from '../../source/model/stream.js';
import type {StreamListService, StreamListSnapshot} from '../../source/services/stream-list.js';
import type {
	StreamDetailSnapshot,
	StreamManagerService,
	StreamRequest,
} from '../../source/services/stream-manager.js';
import {StreamListPane} from '../../source/ui/stream-list/stream-list-pane.js';
import {PaneHarness} from '../support/pane-harness.js';
import {frameWith, KEY, type} from '../support/ui.js';

/**
 * The stream list drawn from stores the test fills: its rows, filter, selection and keys need no
 * engine. How the list is fetched and paced is stream-list.test.ts's; managing streams for real is
 * stream-actions.test.tsx's.
 */
const hostile = 'evil\u001b]0;owned\u0007\u001b[2J';

const LISTED: StreamListing[] = [
	{name: 'clickstream', status: 'ACTIVE', mode: 'PROVISIONED'},
	{name: hostile, status: 'ACTIVE', mode: 'ON_DEMAND'},
	{name: 'orders', status: 'UPDATING', mode: 'PROVISIONED'},
	{name: 'orders-dlq', status: 'ACTIVE', mode: 'PROVISIONED'},
];

const summary = (name: string, openShardCount: number): StreamSummary => ({
	name,
	status: 'ACTIVE',
	mode: 'PROVISIONED',
	openShardCount,
	retentionHours: 24,
	encryption: 'NONE',
	enhancedMetrics: [],
});

function renderList({readOnly = false} = {}) {
	const list = createStore<StreamListSnapshot>({
		streams: LISTED,
		summaries: new Map([
			['clickstream', summary('clickstream', 4)],
			['orders-dlq', summary('orders-dlq', 1)],
		]),
		loaded: true,
		listedAt: Date.now(),
	});
	const detail = createStore<StreamDetailSnapshot>({});
	const calls: string[] = [];
	const requests: StreamRequest[] = [];
	const service: StreamListService = {
		subscribe: list.subscribe,
		getSnapshot: list.getSnapshot,
		start() {},
		stop() {},
		refresh: () => calls.push('refresh'),
		show() {},
		select: (name) => calls.push(`select ${name}`),
	};
	const manager: StreamManagerService = {
		subscribe: detail.subscribe,
		getSnapshot: detail.getSnapshot,
		start() {},
		stop() {},
		select: (stream) => detail.set({stream}),
		refresh() {},
		async run(request) {
			requests.push(request);
			return true;
		},
	};
	const onOpen = vi.fn();
	const onSelect = vi.fn();
	const rendered = render(
		<PaneHarness>
			<StreamListPane
				service={service}
				manager={manager}
				readOnly={readOnly}
				size={{width: 90, height: 20}}
				focused
				onSelect={onSelect}
				onOpen={onOpen}
			/>
		</PaneHarness>,
	);
	return {...rendered, calls, requests, onOpen, onSelect};
}

describe('the stream list, from its stores', () => {
	it('lists each stream with its status, mode and shards; a hostile name comes out inert', async () => {
		const {lastFrame, unmount} = renderList();
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/clickstream +ACTIVE +4 provisioned/);
			expect(frame).toMatch(/orders +UPDATING/);
			expect(frame).toContain('evil␛]0;owned␇␛[2J');
		});
		const raw = lastFrame() ?? '';
		expect(raw).not.toContain('\u001b]');
		expect(raw).not.toContain('\u0007');
		unmount();
	});

	it('narrows by a filter, keeps the selection it still shows, and opens it with enter', async () => {
		const {lastFrame, stdin, onOpen, onSelect, unmount} = renderList();
		await type(stdin, 'j', 'j', 'j');
		await frameWith(lastFrame, () => expect(onSelect).toHaveBeenLastCalledWith('orders-dlq'));
		await type(stdin, '/', ...'orders', KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('/orders');
			expect(frame).not.toContain('clickstream');
		});
		await type(stdin, KEY.enter);
		expect(onOpen).toHaveBeenCalledWith('orders-dlq');
		// Esc clears the filter: every stream is back, the selection where it was.
		await type(stdin, KEY.escape);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('clickstream'));
		expect(onSelect).toHaveBeenLastCalledWith('orders-dlq');
		unmount();
	});

	it('asks its service to list again on r', async () => {
		const {stdin, calls, unmount} = renderList();
		await type(stdin, 'r');
		expect(calls).toContain('refresh');
		unmount();
	});

	it('under --read-only, shows every action disabled with the reason and asks for none', async () => {
		const {lastFrame, stdin, requests, unmount} = renderList({readOnly: true});
		await type(stdin, 'm');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Read-only (--read-only): these actions write, so all are off.'),
		);
		await type(stdin, 'c', KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Refused: the explorer is read-only'),
		);
		expect(requests).toEqual([]);
		unmount();
	});
});
