import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {inject} from 'vitest';
import type {ConnectionSettings} from '../../source/kinesis/connection.js';
import {type ClientOptions, createKinesisClient} from '../../source/kinesis/client.js';
import {createDynamoDBClient} from '../../source/kinesis/dynamodb-client.js';
import type {ServiceOptions} from '../../source/services/services.js';
import {backoffDelay, sleep} from '../../source/lib/rate-limiter.js';
import {createStream, waitForActive} from '../../source/kinesis/streams.js';
import type {NewStream} from '../../source/model/stream.js';
import {KCL_FAILOVER_MS} from '../../source/model/lease-liveness.js';

/** Connection settings for the engine the run shares (or another endpoint, like a fault proxy). */
export function localSettings(overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
	return {
		target: 'endpoint',
		endpoint: inject('endpoint'),
		region: 'us-east-1',
		readOnly: false,
		placeholderCredentials: true,
		...overrides,
	};
}

export function localClient(
	overrides: Partial<ConnectionSettings> = {},
	options: ClientOptions = {},
): KinesisClient {
	return createKinesisClient(localSettings(overrides), options);
}

/**
 * Lease tables for the services of a test that reads none (no pane shows consumers yet): a DynamoDB
 * client pointed at the shared Kinesis engine, so that any call would stay on this machine.
 */
export function noLeaseTables(): ServiceOptions['leaseTables'] {
	return {
		client: createDynamoDBClient(localSettings({dynamodbEndpoint: inject('endpoint')})),
		tables: [],
		failoverMs: KCL_FAILOVER_MS,
	};
}

/**
 * The two ways to the shared engine: plain HTTP/1.1, as to LocalStack, and HTTPS with the SDK's
 * default HTTP/2 handler, as to AWS, the engine's certificate trusted by that client alone.
 */
export const TRANSPORTS = ['http', 'https'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** Settings for the shared engine over `transport`. */
export function over(transport: Transport): Partial<ConnectionSettings> {
	return transport === 'http'
		? {endpoint: inject('endpoint')}
		: {endpoint: inject('tlsEndpoint'), caBundle: readFileSync(inject('caBundle'), 'utf8')};
}

/** The same, as the CLI's flags. */
export function endpointFlags(transport: Transport): string[] {
	return transport === 'http'
		? ['--endpoint-url', inject('endpoint')]
		: ['--endpoint-url', inject('tlsEndpoint'), '--ca-bundle', inject('caBundle')];
}

/** A stream name no other test uses: test files share one engine and run side by side. */
export function uniqueName(prefix: string): string {
	return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Creates a stream and waits until it is ACTIVE. Test files create streams side by side on one engine,
 * which allows five CREATING at once, so a LimitExceededException is waited out, not a failure.
 */
export async function createActiveStream(client: KinesisClient, stream: NewStream): Promise<void> {
	for (let attempt = 0; ; attempt++) {
		try {
			await createStream(client, stream);
			break;
		} catch (error) {
			if (!(error instanceof Error && error.name === 'LimitExceededException') || attempt >= 20) {
				throw error;
			}
			await sleep(backoffDelay(attempt, {baseMs: 200, maxMs: 2000}));
		}
	}
	await waitForActive(client, stream.name, {pollMs: 100});
}
