import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {
	type LeaseState,
	summarizeApplication,
	type UnleasedShard,
} from '../../source/model/kcl-application.js';
import type {Lease} from '../../source/model/leases.js';
import type {
	ConsumersSnapshot,
	KclApplication,
} from '../../source/services/consumers/consumers-service.js';
import {dialogKey} from '../../source/ui/action-dialog/action-dialog-state.js';
import {
	deregisterDialog,
	readOnlyRefusal,
	submitConsumerDialog,
} from '../../source/ui/consumers/consumer-dialogs.js';
import {
	consumerRows,
	leaseColumns,
	leaseHeader,
	leaseRow,
} from '../../source/ui/consumers/consumers-rows.js';
import {
	consumersViewReducer,
	initialConsumersViewState,
} from '../../source/ui/consumers/consumers-state.js';
import {unusedOwnConsumer} from '../../source/ui/consumers/own-consumer.js';
import {noKey} from '../support/keys.js';

const S = (index: number) => `shardId-00000000000${index}`;
const NOW = Date.parse('2026-12-06T12:00:00Z');

function lease(shard: number, overrides: Partial<Lease> = {}): Lease {
	return {
		leaseKey: S(shard),
		shardId: S(shard),
		owner: 'worker-a',
		counter: 12n,
		checkpoint: {
			kind: 'sequence',
			sequenceNumber: '49650000000000000000000000000000000000000000001234567',
		},
		parentShardIds: [],
		childShardIds: [],
		...overrides,
	};
}

function application(
	states: LeaseState[],
	unleased: UnleasedShard[] = [],
	table = 'clickstream-analytics',
): KclApplication {
	return {
		application: table,
		table,
		leases: states,
		summary: summarizeApplication(states, unleased),
		invalidRows: 0,
	};
}

const behind: LeaseState = {
	lease: lease(0),
	liveness: {state: 'alive'},
	stalled: false,
	lag: {
		state: 'measured',
		millisBehindLatest: 42_000,
		firstUnreadArrival: new Date('2026-12-06T11:59:18Z'),
		checkpoint: '1',
		measuredAt: NOW,
	},
};
const stalled: LeaseState = {
	lease: lease(1, {owner: 'worker-b', parentShardIds: [S(0)]}),
	liveness: {state: 'stalled', since: NOW - 65_000},
	stalled: true,
	lag: {state: 'unmeasured', reason: 'the lease has no checkpoint'},
};

const snapshot = (changes: Partial<ConsumersSnapshot> = {}): ConsumersSnapshot => ({
	stream: 'clickstream',
	loading: false,
	settled: true,
	fanOut: [],
	applications: [],
	tablesLookedAt: 3,
	stallAfterMs: 10_000,
	...changes,
});

const texts = (input: Parameters<typeof consumerRows>[0]) =>
	consumerRows(input).map((row) => row.text);

describe('the consumers view state', () => {
	it('moves its window, opens and closes its dialog, and says a refusal until the next move', () => {
		const dialog = deregisterDialog('clickstream', 'reader', false);
		let state = consumersViewReducer(initialConsumersViewState, {type: 'showDialog', dialog});
		expect(state.dialog).toBe(dialog);
		state = consumersViewReducer(state, {type: 'closeDialog'});
		expect(state.dialog).toBeUndefined();
		state = consumersViewReducer(state, {type: 'refuse', reason: readOnlyRefusal('reader')});
		expect(state.refusal).toBe(
			'Refused: the explorer is read-only (--read-only). Deregistering reader is a write.',
		);
		state = consumersViewReducer(state, {
			type: 'moveWindow',
			window: {selectedKey: 'fan-out', index: 1, offset: 0},
		});
		expect(state).toEqual({window: {selectedKey: 'fan-out', index: 1, offset: 0}});
	});

	it('deregisters a consumer only once its name is typed exactly', () => {
		let dialog = deregisterDialog('clickstream', 'reader', true);
		expect(dialog.lines?.[0]).toContain('for a fan-out tail that has ended');
		for (const character of 'read') {
			const step = dialogKey(dialog, character, noKey);
			dialog = step?.type === 'update' ? step.dialog : dialog;
		}
		const refused = submitConsumerDialog(dialog);
		expect(refused).toEqual({
			dialog: expect.objectContaining({
				error: 'That is not the name: type reader exactly, or esc to keep it.',
			}),
		});
		const step = dialogKey(dialog, 'er', noKey);
		const typed = step?.type === 'update' ? step.dialog : dialog;
		expect(submitConsumerDialog(typed)).toEqual({request: {stream: 'clickstream', name: 'reader'}});
	});

	it('offers the explorer’s own consumer once no fan-out tail of the stream reads through it', () => {
		const fanOut = [
			{name: 'someone-else', status: 'ACTIVE', own: false},
			{name: 'kinesis-explorer', status: 'ACTIVE', own: true},
		];
		const target = {
			stream: 'clickstream',
			position: {type: 'LATEST'},
			consumer: 'kinesis-explorer',
		} as const;
		expect(unusedOwnConsumer(fanOut, 'clickstream', {status: 'running', target})).toBeUndefined();
		expect(unusedOwnConsumer(fanOut, 'clickstream', {status: 'paused', target})).toBeUndefined();
		expect(unusedOwnConsumer(fanOut, 'clickstream', {status: 'idle', target})).toBe(
			'kinesis-explorer',
		);
		expect(unusedOwnConsumer(fanOut, 'clickstream', {status: 'failed', target})).toBe(
			'kinesis-explorer',
		);
		expect(
			unusedOwnConsumer(fanOut, 'clickstream', {
				status: 'running',
				target: {...target, consumer: undefined},
			}),
		).toBe('kinesis-explorer');
		expect(unusedOwnConsumer(fanOut.slice(0, 1), 'clickstream', {status: 'idle'})).toBeUndefined();
	});
});

describe('the consumers view rows', () => {
	it('lists the fan-out consumers, the explorer’s own marked, and offers the unused one', () => {
		const rows = consumerRows({
			snapshot: snapshot({
				fanOut: [
					{
						name: 'kinesis-explorer',
						status: 'ACTIVE',
						registeredAt: new Date('2026-12-06T10:00:00Z'),
						own: true,
					},
				],
			}),
			width: 116,
			now: NOW,
			ownUnused: 'kinesis-explorer',
		});
		expect(rows.find((row) => row.consumer === 'kinesis-explorer')?.text).toMatch(
			/^kinesis-explorer ★ the explorer’s own +ACTIVE +2026-12-06 10:00:00$/,
		);
		expect(rows.map((row) => row.text)).toContain(
			'kinesis-explorer is the explorer’s own, and its tail has ended: d deregisters it (AWS bills it by the shard hour).',
		);
	});

	it('sums an application up, a lease a row, and says plainly which open shard nobody reads', () => {
		const lines = texts({
			snapshot: snapshot({
				applications: [
					application(
						[behind, stalled],
						[
							{shardId: S(4), waitingFor: []},
							{shardId: S(5), waitingFor: [S(1)]},
						],
					),
				],
			}),
			width: 116,
			now: NOW,
		});
		expect(lines).toContain(
			"KCL applications: 1 found among the 3 tables looked at (keyed by leaseKey, with leases of this stream's shards)",
		);
		expect(lines).toContain('clickstream-analytics · 2 leases');
		expect(lines).toContain('  workers: worker-a 1 lease, worker-b 1 lease');
		expect(lines).toContain(
			'  largest lag 42 s, total 42 s · 1 stalled · 0 at SHARD_END · 2 open without a lease · failover 10 s',
		);
		expect(lines).toContain(
			'  After a reshard, nobody reads shard 4: it is open and clickstream-analytics has no lease for it.',
		);
		expect(lines).toContain(
			'  shard 5 is open and has no lease yet: clickstream-analytics leases it once it has read shard 1 to the end.',
		);
		expect(lines).toContain('  shard 1: lag unknown: the lease has no checkpoint');
		const header = lines.find((line) => line.includes('OWNER STATE'))!;
		expect(header.split(/ {2,}|(?<=\S) (?=[A-Z])/).join('|')).toContain('SHARD');
		expect(lines).toContainEqual(
			expect.stringMatching(
				/^ {2}shardId-000000000000 worker-a +alive +12 …1234567 +42 s +12-06 11:59:18 *$/,
			),
		);
		expect(lines).toContainEqual(
			expect.stringMatching(
				/^ {2}shardId-000000000001 worker-b +stalled 1 min 5 s +12 …1234567 +unknown +0$/,
			),
		);
	});

	it('counts the applications found in the tables given, none by name', () => {
		const given = (count: number) =>
			texts({
				snapshot: snapshot({
					tablesLookedAt: undefined,
					applications: Array.from({length: count}, () => application([behind], [])),
				}),
				width: 116,
				now: NOW,
			})[2];
		expect(given(0)).toBe('KCL applications: none in the tables given (--kcl-table)');
		expect(given(1)).toBe('KCL applications: 1 in the tables given (--kcl-table)');
	});

	it('narrows its columns to the width, and never draws wider', () => {
		expect(leaseColumns(116)).toEqual({
			shard: 20,
			owner: 16,
			state: 17,
			counter: 7,
			checkpoint: 12,
			behind: 10,
			firstUnread: 14,
			parents: 11,
		});
		const narrow = leaseColumns(68);
		expect(narrow.parents).toBe(0);
		expect(narrow.shard).toBe(6);
		for (const width of [68, 80, 96, 116, 160]) {
			const columns = leaseColumns(width);
			for (const line of [
				leaseHeader(columns),
				leaseRow(behind, columns, NOW),
				leaseRow(stalled, columns, NOW),
			]) {
				expect(stringWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
			}
			expect(leaseRow(behind, columns, NOW)).toContain('42 s');
		}
		expect(leaseRow(behind, leaseColumns(80), NOW)).toMatch(/^ {2}0 +worker-a/);
	});

	it('makes names from the server safe, and says a DynamoDB failure in one line', () => {
		const hostile = '\u001b]0;pwned\u0007evil';
		const lines = texts({
			snapshot: snapshot({
				fanOut: [{name: hostile, status: 'ACT\u001b[2JIVE', own: false}],
				applications: [application([{...behind, lease: lease(0, {owner: hostile})}], [], hostile)],
			}),
			width: 116,
			now: NOW,
		});
		for (const line of lines) {
			expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
		}
		expect(lines.join('\n')).toContain('␛]0;pwned␇evil');

		const denied = texts({
			snapshot: snapshot({
				applications: undefined,
				leaseProblem: {message: 'DynamoDB refused: AccessDeniedException.'},
			}),
			width: 116,
			now: NOW,
		});
		expect(denied.filter((line) => line.startsWith('KCL applications'))).toEqual([
			'KCL applications: ⚠ DynamoDB refused: AccessDeniedException.',
		]);
	});
});
