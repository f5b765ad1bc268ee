import {describe, expect, it} from 'vitest';
import {
	compareSequenceNumbers,
	parsePosition,
	parseTime,
	positionLabel,
	positionOf,
} from '../../source/model/positions.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');

describe('starting positions', () => {
	it.each([
		['trim-horizon', {type: 'TRIM_HORIZON'}],
		['latest', {type: 'LATEST'}],
		['LATEST', {type: 'LATEST'}],
		[
			'at-sequence:49590338271490256608559692538361571095921575989136588898',
			{
				type: 'AT_SEQUENCE_NUMBER',
				sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
			},
		],
		['after-sequence:0', {type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: '0'}],
		[
			'at-timestamp:2024-04-30T08:15:00Z',
			{type: 'AT_TIMESTAMP', timestamp: new Date('2024-04-30T08:15:00Z')},
		],
		[
			'at-timestamp:2024-04-30T08:15:00+02:00',
			{type: 'AT_TIMESTAMP', timestamp: new Date('2024-04-30T06:15:00Z')},
		],
		[
			'at-timestamp:2024-04-30T08:15',
			{type: 'AT_TIMESTAMP', timestamp: new Date('2024-04-30T08:15:00Z')},
		],
		[
			'at-timestamp:2024-04-30',
			{type: 'AT_TIMESTAMP', timestamp: new Date('2024-04-30T00:00:00Z')},
		],
		['at-timestamp:10m', {type: 'AT_TIMESTAMP', timestamp: new Date('2024-05-01T11:50:00Z')}],
		['at-timestamp:2h', {type: 'AT_TIMESTAMP', timestamp: new Date('2024-05-01T10:00:00Z')}],
		['at-timestamp:1d', {type: 'AT_TIMESTAMP', timestamp: new Date('2024-04-30T12:00:00Z')}],
		['at-timestamp:30s', {type: 'AT_TIMESTAMP', timestamp: new Date('2024-05-01T11:59:30Z')}],
	])('reads %s', (text, position) => {
		expect(parsePosition(text, NOW)).toEqual({position});
	});

	it.each([
		['oldest', /is not a position/],
		['at-sequence:01', /is not a sequence number/],
		['at-sequence:-5', /is not a sequence number/],
		['at-timestamp:10 minutes', /is not a time/],
		['at-timestamp:2024-13-45T99:00:00Z', /is not a time/],
		['at-timestamp:May 1', /is not a time/],
		['at-timestamp:', /needs a time/],
		['trim-horizon:now', /takes no value/],
	])('refuses %s', (text, error) => {
		const parsed = parsePosition(text, NOW);
		expect('error' in parsed && parsed.error).toMatch(error);
	});

	it('reads what is typed in the pane for a type', () => {
		expect(positionOf('AT_TIMESTAMP', ' 1d ', NOW)).toEqual({
			position: {type: 'AT_TIMESTAMP', timestamp: new Date('2024-04-30T12:00:00Z')},
		});
		expect(positionOf('LATEST', 'ignored', NOW)).toEqual({position: {type: 'LATEST'}});
		expect(positionOf('AFTER_SEQUENCE_NUMBER', 'abc', NOW)).toEqual({
			error: '"abc" is not a sequence number: a sequence number is all digits.',
		});
		expect(parseTime('', NOW)).toHaveProperty('error');
	});

	it('labels positions', () => {
		expect(positionLabel({type: 'AT_TIMESTAMP', timestamp: NOW})).toBe(
			'AT_TIMESTAMP 2024-05-01T12:00:00.000Z',
		);
		expect(positionLabel({type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: '7'})).toBe(
			'AFTER_SEQUENCE_NUMBER 7',
		);
	});

	it("orders sequence numbers beyond a double's precision", () => {
		const a = '49590338271490256608559692538361571095921575989136588898';
		const b = '49590338271490256608559692538361571095921575989136588899';
		expect(compareSequenceNumbers(a, b)).toBeLessThan(0);
		expect(compareSequenceNumbers(b, a)).toBeGreaterThan(0);
		expect(compareSequenceNumbers(a, a)).toBe(0);
		expect(compareSequenceNumbers('99', '100')).toBeLessThan(0);
	});
});
