import {describe, expect, it} from 'vitest';
import {
	draftProblems,
	draftRecord,
	emptyDraft,
	encodeData,
	type PutDraft,
} from '../../source/model/put-draft.js';

const draft = (changes: Partial<PutDraft>): PutDraft => ({
	...emptyDraft,
	partitionKey: 'user-1',
	data: 'hello',
	...changes,
});

describe('the put form draft', () => {
	it('encodes text, JSON and base64 data, and says why data is not what its format wants', () => {
		expect(encodeData('héllo', 'text')).toEqual({bytes: Buffer.from('héllo')});
		expect(encodeData('{"a": 1}', 'json')).toEqual({bytes: Buffer.from('{"a": 1}')});
		expect(encodeData('{"a": ', 'json')).toMatchObject({
			error: expect.stringMatching(/^Not JSON: /),
		});
		expect(encodeData('AAEC/w==\n', 'base64')).toEqual({bytes: Buffer.from([0, 1, 2, 255])});
		expect(encodeData('AAE', 'base64')).toMatchObject({
			error: expect.stringMatching(/^Not base64/),
		});
	});

	it('checks every field', () => {
		expect(draftProblems(draft({}))).toEqual({});
		expect(
			draftProblems(
				draft({
					partitionKey: '',
					explicitHashKey: '2'.repeat(40),
					sequenceNumberForOrdering: 'x',
					format: 'json',
					data: 'nope',
				}),
			),
		).toEqual({
			partitionKey: 'A partition key is needed (u makes a random one).',
			explicitHashKey: expect.stringMatching(/at most 2\^128−1/),
			sequenceNumberForOrdering: expect.stringMatching(/decimal number/),
			data: expect.stringMatching(/^Not JSON/),
		});
	});

	it('builds the record to send, with the optional fields only when given', () => {
		expect(draftRecord(draft({}))).toEqual({
			record: {partitionKey: 'user-1', data: Buffer.from('hello')},
		});
		expect(draftRecord(draft({explicitHashKey: ' 007 ', sequenceNumberForOrdering: '42'}))).toEqual(
			{
				record: {
					partitionKey: 'user-1',
					data: Buffer.from('hello'),
					explicitHashKey: '7',
					sequenceNumberForOrdering: '42',
				},
			},
		);
		expect(draftRecord(draft({partitionKey: ''}))).toHaveProperty('problems.partitionKey');
	});
});
