import {describe, expect, it} from 'vitest';
import type {StreamSummary} from '../../source/model/stream.js';
import {type ActionDialog, dialogKey} from '../../source/ui/action-dialog/action-dialog-state.js';
import {
	type StreamContext,
	type StreamPurpose,
	streamMenu,
} from '../../source/ui/stream-list/stream-forms.js';
import {submitStreamDialog} from '../../source/ui/stream-list/stream-actions.js';
import {streamDetailLines} from '../../source/ui/stream-list/stream-detail.js';
import {keys, noKey} from '../support/keys.js';

const summary: StreamSummary = {
	name: 'orders',
	arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/orders',
	status: 'ACTIVE',
	mode: 'PROVISIONED',
	openShardCount: 2,
	retentionHours: 48,
	encryption: 'NONE',
	enhancedMetrics: ['IncomingBytes'],
	consumerCount: 0,
};

const context = (overrides: Partial<StreamContext> = {}): StreamContext => ({
	stream: 'orders',
	summary,
	tags: [{key: 'team', value: 'data'}],
	consumers: [],
	names: ['orders', 'clicks'],
	readOnly: false,
	...overrides,
});

type Dialog = ActionDialog<StreamPurpose>;

function drive(dialog: Dialog, ctx: StreamContext, ...inputs: Array<string | typeof noKey>) {
	let current: Dialog = dialog;
	for (const input of inputs) {
		const step =
			typeof input === 'string' ? dialogKey(current, input, noKey) : dialogKey(current, '', input);
		if (step?.type === 'update') {
			current = step.dialog;
		} else if (step?.type === 'submit') {
			const outcome = submitStreamDialog(step.dialog, ctx);
			if ('request' in outcome) {
				return {request: outcome.request, dialog: current};
			}
			current = outcome.dialog;
		}
	}
	return {request: undefined, dialog: current};
}

const open = (letter: string, ctx = context()) => drive(streamMenu(ctx), ctx, letter).dialog;

describe('managing streams from the list', () => {
	it('creates a provisioned or an on-demand stream, refusing bad names and counts first', () => {
		const form = open('c');
		expect(form).toMatchObject({kind: 'form', title: 'Create a stream'});
		expect(
			drive(form, context(), ...'new-one', keys.tab, keys.backspace, '3', keys.enter).request,
		).toEqual({
			type: 'create',
			stream: {name: 'new-one', shardCount: 3},
		});
		const onDemand = drive(
			form,
			context(),
			...'od',
			keys.tab,
			keys.backspace,
			...'on-demand',
			keys.enter,
		);
		expect(onDemand.request).toEqual({type: 'create', stream: {name: 'od', onDemand: true}});
		expect(drive(form, context(), keys.enter).dialog.error).toBe('A stream needs a name.');
		expect(drive(form, context(), ...'a b', keys.enter).dialog.error).toMatch(/no spaces/);
		expect(drive(form, context(), ...'clicks', keys.enter).dialog.error).toBe(
			'A stream named clicks exists already.',
		);
		expect(
			drive(form, context(), 'x', keys.tab, keys.backspace, '0', keys.enter).dialog.error,
		).toMatch(/from 1 to 10000\. Or type on-demand/);
	});

	it('deletes only once the stream name is typed exactly', () => {
		const form = open('d');
		expect(form).toMatchObject({tone: 'danger', title: 'Delete orders?'});
		expect(form.lines).toContain("Type the stream's name to confirm.");
		expect(drive(form, context(), ...'order', keys.enter).dialog.error).toBe(
			'That is not the name: type orders exactly, or esc to keep it.',
		);
		expect(drive(form, context(), ...'orders', keys.enter).request).toEqual({
			type: 'delete',
			stream: 'orders',
		});
		const counted = context({consumers: undefined, summary: {...summary, consumerCount: 2}});
		expect(open('d', counted).lines).toContain(
			'It has 2 registered consumers: Kinesis deletes it only with them.',
		);
	});

	it('names the consumers, and deletes them with the stream only on a second confirmation', () => {
		const ctx = context({
			consumers: [
				{name: 'app-1', status: 'ACTIVE'},
				{name: 'app-2', status: 'ACTIVE'},
			],
		});
		const form = open('d', ctx);
		expect(form.lines).toEqual(
			expect.arrayContaining([
				'Consumers registered on it: app-1, app-2.',
				'Kinesis deletes it only with them: you choose that next.',
			]),
		);
		const confirm = drive(form, ctx, ...'orders', keys.enter);
		expect(confirm.request).toBeUndefined();
		expect(confirm.dialog).toMatchObject({
			kind: 'confirm',
			tone: 'danger',
			title: 'Delete orders and its 2 consumers?',
			lines: [
				'Deleted with it: app-1, app-2.',
				'The applications that read through them stop getting records.',
			],
		});
		expect(drive(confirm.dialog, ctx, keys.escape).request).toBeUndefined();
		expect(drive(confirm.dialog, ctx, keys.enter).request).toEqual({
			type: 'delete',
			stream: 'orders',
			withConsumers: ['app-1', 'app-2'],
		});
	});

	it('increases retention at once and decreases it only after a confirmation', () => {
		const form = open('r');
		expect(form.kind === 'form' && form.fields[0]?.value).toBe('48');
		const clear = [keys.backspace, keys.backspace, keys.backspace, keys.backspace];
		expect(drive(form, context(), ...clear, ...'168', keys.enter).request).toEqual({
			type: 'retention',
			stream: 'orders',
			hours: 168,
			currentHours: 48,
		});
		const shorter = drive(form, context(), ...clear, ...'24', keys.enter).dialog;
		expect(shorter).toMatchObject({kind: 'confirm', tone: 'danger', verb: 'shorten'});
		expect(shorter.lines?.[0]).toMatch(/^Records older than 24 h \(24h\) become unreadable/);
		expect(drive(shorter, context(), keys.enter).request).toMatchObject({hours: 24});
		expect(drive(form, context(), ...clear, ...'9000', keys.enter).dialog.error).toMatch(
			/24 \(1 day\) to 8760/,
		);
		expect(drive(form, context(), keys.enter).dialog.error).toBe('It keeps records 48 h already.');
	});

	it('adds and removes tags, refusing unknown keys and empty changes', () => {
		const form = open('t');
		expect(form.lines).toEqual(['Now: team=data']);
		expect(
			drive(form, context(), ...'env=dev, owner=me', keys.tab, ...'team', keys.enter).request,
		).toEqual({
			type: 'tags',
			stream: 'orders',
			add: [
				{key: 'env', value: 'dev'},
				{key: 'owner', value: 'me'},
			],
			remove: ['team'],
		});
		expect(drive(form, context(), keys.tab, ...'nope', keys.enter).dialog.error).toBe(
			'The stream has no tag nope.',
		);
		expect(drive(form, context(), keys.enter).dialog.error).toMatch(/^Nothing to change/);
		const many = Array.from({length: 50}, (_, index) => `k${index}=v`).join(',');
		expect(drive(form, context(), ...many, keys.enter).dialog.error).toBe(
			'A stream holds at most 50 tags; this would make 51.',
		);
	});

	it('turns shard-level metrics on and off from a checklist of what is on now', () => {
		const list = open('e');
		expect(
			list.kind === 'checklist' && list.choices.filter((choice) => choice.checked).map((c) => c.id),
		).toEqual(['IncomingBytes']);
		expect(drive(list, context(), ' ', 'j', ' ', 'j', ' ', keys.enter).request).toEqual({
			type: 'monitoring',
			stream: 'orders',
			enable: ['IncomingRecords', 'OutgoingBytes'],
			disable: ['IncomingBytes'],
		});
		expect(drive(list, context(), keys.enter).dialog.error).toMatch(/^Nothing changed/);
	});

	it('starts encryption with a KMS key, and stops it after a confirmation', () => {
		const form = open('k');
		expect(form.kind === 'form' && form.fields[0]?.value).toBe('alias/aws/kinesis');
		expect(drive(form, context(), keys.enter).request).toEqual({
			type: 'encrypt',
			stream: 'orders',
			keyId: 'alias/aws/kinesis',
		});
		const encrypted = context({summary: {...summary, encryption: 'KMS', keyId: 'alias/mine'}});
		const stop = open('k', encrypted);
		expect(stop).toMatchObject({kind: 'confirm', title: 'Stop encrypting orders?', tone: 'danger'});
		expect(drive(stop, encrypted, 'y').request).toEqual({
			type: 'decrypt',
			stream: 'orders',
			keyId: 'alias/mine',
		});
	});

	it('switches the capacity mode after a confirmation, by the stream ARN', () => {
		const confirm = open('p');
		expect(confirm).toMatchObject({
			kind: 'confirm',
			title: 'Switch orders to on-demand?',
			tone: 'danger',
		});
		expect(drive(confirm, context(), keys.enter).request).toEqual({
			type: 'mode',
			stream: 'orders',
			arn: summary.arn,
			mode: 'ON_DEMAND',
		});
		const onDemand = context({summary: {...summary, mode: 'ON_DEMAND'}});
		expect(open('p', onDemand).title).toBe('Switch orders to provisioned?');
	});

	it('disables every action under --read-only, saying so', () => {
		const readOnly = context({readOnly: true});
		const menu = streamMenu(readOnly);
		expect(menu.lines?.[0]).toMatch(/^Read-only \(--read-only\)/);
		for (const letter of ['c', 'd', 'r', 't', 'e', 'k', 'p']) {
			const {dialog, request} = drive(menu, readOnly, letter);
			expect(request).toBeUndefined();
			expect(dialog.error).toBe('Refused: the explorer is read-only (--read-only).');
		}
	});

	it('warns that a stream that is not ACTIVE refuses most changes', () => {
		const updating = context({summary: {...summary, status: 'UPDATING'}});
		expect(streamMenu(updating).lines).toEqual([
			'It is UPDATING: Kinesis refuses most changes until it is ACTIVE again.',
		]);
		expect(streamMenu(context()).lines).toBeUndefined();
	});

	it('offers create alone while no stream is selected', () => {
		const none = context({stream: undefined, summary: undefined, tags: undefined});
		const menu = streamMenu(none);
		expect(drive(menu, none, 'd').dialog.error).toBe('Select a stream first.');
		expect(drive(menu, none, 'c').dialog.kind).toBe('form');
	});

	it('details every property of the selected stream, made safe for the terminal', () => {
		expect(
			streamDetailLines(
				{
					...summary,
					encryption: 'KMS',
					keyId: 'alias/k\u001b[2J',
					createdAt: new Date('2026-01-02T03:04:05Z'),
				},
				{
					stream: 'orders',
					tags: [{key: 'team', value: 'data'}],
					consumers: [{name: 'app', status: 'ACTIVE'}],
				},
			),
		).toEqual([
			'ACTIVE · provisioned · 2 open shards · retention 48 h (2d) · created 2026-01-02 03:04 UTC',
			'encryption KMS · key alias/k␛[2J',
			'shard-level metrics IncomingBytes',
			'tags team=data',
			'consumers app (ACTIVE)',
			'arn:aws:kinesis:us-east-1:000000000000:stream/orders',
		]);
		// Tags and consumers of another stream are not this one's.
		expect(streamDetailLines(summary, {stream: 'clicks', tags: []}).slice(3, 5)).toEqual([
			'tags …',
			'consumers 0',
		]);
	});
});
