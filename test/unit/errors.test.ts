import {describe, expect, it} from 'vitest';
import {ReadOnlyError} from '../../source/kinesis/client.js';
import {describeError, isNotFound, isThrottle} from '../../source/kinesis/errors.js';

const awsError = (name: string, message: string) => Object.assign(new Error(message), {name});
const systemError = (code: string) =>
	Object.assign(new Error(`connect ${code} 127.0.0.1:1`), {code});

describe('describeError', () => {
	it('names the endpoint that cannot be reached and why', () => {
		expect(describeError(systemError('ECONNREFUSED'), {endpoint: 'http://127.0.0.1:1'})).toBe(
			'Cannot reach http://127.0.0.1:1: connection refused (ECONNREFUSED).',
		);
		expect(describeError(systemError('ENOTFOUND'))).toBe(
			'Cannot reach Kinesis: host not found (ENOTFOUND).',
		);
		const aggregate = new AggregateError(
			[systemError('ECONNREFUSED'), systemError('ECONNREFUSED')],
			'',
		);
		expect(describeError(aggregate, {endpoint: 'http://localhost:1'})).toMatch(
			/connection refused/,
		);
	});

	it('says what to do about missing credentials or region', () => {
		const missing = awsError(
			'CredentialsProviderError',
			'Could not load credentials from any providers',
		);
		expect(describeError(missing)).toMatch(/No AWS credentials found.*--profile.*--local/);
		expect(describeError(missing, {profile: 'prod'})).toMatch(/profile "prod"/);
		expect(describeError(new Error('Region is missing'))).toMatch(/--region.*AWS_REGION/);
	});

	it('reports access denied, not found, throttling and read-only refusals on one line', () => {
		expect(
			describeError(awsError('AccessDeniedException', 'not authorized'), {endpoint: 'http://x'}),
		).toBe('Access denied by http://x (AccessDeniedException): not authorized');
		expect(
			describeError(awsError('ResourceNotFoundException', 'Stream x not found'), {stream: 'x'}),
		).toMatch(/^Stream "x" not found/);
		expect(describeError(awsError('LimitExceededException', 'Rate exceeded'))).toMatch(
			/^Throttled/,
		);
		expect(describeError(new ReadOnlyError('PutRecord'))).toMatch(/Refused PutRecord.*--read-only/);
		expect(isThrottle(awsError('ProvisionedThroughputExceededException', ''))).toBe(true);
		expect(isNotFound(awsError('ResourceNotFoundException', ''))).toBe(true);
	});

	it('never lets a server message move the cursor or break the line', () => {
		const hostile = awsError('InternalFailure', 'bad\u001b[2J\nthing');
		expect(describeError(hostile)).toBe('InternalFailure: bad␛[2J␊thing');
		expect(describeError('plain \u0007 string')).toBe('Error: plain ␇ string');
	});
});
