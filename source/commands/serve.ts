import {LOCAL_REGION} from '../kinesis/connection.js';
import {DEMO_APPLICATION} from '../local/demo-consumer.js';
import {DEMO_STREAMS} from '../local/demo-records.js';
import type {LocalDynamoDB} from '../local/dynalite.js';
import type {LocalEngine} from '../local/engine.js';
import {isLoopback, isUnspecified} from '../local/listen-address.js';

export type ServeOptions = {
	engine: LocalEngine;
	/** The embedded DynamoDB, for KCL lease tables. */
	dynamodb: LocalDynamoDB;
	demo: boolean;
	demoRate: number;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	/** Resolves when the user stops the engine (ctrl+c, SIGTERM). */
	stopped: Promise<void>;
};

/**
 * Runs the embedded engines in the foreground. The Kinesis endpoint is the first line on stdout and
 * the DynamoDB endpoint the second, for scripts to read; where they listen and how to use them go to
 * stderr.
 */
export async function runServe({
	engine,
	dynamodb,
	demo,
	demoRate,
	stdout,
	stderr,
	stopped,
}: ServeOptions): Promise<void> {
	stdout.write(`${engine.endpoint}\n${dynamodb.endpoint}\n`);
	const demoLine = demo
		? `Demo streams: ${Object.values(DEMO_STREAMS).join(', ')} (${demoRate} records/s); a KCL application, ${DEMO_APPLICATION}, reads ${DEMO_STREAMS.clickstream} (its lease table in DynamoDB).\n`
		: '';
	const loopback = isLoopback(engine.host);
	const warning = loopback
		? ''
		: `Warning: the engines have no authentication: anyone who can reach ${reach(engine.host)} can read, write and delete their streams and tables.\n`;
	const scope = loopback
		? ': this machine only (--host to change)'
		: isUnspecified(engine.host)
			? ': every address of this machine'
			: '';
	stderr.write(
		warning +
			`The embedded Kinesis engine listens on ${engine.host} port ${engine.port} (TLS ${engine.tlsPort})${scope}.\n` +
			`Endpoint: ${engine.endpoint}${isUnspecified(engine.host) ? ' from this machine' : ''} (region ${LOCAL_REGION}; any credentials).\n` +
			`The embedded DynamoDB (dynalite, in memory, for KCL lease tables) listens on ${dynamodb.host} port ${dynamodb.port}.\n` +
			`DynamoDB endpoint: ${dynamodb.endpoint}${isUnspecified(dynamodb.host) ? ' from this machine' : ''}.\n` +
			`  export AWS_ENDPOINT_URL_KINESIS=${engine.endpoint}\n` +
			`  export AWS_ENDPOINT_URL_DYNAMODB=${dynamodb.endpoint}\n` +
			`  kinesis-explorer --endpoint-url ${engine.endpoint} --dynamodb-endpoint-url ${dynamodb.endpoint}\n` +
			demoLine +
			'Ctrl+C stops it.\n',
	);
	const ended = await Promise.race([
		stopped.then(() => 'stopped' as const),
		engine.exited.then((code) => ({name: 'Kinesis engine', code})),
		dynamodb.exited.then((code) => ({name: 'DynamoDB (dynalite)', code})),
	]);
	if (ended !== 'stopped') {
		throw new Error(`The embedded ${ended.name} exited unexpectedly (exit code ${ended.code}).`);
	}
}

/** Who can reach an engine listening on `host`. */
function reach(host: string): string {
	return isUnspecified(host) ? 'this machine' : host;
}
