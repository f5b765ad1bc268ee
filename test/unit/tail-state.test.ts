import {describe, expect, it} from 'vitest';
import {
	initialTailState,
	quickChoice,
	type TailAction,
	tailReducer,
	type TailViewState,
	valueField,
	valueOf,
} from '../../source/ui/tail/tail-state.js';

const run = (...actions: TailAction[]): TailViewState =>
	actions.reduce(tailReducer, initialTailState);

describe('the tail pane state', () => {
	it('asks for the shard, the position and how to read, then tails', () => {
		const state = run(
			{type: 'chooseShard', shardId: 'shardId-000000000001'},
			{type: 'choosePosition', positionType: 'AT_TIMESTAMP', needsValue: true},
		);
		expect(state.chooser).toMatchObject({
			step: 'value',
			shardId: 'shardId-000000000001',
			positionType: 'AT_TIMESTAMP',
		});
		const refused = tailReducer(state, {type: 'refuse', error: 'not a time'});
		expect(refused.chooser.error).toBe('not a time');
		const typed = tailReducer(refused, {type: 'editValue', edit: {text: '10m', cursor: 3}});
		expect(valueOf(typed.chooser)).toBe('10m');
		expect(typed.chooser.error).toBeUndefined();
		const reader = tailReducer(typed, {type: 'acceptValue'});
		expect(reader.chooser.step).toBe('reader');
		expect(tailReducer(reader, {type: 'chooseReader', fanOut: true}).chooser.step).toBe('consumer');
		expect(tailReducer(reader, {type: 'started', stream: 's'})).toMatchObject({
			mode: 'tail',
			follow: true,
		});
	});

	it('skips the value step for types that need none, and goes back a step at a time', () => {
		const state = run(
			{type: 'chooseShard'},
			{type: 'choosePosition', positionType: 'TRIM_HORIZON', needsValue: false},
		);
		expect(state.chooser.step).toBe('reader');
		expect(tailReducer(state, {type: 'chooserBack'}).chooser.step).toBe('position');
		const timed = run(
			{type: 'chooseShard'},
			{type: 'choosePosition', positionType: 'AT_TIMESTAMP', needsValue: true},
			{type: 'acceptValue'},
		);
		expect(tailReducer(timed, {type: 'chooserBack'}).chooser.step).toBe('value');
		expect(run({type: 'chooserBack'}).mode).toBe('tail');
		expect(run({type: 'started', stream: 's'}, {type: 'choose'})).toMatchObject({
			mode: 'choose',
			chooser: {step: 'shard'},
		});
	});

	it('keeps a value for each position type, so one never opens with the value of another', () => {
		const choose = (
			positionType: 'AT_TIMESTAMP' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
		) => ({type: 'choosePosition', positionType, needsValue: true}) as const;
		const timed = run(
			{type: 'chooseShard', shardId: 'shardId-000000000001'},
			choose('AT_TIMESTAMP'),
			{type: 'editValue', edit: {text: '10m', cursor: 2}},
			{type: 'acceptValue'},
			{type: 'started', stream: 's'},
			{type: 'choose'},
			{type: 'chooseShard', shardId: 'shardId-000000000001'},
		);
		// The sequence number field opens empty, not with the time typed before.
		const atSequence = tailReducer(timed, choose('AT_SEQUENCE_NUMBER'));
		expect(valueField(atSequence.chooser)).toEqual({text: '', cursor: 0});
		const typed = tailReducer(atSequence, {
			type: 'editValue',
			edit: {text: '49600000000000000000000000000000000000000000000000000001', cursor: 56},
		});
		const after = tailReducer(typed, choose('AFTER_SEQUENCE_NUMBER'));
		expect(valueOf(after.chooser)).toBe('');
		// Each opens again with its own last value, and its cursor where it was left.
		expect(valueField(tailReducer(after, choose('AT_TIMESTAMP')).chooser)).toEqual({
			text: '10m',
			cursor: 2,
		});
		expect(valueOf(tailReducer(after, choose('AT_SEQUENCE_NUMBER')).chooser)).toMatch(/^4960/);
	});

	it('edits the consumer name with its own cursor', () => {
		expect(initialTailState.chooser.consumer).toEqual({text: 'kinesis-explorer', cursor: 16});
		const state = run({type: 'editConsumer', edit: {text: 'kinesis-explorer-2', cursor: 7}});
		expect(state.chooser.consumer).toEqual({text: 'kinesis-explorer-2', cursor: 7});
	});

	it('opens a record, scrolls it within its length, switches hex and base64, closes it', () => {
		let state = run({type: 'openRecord', id: 7});
		state = tailReducer(state, {type: 'scrollRecord', delta: 50, lines: 30, height: 10});
		expect(state.detail).toEqual({id: 7, scroll: 20, binary: 'hex'});
		state = tailReducer(state, {type: 'scrollRecord', delta: -100, lines: 30, height: 10});
		expect(state.detail?.scroll).toBe(0);
		expect(tailReducer(state, {type: 'toggleBinary'}).detail?.binary).toBe('base64');
		expect(tailReducer(state, {type: 'closeRecord'}).detail).toBeUndefined();
	});

	it('filters, and clears the filter', () => {
		const state = run({type: 'startFilter'}, {type: 'editFilter', text: '/err/', cursor: 5});
		expect(state).toMatchObject({filtering: true, filter: '/err/'});
		expect(tailReducer(state, {type: 'acceptFilter'})).toMatchObject({
			filtering: false,
			filter: '/err/',
		});
		expect(tailReducer(state, {type: 'clearFilter'})).toMatchObject({filtering: false, filter: ''});
	});

	it("opens a stream's chooser on its last answers, and esc steps back with the cursor kept", () => {
		const startedOnA = run(
			{type: 'choose', stream: 'a'},
			{type: 'chooseShard', shardId: 'shardId-000000000002'},
			{type: 'choosePosition', positionType: 'TRIM_HORIZON', needsValue: false},
			{type: 'started', stream: 'a'},
		);
		// Stream a opens on its shard; stream b, never tailed, on every shard.
		expect(tailReducer(startedOnA, {type: 'choose', stream: 'a'}).chooser).toMatchObject({
			step: 'shard',
			shardId: 'shardId-000000000002',
			positionType: 'TRIM_HORIZON',
			menu: {selectedKey: 'shardId-000000000002'},
		});
		const onB = tailReducer(startedOnA, {type: 'choose', stream: 'b'}).chooser;
		expect(onB.shardId).toBeUndefined();
		expect(onB).toMatchObject({positionType: 'LATEST', menu: {selectedKey: '*all'}});
		// esc from the reader step: the cursor on the position chosen, then on the shard.
		const reader = run(
			{type: 'chooseShard', shardId: 'shardId-000000000001'},
			{type: 'choosePosition', positionType: 'TRIM_HORIZON', needsValue: false},
		);
		const position = tailReducer(reader, {type: 'chooserBack'});
		expect(position.chooser.menu.selectedKey).toBe('TRIM_HORIZON');
		expect(tailReducer(position, {type: 'chooserBack'}).chooser.menu.selectedKey).toBe(
			'shardId-000000000001',
		);
	});

	it('makes a tail in one key of every shard from the last position, LATEST after a sequence number', () => {
		expect(quickChoice(initialTailState, 'a')).toMatchObject({
			shardId: undefined,
			positionType: 'LATEST',
			fanOut: false,
		});
		const timed = run(
			{type: 'chooseShard', shardId: 'shardId-000000000001'},
			{type: 'choosePosition', positionType: 'AT_TIMESTAMP', needsValue: true},
			{type: 'editValue', edit: {text: '10m', cursor: 3}},
			{type: 'acceptValue'},
			{type: 'started', stream: 'a'},
		);
		const quick = quickChoice(timed, 'b');
		expect(quick).toMatchObject({shardId: undefined, positionType: 'AT_TIMESTAMP'});
		expect(quick.values.AT_TIMESTAMP?.text).toBe('10m');
		const bySequence = run(
			{type: 'chooseShard', shardId: 'shardId-000000000001'},
			{type: 'choosePosition', positionType: 'AT_SEQUENCE_NUMBER', needsValue: true},
			{type: 'editValue', edit: {text: '4960', cursor: 4}},
			{type: 'started', stream: 'a'},
		);
		expect(quickChoice(bySequence, 'a').positionType).toBe('LATEST');
	});
});
