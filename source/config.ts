import {X509Certificate} from 'node:crypto';
import {readFileSync, statSync} from 'node:fs';
import {quoteInput} from './format/quote-input.js';
import {type ConnectionSettings, LOCAL_REGION, type Target} from './kinesis/connection.js';
import {describeFileError} from './services/put/record-file.js';

/**
 * Flags and environment → where to connect. Follows the aws CLI: a flag wins over the environment,
 * the environment over the SDK's own chain (profile files, instance roles …), which is left to the SDK.
 */

export type ConnectionFlags = {
	local?: boolean;
	endpointUrl?: string;
	dynamodbEndpointUrl?: string;
	region?: string;
	profile?: string;
	readOnly?: boolean;
	caBundle?: string;
};

export type Environment = Readonly<Record<string, string | undefined>>;

/** Bad input from the command line or the environment: shown as one line, exit code 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function resolveConnection(flags: ConnectionFlags, env: Environment): ConnectionSettings {
	if (flags.local && flags.endpointUrl !== undefined) {
		throw new UsageError('--local and --endpoint-url cannot be used together: pick one.');
	}
	if (flags.local && flags.dynamodbEndpointUrl !== undefined) {
		throw new UsageError(
			'--local and --dynamodb-endpoint-url cannot be used together: --local runs its own DynamoDB.',
		);
	}
	const endpoint = flags.local ? undefined : resolveEndpoint(flags, env);
	const target: Target = flags.local ? 'local' : endpoint ? 'endpoint' : 'aws';
	const profile = nonEmpty(flags.profile, '--profile') ?? nonEmpty(env.AWS_PROFILE, 'AWS_PROFILE');
	const local = target === 'local' || (endpoint !== undefined && isLoopback(endpoint));
	const region =
		checkRegion(flags.region, '--region') ??
		checkRegion(env.AWS_REGION, 'AWS_REGION') ??
		checkRegion(env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION') ??
		(local ? LOCAL_REGION : undefined);
	const configuredCredentials = Boolean(env.AWS_ACCESS_KEY_ID) || profile !== undefined;
	const dynamodbEndpoint = flags.local ? undefined : resolveDynamoDBEndpoint(flags, env);
	return {
		target,
		endpoint,
		dynamodbEndpoint,
		region,
		profile: target === 'local' ? undefined : profile,
		readOnly: Boolean(flags.readOnly),
		placeholderCredentials: target === 'local' || (local && !configuredCredentials),
		caBundle: readCaBundle(flags, env, {
			// A service with no endpoint of its own is AWS's, over TLS; the embedded engine speaks plain
			// HTTP.
			overTls:
				target !== 'local' &&
				[endpoint, dynamodbEndpoint].some((url) => url === undefined || url.startsWith('https:')),
		}),
	};
}

/** A CA bundle is a few hundred kilobytes; a file far larger is not one. */
const MAX_CA_BUNDLE_BYTES = 16 * 1024 * 1024;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificates of the file --ca-bundle (or else AWS_CA_BUNDLE) names. Each is read as a
 * certificate only when a connection `overTls` will trust them: the system's bundle is some 150 of
 * them, 12 ms to read on Node 24 and 37 on Node 20, spent for nothing before the first frame when
 * every endpoint is plain HTTP (the embedded engine, LocalStack).
 */
function readCaBundle(
	flags: ConnectionFlags,
	env: Environment,
	{overTls}: {overTls: boolean},
): string | undefined {
	const [file, source] =
		flags.caBundle !== undefined
			? [nonEmpty(flags.caBundle, '--ca-bundle'), '--ca-bundle']
			: [nonEmpty(env.AWS_CA_BUNDLE, 'AWS_CA_BUNDLE'), 'AWS_CA_BUNDLE'];
	if (file === undefined) {
		return undefined;
	}
	let text: string;
	try {
		const stats = statSync(file);
		if (!stats.isFile()) {
			throw new UsageError(`${source}: ${quoteInput(file)} is not a file.`);
		}
		if (stats.size > MAX_CA_BUNDLE_BYTES) {
			throw new UsageError(`${source}: ${quoteInput(file)} is too large to be a CA bundle.`);
		}
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if (error instanceof UsageError) {
			throw error;
		}
		throw new UsageError(
			`${source}: cannot read ${quoteInput(file)}: ${describeFileError(error)}.`,
		);
	}
	const certificates = text.match(PEM_CERTIFICATE) ?? [];
	if (certificates.length === 0) {
		throw new UsageError(
			`${source}: ${quoteInput(file)} holds no certificate (PEM, -----BEGIN CERTIFICATE-----).`,
		);
	}
	const unreadable = overTls
		? certificates.findIndex((certificate) => !isCertificate(certificate))
		: -1;
	if (unreadable >= 0) {
		throw new UsageError(
			`${source}: certificate ${unreadable + 1} of ${quoteInput(file)} cannot be read.`,
		);
	}
	return `${certificates.join('\n')}\n`;
}

function isCertificate(pem: string): boolean {
	try {
		new X509Certificate(pem);
		return true;
	} catch {
		return false;
	}
}

function resolveEndpoint(flags: ConnectionFlags, env: Environment): string | undefined {
	if (flags.endpointUrl !== undefined) {
		return checkEndpoint(flags.endpointUrl, '--endpoint-url');
	}
	if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') {
		return undefined;
	}
	for (const name of ['AWS_ENDPOINT_URL_KINESIS', 'AWS_ENDPOINT_URL'] as const) {
		const value = env[name];
		if (value) {
			return checkEndpoint(value, name);
		}
	}
	return undefined;
}

/**
 * DynamoDB where Kinesis is: --endpoint-url names both (LocalStack serves both on one port), as does
 * AWS_ENDPOINT_URL; --dynamodb-endpoint-url and AWS_ENDPOINT_URL_DYNAMODB say otherwise. As in the
 * aws CLI, a flag wins over the environment, and AWS_ENDPOINT_URL_KINESIS is Kinesis's alone.
 */
function resolveDynamoDBEndpoint(flags: ConnectionFlags, env: Environment): string | undefined {
	if (flags.dynamodbEndpointUrl !== undefined) {
		return checkEndpoint(flags.dynamodbEndpointUrl, '--dynamodb-endpoint-url');
	}
	if (flags.endpointUrl !== undefined) {
		return checkEndpoint(flags.endpointUrl, '--endpoint-url');
	}
	if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') {
		return undefined;
	}
	for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL'] as const) {
		const value = env[name];
		if (value) {
			return checkEndpoint(value, name);
		}
	}
	return undefined;
}

function checkEndpoint(value: string, source: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new UsageError(
			`${source}: ${quoteInput(value)} is not a URL (like http://localhost:4566).`,
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UsageError(`${source}: ${quoteInput(value)} must start with http:// or https://.`);
	}
	// The SDK appends operation paths itself; a trailing slash would double it.
	return value.replace(/\/+$/, '');
}

function checkRegion(value: string | undefined, source: string): string | undefined {
	const region = nonEmpty(value, source);
	if (region !== undefined && !REGION_PATTERN.test(region)) {
		throw new UsageError(`${source}: ${quoteInput(region)} is not a region name (like us-east-1).`);
	}
	return region;
}

function nonEmpty(value: string | undefined, source: string): string | undefined {
	if (value === undefined) {
		return undefined;
	}
	if (value.trim() === '') {
		if (source.startsWith('--')) {
			throw new UsageError(`${source} needs a value.`);
		}
		return undefined;
	}
	return value.trim();
}

export function isLoopback(endpoint: string): boolean {
	const host = new URL(endpoint).hostname;
	return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
