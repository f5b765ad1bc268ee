import {describe, expect, it} from 'vitest';
import {deleteRefusal} from '../../source/kinesis/stream-deletion.js';

describe('what Kinesis refuses to delete', () => {
	it('allows an ACTIVE stream with no consumers, or with every one of them chosen', () => {
		expect(deleteRefusal('orders', 'ACTIVE', [], [])).toBeUndefined();
		expect(deleteRefusal('orders', 'ACTIVE', ['app-1'], ['app-1', 'gone'])).toBeUndefined();
	});

	it('refuses a stream that is not ACTIVE', () => {
		expect(deleteRefusal('orders', 'CREATING', [], [])).toBe(
			'Kept orders: it is CREATING, and Kinesis deletes a stream only while it is ACTIVE.',
		);
		expect(deleteRefusal('orders', 'UPDATING', [], [])).toBe(
			'Kept orders: it is UPDATING, and Kinesis deletes a stream only while it is ACTIVE.',
		);
		expect(deleteRefusal('orders', 'DELETING', [], [])).toBe('orders is being deleted already.');
	});

	it('refuses a stream with consumers nobody chose to delete, naming them inertly', () => {
		expect(deleteRefusal('orders', 'ACTIVE', ['app-1', 'app-2'], [])).toBe(
			'Kept orders: consumers are registered on it (app-1, app-2). Delete them with it, or deregister them first.',
		);
		expect(deleteRefusal('orders', 'ACTIVE', ['app-1', 'late\u001b]0;x\u0007'], ['app-1'])).toBe(
			'Kept orders: it has consumers you did not choose to delete with it (late␛]0;x␇).',
		);
	});
});
