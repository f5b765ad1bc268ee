import {describe, expect, it} from 'vitest';
import {MAX_HASH_KEY} from '../../source/model/hash-keys.js';
import {buildLineage} from '../../source/model/lineage.js';
import type {Shard} from '../../source/model/shard.js';
import type {StreamSummary} from '../../source/model/stream.js';
import {type ActionDialog, dialogKey} from '../../source/ui/action-dialog/action-dialog-state.js';
import {
	type ShardContext,
	type ShardPurpose,
	shardMenu,
	submitShardDialog,
} from '../../source/ui/shard-tree/shard-actions.js';
import {keys, noKey} from '../support/keys.js';

const QUARTER = 2n ** 126n;

function shard(index: number, start: bigint, end: bigint, closed = false): Shard {
	return {
		shardId: `shardId-00000000000${index}`,
		hashKeyRange: {start, end},
		sequenceNumberRange: {start: '1', end: closed ? '2' : undefined},
	};
}

const lineage = buildLineage([
	shard(0, 0n, QUARTER - 1n),
	shard(1, QUARTER, 2n * QUARTER - 1n),
	shard(2, 2n * QUARTER, MAX_HASH_KEY, true),
	{...shard(3, 2n * QUARTER, MAX_HASH_KEY), parentShardId: 'shardId-000000000002'},
]);

const summary: StreamSummary = {
	name: 'orders',
	status: 'ACTIVE',
	mode: 'PROVISIONED',
	openShardCount: 3,
	encryption: 'NONE',
	enhancedMetrics: [],
};

const context = (overrides: Partial<ShardContext> = {}): ShardContext => ({
	stream: 'orders',
	summary,
	lineage,
	shardId: 'shardId-000000000001',
	readOnly: false,
	...overrides,
});

type Dialog = ActionDialog<ShardPurpose>;

/** Keys into the dialog; on submit, the pane's step: the next dialog or the request. */
function drive(dialog: Dialog, ctx: ShardContext, ...inputs: Array<string | typeof noKey>) {
	let current: Dialog = dialog;
	for (const input of inputs) {
		const step =
			typeof input === 'string' ? dialogKey(current, input, noKey) : dialogKey(current, '', input);
		if (step?.type === 'update') {
			current = step.dialog;
		} else if (step?.type === 'submit') {
			const outcome = submitShardDialog(step.dialog, ctx);
			if ('request' in outcome) {
				return {request: outcome.request, dialog: current};
			}
			current = outcome.dialog;
		}
	}
	return {request: undefined, dialog: current};
}

const clear = Array.from({length: 40}, () => keys.backspace);

describe('resharding from the tree', () => {
	it('splits the selected open shard at its midpoint after saying what will happen', () => {
		const {dialog} = drive(shardMenu(context()), context(), 's');
		expect(dialog).toMatchObject({kind: 'form', title: 'Split shardId-000000000001'});
		expect(dialog.kind === 'form' && dialog.fields[0]?.value).toBe(
			(QUARTER + QUARTER / 2n).toString(),
		);
		const confirm = drive(dialog, context(), keys.enter).dialog;
		expect(confirm).toMatchObject({
			kind: 'confirm',
			title: 'Split shardId-000000000001?',
			tone: 'danger',
		});
		expect(confirm.lines).toEqual([
			'shardId-000000000001 closes: no new records, its records stay readable.',
			'One new shard takes 8.50e37…1.27e38 (12.5%),',
			'the other 1.27e38…1.70e38 (12.5%).',
		]);
		expect(drive(confirm, context(), keys.enter).request).toEqual({
			type: 'split',
			stream: 'orders',
			shardId: 'shardId-000000000001',
			newStartingHashKey: QUARTER + QUARTER / 2n,
		});
	});

	it('refuses a split key outside the shard, or not a key at all, before any call', () => {
		const form = drive(shardMenu(context()), context(), 's').dialog;
		const outside = drive(form, context(), ...clear, ...QUARTER.toString(), keys.enter);
		expect(outside.request).toBeUndefined();
		expect(outside.dialog.error).toBe(
			`The new starting hash key must be above ${QUARTER} and at most ${2n * QUARTER - 1n}.`,
		);
		const typo = drive(form, context(), 'x', keys.enter);
		expect(typo.dialog.error).toBe('A hash key is a decimal number from 0 to 2^128−1.');
		const huge = drive(form, context(), ...clear, ...(MAX_HASH_KEY + 1n).toString(), keys.enter);
		expect(huge.dialog.error).toMatch(/at most 2\^128−1/);
		const custom = drive(form, context(), ...clear, ...(QUARTER + 1n).toString(), keys.enter, 'y');
		expect(custom.request).toMatchObject({type: 'split', newStartingHashKey: QUARTER + 1n});
	});

	it('merges with an adjacent open shard only, picking one where there are two', () => {
		const pick = drive(shardMenu(context()), context(), 'm').dialog;
		expect(pick.kind === 'menu' && pick.choices.map((choice) => choice.label)).toEqual([
			'below: shardId-000000000000 0…8.50e37',
			'above: shardId-000000000003 1.70e38…3.40e38',
		]);
		const confirm = drive(pick, context(), 'j', keys.enter).dialog;
		expect(confirm).toMatchObject({
			kind: 'confirm',
			title: 'Merge two shards?',
			lines: [
				'shardId-000000000001 and shardId-000000000003',
				'both close: no new records, their records stay readable.',
				'One new shard takes 8.50e37…3.40e38 (75%).',
			],
		});
		expect(drive(confirm, context(), keys.enter).request).toEqual({
			type: 'merge',
			stream: 'orders',
			shardId: 'shardId-000000000001',
			adjacentShardId: 'shardId-000000000003',
		});
		// One neighbour: straight to the confirmation.
		const edge = context({shardId: 'shardId-000000000000'});
		expect(drive(shardMenu(edge), edge, 'm').dialog).toMatchObject({
			kind: 'confirm',
			lines: expect.arrayContaining(['shardId-000000000000 and shardId-000000000001']),
		});
	});

	it('offers nothing on a closed shard, and says why', () => {
		const closed = context({shardId: 'shardId-000000000002'});
		const menu = shardMenu(closed);
		expect(drive(menu, closed, 's').dialog.error).toBe(
			'Only an open shard can be split; shardId-000000000002 is CLOSED.',
		);
		expect(drive(menu, closed, 'm').dialog.error).toBe(
			'Only an open shard can be merged; shardId-000000000002 is CLOSED.',
		);
	});

	it('scales uniformly within half to double the open shards, after a confirmation', () => {
		const form = drive(shardMenu(context()), context(), 'u').dialog;
		expect(form.lines).toEqual([
			'3 open shards now; one step scales to between 2 and 6 (uniform scaling).',
		]);
		expect(drive(form, context(), '7', keys.enter).dialog.error).toBe(
			'From 3 open shards Kinesis scales to between 2 and 6 in one step.',
		);
		const confirm = drive(form, context(), '6', keys.enter).dialog;
		expect(confirm.title).toBe('Scale orders from 3 to 6 open shards?');
		expect(confirm.lines).toEqual([
			'Uniform scaling asks for 6 open shards of 16.7% of the key space each.',
			'Kinesis splits and merges to get there; the shards it closes stay readable until their records age out.',
			'Not every engine cuts them equally: once it has run, the tree says what it made.',
		]);
		expect(drive(confirm, context(), 'y').request).toEqual({
			type: 'scale',
			stream: 'orders',
			target: 6,
		});
	});

	it('refuses every action while the stream is not ACTIVE', () => {
		const updating = context({summary: {...summary, status: 'UPDATING'}});
		const menu = shardMenu(updating);
		expect(menu.lines).toEqual([
			'The stream is UPDATING: Kinesis reshards only ACTIVE streams. Wait a moment.',
		]);
		expect(drive(menu, updating, 's').dialog.error).toMatch(/UPDATING/);
	});

	it('refuses split, merge and scaling on an on-demand stream, as Kinesis does, saying why', () => {
		const onDemand = context({summary: {...summary, mode: 'ON_DEMAND'}});
		const menu = shardMenu(onDemand);
		const reason =
			'Kinesis manages the shards of an on-demand stream and refuses SplitShard, MergeShards and UpdateShardCount there: switch it to provisioned first.';
		expect(menu.lines).toEqual([reason]);
		for (const letter of ['s', 'm', 'u']) {
			const {dialog, request} = drive(menu, onDemand, letter);
			expect(request).toBeUndefined();
			expect(dialog.error).toBe(reason);
		}
	});

	it('disables every action under --read-only, saying so', () => {
		const readOnly = context({readOnly: true});
		const menu = shardMenu(readOnly);
		expect(menu.lines?.[0]).toMatch(/^Read-only \(--read-only\)/);
		for (const letter of ['s', 'm', 'u']) {
			const {dialog, request} = drive(menu, readOnly, letter);
			expect(request).toBeUndefined();
			expect(dialog.error).toBe('Refused: the explorer is read-only (--read-only).');
		}
	});
});
