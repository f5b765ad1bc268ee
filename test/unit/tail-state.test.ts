import {describe, expect, it} from 'vitest';
import {
	initialTailState,
	type TailAction,
	tailReducer,
	type TailViewState,
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
		const typed = tailReducer(refused, {type: 'editValue', text: '10m'});
		expect(typed.chooser).toMatchObject({value: '10m', error: undefined});
		const reader = tailReducer(typed, {type: 'acceptValue'});
		expect(reader.chooser.step).toBe('reader');
		expect(tailReducer(reader, {type: 'chooseReader', fanOut: true}).chooser.step).toBe('consumer');
		expect(tailReducer(reader, {type: 'started'})).toMatchObject({mode: 'tail', follow: true});
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
		expect(run({type: 'started'}, {type: 'choose'})).toMatchObject({
			mode: 'choose',
			chooser: {step: 'shard'},
		});
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
		const state = run({type: 'startFilter'}, {type: 'editFilter', text: '/err/'});
		expect(state).toMatchObject({filtering: true, filter: '/err/'});
		expect(tailReducer(state, {type: 'acceptFilter'})).toMatchObject({
			filtering: false,
			filter: '/err/',
		});
		expect(tailReducer(state, {type: 'clearFilter'})).toMatchObject({filtering: false, filter: ''});
	});
});
