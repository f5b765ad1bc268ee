import {LOCAL_REGION} from '../kinesis/connection.js';
import {DEMO_STREAMS} from '../local/demo-records.js';
import type {LocalEngine} from '../local/engine.js';
import {isLoopback, isUnspecified} from '../local/listen-address.js';

export type ServeOptions = {
	engine: LocalEngine;
	demo: boolean;
	demoRate: number;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	/** Resolves when the user stops the engine (ctrl+c, SIGTERM). */
	stopped: Promise<void>;
};

/**
 * Runs the embedded engine in the foreground. The endpoint URL is the first and only line on stdout,
 * for scripts to read; where it listens and how to use it go to stderr.
 */
export async function runServe({
	engine,
	demo,
	demoRate,
	stdout,
	stderr,
	stopped,
}: ServeOptions): Promise<void> {
	stdout.write(`${engine.endpoint}\n`);
	const demoLine = demo
		? `Demo streams: ${Object.values(DEMO_STREAMS).join(', ')} (${demoRate} records/s).\n`
		: '';
	const loopback = isLoopback(engine.host);
	const warning = loopback
		? ''
		: `Warning: the engine has no authentication: anyone who can reach ${reach(engine.host)} can read, write and delete its streams.\n`;
	const scope = loopback
		? ': this machine only (--host to change)'
		: isUnspecified(engine.host)
			? ': every address of this machine'
			: '';
	stderr.write(
		warning +
			`The embedded Kinesis engine listens on ${engine.host} port ${engine.port} (TLS ${engine.tlsPort})${scope}.\n` +
			`Endpoint: ${engine.endpoint}${isUnspecified(engine.host) ? ' from this machine' : ''} (region ${LOCAL_REGION}; any credentials).\n` +
			`  export AWS_ENDPOINT_URL_KINESIS=${engine.endpoint}\n` +
			`  kinesis-explorer --endpoint-url ${engine.endpoint}\n` +
			demoLine +
			'Ctrl+C stops it.\n',
	);
	const ended = await Promise.race([stopped.then(() => 'stopped' as const), engine.exited]);
	if (ended !== 'stopped') {
		throw new Error(`The embedded Kinesis engine exited unexpectedly (exit code ${ended}).`);
	}
}

/** Who can reach an engine listening on `host`. */
function reach(host: string): string {
	return isUnspecified(host) ? 'this machine' : host;
}
