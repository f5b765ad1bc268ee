import {describe, expect, it} from 'vitest';
import {resolveConnection, UsageError} from '../../source/config.js';

describe('resolveConnection', () => {
	it('uses the embedded engine with placeholder credentials and the local region for --local', () => {
		expect(
			resolveConnection({local: true}, {AWS_PROFILE: 'prod', AWS_ENDPOINT_URL: 'http://x:1'}),
		).toEqual({
			target: 'local',
			region: 'us-east-1',
			readOnly: false,
			placeholderCredentials: true,
		});
	});

	it('lets the flag win over AWS_ENDPOINT_URL_KINESIS, and that over AWS_ENDPOINT_URL', () => {
		const env = {
			AWS_ENDPOINT_URL_KINESIS: 'http://kinesis:4566',
			AWS_ENDPOINT_URL: 'http://all:4566',
		};
		expect(resolveConnection({endpointUrl: 'http://flag:1/'}, env).endpoint).toBe('http://flag:1');
		expect(resolveConnection({}, env).endpoint).toBe('http://kinesis:4566');
		expect(resolveConnection({}, {AWS_ENDPOINT_URL: 'http://all:4566'}).endpoint).toBe(
			'http://all:4566',
		);
		expect(
			resolveConnection({}, {...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true'}).target,
		).toBe('aws');
	});

	it('leaves region and credentials to the SDK chain for AWS, flags winning over the environment', () => {
		expect(resolveConnection({}, {})).toEqual({
			target: 'aws',
			readOnly: false,
			placeholderCredentials: false,
		});
		const settings = resolveConnection(
			{region: 'eu-west-1', profile: 'prod', readOnly: true},
			{AWS_REGION: 'us-west-2', AWS_PROFILE: 'dev'},
		);
		expect(settings).toMatchObject({region: 'eu-west-1', profile: 'prod', readOnly: true});
		expect(resolveConnection({}, {AWS_REGION: 'us-west-2', AWS_PROFILE: 'dev'})).toMatchObject({
			region: 'us-west-2',
			profile: 'dev',
		});
		expect(resolveConnection({}, {AWS_DEFAULT_REGION: 'ap-south-1'}).region).toBe('ap-south-1');
	});

	it('signs with placeholders for a loopback endpoint only when no credentials are configured', () => {
		const localstack = {endpointUrl: 'http://localhost:4566'};
		expect(resolveConnection(localstack, {})).toMatchObject({
			target: 'endpoint',
			region: 'us-east-1',
			placeholderCredentials: true,
		});
		expect(resolveConnection(localstack, {AWS_ACCESS_KEY_ID: 'AKIA'}).placeholderCredentials).toBe(
			false,
		);
		expect(resolveConnection({...localstack, profile: 'ls'}, {}).placeholderCredentials).toBe(
			false,
		);
		expect(
			resolveConnection({endpointUrl: 'https://kinesis.example.com'}, {}).placeholderCredentials,
		).toBe(false);
	});

	it.each([
		[{local: true, endpointUrl: 'http://localhost:4566'}, {}, /cannot be used together/],
		[{endpointUrl: 'localhost:4566'}, {}, /must start with http/],
		[{endpointUrl: 'not a url'}, {}, /is not a URL/],
		[{}, {AWS_ENDPOINT_URL_KINESIS: 'ftp://x'}, /AWS_ENDPOINT_URL_KINESIS.*http/],
		[{region: 'US East'}, {}, /--region: "US East" is not a region/],
		[{region: ' '}, {}, /--region needs a value/],
		[{profile: ''}, {}, /--profile needs a value/],
	])('refuses %j %j with a clear message', (flags, env, message) => {
		expect(() => resolveConnection(flags, env)).toThrow(UsageError);
		expect(() => resolveConnection(flags, env)).toThrow(message);
	});
});
