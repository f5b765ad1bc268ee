import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {resolveConnection, UsageError} from '../../source/config.js';
import {selfSignedCertificate} from '../../source/local/certificate.js';

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

	it('reads DynamoDB where Kinesis is (--endpoint-url, AWS_ENDPOINT_URL) unless told otherwise', () => {
		const dynamodb = (flags: object, env: Record<string, string>) =>
			resolveConnection(flags, env).dynamodbEndpoint;
		// LocalStack serves both on one port.
		expect(dynamodb({endpointUrl: 'http://localstack:4566'}, {})).toBe('http://localstack:4566');
		expect(dynamodb({}, {AWS_ENDPOINT_URL: 'http://all:4566'})).toBe('http://all:4566');
		// Kinesis's own endpoint variable is Kinesis's alone, as in the AWS SDKs.
		expect(dynamodb({}, {AWS_ENDPOINT_URL_KINESIS: 'http://kinesis:4566'})).toBeUndefined();
		const env = {
			AWS_ENDPOINT_URL_DYNAMODB: 'http://dynamodb:8000',
			AWS_ENDPOINT_URL: 'http://all:1',
		};
		expect(dynamodb({}, env)).toBe('http://dynamodb:8000');
		// Flags win over the environment, and the DynamoDB flag over the shared one.
		expect(dynamodb({endpointUrl: 'http://flag:1'}, env)).toBe('http://flag:1');
		expect(
			dynamodb({endpointUrl: 'http://flag:1', dynamodbEndpointUrl: 'http://dynamodb-flag:2/'}, env),
		).toBe('http://dynamodb-flag:2');
		expect(dynamodb({}, {...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true'})).toBeUndefined();
		// --local runs its own, known once it has started.
		expect(dynamodb({local: true}, env)).toBeUndefined();
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
		[{local: true, dynamodbEndpointUrl: 'http://x:1'}, {}, /--local runs its own DynamoDB/],
		[{dynamodbEndpointUrl: 'nowhere'}, {}, /^--dynamodb-endpoint-url: "nowhere" is not a URL/],
		[{}, {AWS_ENDPOINT_URL_DYNAMODB: 'ftp://x'}, /^AWS_ENDPOINT_URL_DYNAMODB: .*http/],
		[{region: 'US East'}, {}, /--region: "US East" is not a region/],
		[{region: ' '}, {}, /--region needs a value/],
		[{profile: ''}, {}, /--profile needs a value/],
	])('refuses %j %j with a clear message', (flags, env, message) => {
		expect(() => resolveConnection(flags, env)).toThrow(UsageError);
		expect(() => resolveConnection(flags, env)).toThrow(message);
	});
});

describe('the CA bundle', () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'kinesis-explorer-config-'));
	afterAll(() => rmSync(directory, {recursive: true, force: true}));
	const bundle = (name: string, text: string) => {
		const file = path.join(directory, name);
		writeFileSync(file, text);
		return file;
	};
	const first = selfSignedCertificate().cert;
	const second = selfSignedCertificate().cert;

	it('takes every certificate of the file --ca-bundle names, over AWS_CA_BUNDLE, as the aws CLI does', () => {
		const flagged = bundle('two.pem', `# a comment\n${first}\n${second}`);
		const envBundle = bundle('env.pem', first);
		const endpointUrl = 'https://127.0.0.1:4567';
		expect(
			resolveConnection({endpointUrl, caBundle: flagged}, {AWS_CA_BUNDLE: envBundle}).caBundle,
		).toBe(`${first.trim()}\n${second.trim()}\n`);
		expect(resolveConnection({endpointUrl}, {AWS_CA_BUNDLE: envBundle}).caBundle).toBe(first);
		expect(resolveConnection({endpointUrl}, {}).caBundle).toBeUndefined();
	});

	it('refuses a file that is not there, is not a file, or holds no certificate it can read', () => {
		const refusals: Array<[string, RegExp]> = [
			[
				path.join(directory, 'missing.pem'),
				/^--ca-bundle: cannot read ".*missing\.pem": no such file\.$/,
			],
			[directory, /is not a file/],
			[bundle('empty.pem', 'nothing here\n'), /holds no certificate/],
			[
				bundle('bad.pem', `${first}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`),
				/^--ca-bundle: certificate 2 of ".*bad\.pem" cannot be read\.$/,
			],
		];
		for (const [caBundle, message] of refusals) {
			expect(() => resolveConnection({caBundle}, {})).toThrow(UsageError);
			expect(() => resolveConnection({caBundle}, {})).toThrow(message);
		}
	});

	it('reads each certificate only where a connection over TLS will trust it', () => {
		const broken = bundle(
			'broken.pem',
			`${first}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`,
		);
		const unreadable = /^--ca-bundle: certificate 2 of ".*broken\.pem" cannot be read\.$/;
		// AWS, an https endpoint, or DynamoDB at AWS beside a plain-HTTP Kinesis: the bundle is used.
		for (const flags of [
			{},
			{endpointUrl: 'https://kinesis.example'},
			{endpointUrl: 'http://127.0.0.1:4567', dynamodbEndpointUrl: 'https://dynamodb.example'},
		]) {
			expect(() => resolveConnection({...flags, caBundle: broken}, {})).toThrow(unreadable);
		}
		expect(() =>
			resolveConnection(
				{},
				{AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4567', AWS_CA_BUNDLE: broken},
			),
		).toThrow(/AWS_CA_BUNDLE: certificate 2/);
		// Every endpoint plain HTTP, or the embedded engine: no connection trusts it, so its certificates
		// are not read (on Node 20, 37 ms for the system's bundle before the first frame).
		const blocks = (text: string | undefined) => text?.match(/BEGIN CERTIFICATE/g)?.length;
		expect(
			blocks(
				resolveConnection({endpointUrl: 'http://127.0.0.1:4567', caBundle: broken}, {}).caBundle,
			),
		).toBe(2);
		expect(blocks(resolveConnection({local: true}, {AWS_CA_BUNDLE: broken}).caBundle)).toBe(2);
		// What is not a bundle at all is refused wherever it is given.
		expect(() =>
			resolveConnection({local: true, caBundle: bundle('none.pem', 'nothing\n')}, {}),
		).toThrow(/holds no certificate/);
	});
});
