import http from 'node:http';
import type {AddressInfo} from 'node:net';

/**
 * A real HTTP proxy between the code under test and a Kinesis engine, which answers chosen requests
 * with a fault instead of forwarding them: an error answer (throttling, access denied, 500, 503 …), a
 * reset connection, a stalled response, an answer that never comes, or a PutRecords call whose chosen
 * entries fail. Tests point the client's endpoint at it; nothing in the code under test knows it is
 * there.
 */

export type KinesisRequest = {
	/** ListStreams, GetRecords, PutRecords … from the X-Amz-Target header. */
	operation: string;
	body: Record<string, unknown>;
	/** The request's headers, as the client signed them (an answer may quote them back). */
	headers: http.IncomingHttpHeaders;
	/** How many requests the proxy has seen before this one. */
	index: number;
};

export type Fault =
	| {kind: 'answer'; status: number; errorType: string; message?: string}
	| {kind: 'reset'}
	/**
	 * Forwarded this long after it came. The engine acts on it even if the client has given up by then,
	 * as a service does with a request whose answer was lost: a put held back may land after all.
	 */
	| {kind: 'stall'; ms: number}
	/** Forwarded once `release` resolves: a test decides when the answer may come. */
	| {kind: 'hold'; release: Promise<void>}
	/**
	 * Never forwarded, never answered, the connection never closed: what a connection that died without
	 * a word (a laptop that slept, a NAT that dropped its state) looks like from the client.
	 */
	| {kind: 'hang'}
	| {kind: 'failEntries'; indexes: readonly number[]; errorCode?: string}
	/** Forwarded, and the engine's JSON answer changed before it goes back (another engine's quirks). */
	| {kind: 'rewrite'; answer: (body: Record<string, unknown>) => Record<string, unknown>}
	/** Forwarded, and the connection cut this long into the answer (a stream that breaks midway). */
	| {kind: 'cutAfter'; ms: number}
	/**
	 * Forwarded, and an event stream's answer ended this long into it, after its last whole event, as
	 * the service ends a subscription whose 5 minutes are up: a clean end, where cutAfter breaks off.
	 */
	| {kind: 'endAfter'; ms: number}
	/**
	 * Forwarded, and this long into the answer nothing more comes, the connection left open (a
	 * subscription whose connection died mid-stream). The engine's side is closed.
	 */
	| {kind: 'freezeAfter'; ms: number};

/** Decides the fate of each request: a fault, or undefined to forward it untouched. */
export type FaultRule = (request: KinesisRequest) => Fault | undefined;

export type FaultStats = {
	requests: number;
	/** Requests by operation. */
	operations: Record<string, number>;
	/** Faults by kind (an answer counts under its error type). */
	faults: Record<string, number>;
	failedEntries: number;
	/** Requests by operation whose answers have not ended yet. */
	inFlight: Record<string, number>;
	/** The most requests of an operation ever in flight at once. */
	maxInFlight: Record<string, number>;
};

export type FaultProxy = {
	url: string;
	stats: FaultStats;
	setRule(rule: FaultRule): void;
	/** The endpoint goes away: the port stops listening and open connections are cut. */
	stop(): Promise<void>;
	/** The endpoint comes back, on the same port. */
	start(): Promise<void>;
	close(): Promise<void>;
};

export const faults = {
	throttle: (): Fault => ({
		kind: 'answer',
		status: 400,
		errorType: 'ProvisionedThroughputExceededException',
		message: 'Rate exceeded for shard (injected by the fault proxy).',
	}),
	limitExceeded: (): Fault => ({
		kind: 'answer',
		status: 400,
		errorType: 'LimitExceededException',
		message: 'Rate exceeded (injected by the fault proxy).',
	}),
	expiredIterator: (): Fault => ({
		kind: 'answer',
		status: 400,
		errorType: 'ExpiredIteratorException',
		message: 'Iterator expired (injected by the fault proxy).',
	}),
	accessDenied: (): Fault => ({
		kind: 'answer',
		status: 400,
		errorType: 'AccessDeniedException',
		message: 'User: arn:aws:iam::000000000000:user/test is not authorized to perform this action.',
	}),
	expiredToken: (): Fault => ({
		kind: 'answer',
		status: 400,
		errorType: 'ExpiredTokenException',
		message: 'The security token included in the request is expired',
	}),
	serverError: (): Fault => ({kind: 'answer', status: 500, errorType: 'InternalFailure'}),
	unavailable: (): Fault => ({kind: 'answer', status: 503, errorType: 'ServiceUnavailable'}),
	reset: (): Fault => ({kind: 'reset'}),
	stall: (ms: number): Fault => ({kind: 'stall', ms}),
	hang: (): Fault => ({kind: 'hang'}),
	failEntries: (indexes: readonly number[], errorCode?: string): Fault => ({
		kind: 'failEntries',
		indexes,
		errorCode,
	}),
};

/** Chances (0–1) of each fault for a request; what is left over is forwarded untouched. */
export type FaultMix = {
	throttle?: number;
	limitExceeded?: number;
	serverError?: number;
	unavailable?: number;
	reset?: number;
	expiredIterator?: number;
	/** PutRecords only: the chance that a call has some of its entries failed. */
	failEntries?: number;
	/** Answers held back `stallMs` (make it longer than the client's deadline to test that). */
	stall?: number;
	/** Answers that never come. */
	hang?: number;
	/** How long a stalled answer is held back: 10 s unless given. */
	stallMs?: number;
};

/**
 * Faults at random with a seed, so that a run can be replayed: each request of the chosen operations
 * draws one number, and the mix decides what it gets. Expired iterators go to GetRecords only, failed
 * entries to PutRecords only (their share of the roll is forwarded untouched elsewhere).
 */
export function randomFaults(
	seed: number,
	mix: FaultMix,
	operations?: readonly string[],
): FaultRule {
	const random = seededRandom(seed);
	const order: Array<
		[Exclude<keyof FaultMix, 'stallMs'>, (request: KinesisRequest) => Fault | undefined]
	> = [
		['throttle', () => faults.throttle()],
		['limitExceeded', () => faults.limitExceeded()],
		['serverError', () => faults.serverError()],
		['unavailable', () => faults.unavailable()],
		['reset', () => faults.reset()],
		['stall', () => faults.stall(mix.stallMs ?? 10_000)],
		['hang', () => faults.hang()],
		[
			'expiredIterator',
			(request) => (request.operation === 'GetRecords' ? faults.expiredIterator() : undefined),
		],
		[
			'failEntries',
			(request) => {
				const count = (request.body.Records as unknown[] | undefined)?.length ?? 0;
				if (request.operation !== 'PutRecords' || count === 0) {
					return undefined;
				}
				// About one entry in ten fails, at least one.
				const failing = Array.from({length: count}, (_, index) => index).filter(
					(index) => index === 0 || random() < 0.1,
				);
				return faults.failEntries(failing);
			},
		],
	];
	return (request) => {
		if (operations && !operations.includes(request.operation)) {
			return undefined;
		}
		let roll = random();
		for (const [kind, fault] of order) {
			const chance = mix[kind] ?? 0;
			if (roll < chance) {
				return fault(request);
			}
			roll -= chance;
		}
		return undefined;
	};
}

/** The total of the faults the proxy injected, failed PutRecords entries counted one by one. */
export function faultCount(stats: FaultStats): number {
	const calls = Object.entries(stats.faults)
		.filter(([kind]) => kind !== 'failEntries' && kind !== 'rewrite')
		.reduce((sum, [, count]) => sum + count, 0);
	return calls + stats.failedEntries;
}

/** A reproducible random number generator (mulberry32), for faults "at random" that a seed replays. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * A proxy for one test alone, closed when the test ends: its counts are that test's, so tests that
 * each have one can run side by side.
 */
export async function startTestProxy(
	{onTestFinished}: {onTestFinished: (done: () => Promise<void>) => void},
	target: string,
	rule?: FaultRule,
): Promise<FaultProxy> {
	const proxy = await startFaultProxy(target, rule);
	onTestFinished(() => proxy.close());
	return proxy;
}

export async function startFaultProxy(
	target: string,
	initialRule: FaultRule = () => undefined,
): Promise<FaultProxy> {
	const targetUrl = new URL(target);
	let rule = initialRule;
	const stats: FaultStats = {
		requests: 0,
		operations: {},
		faults: {},
		failedEntries: 0,
		inFlight: {},
		maxInFlight: {},
	};
	const count = (table: Record<string, number>, key: string, by = 1) => {
		table[key] = (table[key] ?? 0) + by;
	};

	const forward = (
		incoming: http.IncomingMessage,
		body: Buffer,
		onResponse: (response: http.IncomingMessage) => void,
		onError: () => void,
	) => {
		const outgoing = http.request(
			{
				host: targetUrl.hostname,
				port: targetUrl.port,
				method: incoming.method,
				path: incoming.url,
				headers: {...incoming.headers, host: targetUrl.host, 'content-length': body.length},
			},
			onResponse,
		);
		outgoing.on('error', onError);
		outgoing.end(body);
	};

	const server = http.createServer((incoming, answer) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const raw = Buffer.concat(chunks);
			const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
			let body: Record<string, unknown> = {};
			try {
				body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
			} catch {
				// Not JSON (an event stream, say): forwarded as it is.
			}
			const request: KinesisRequest = {
				operation,
				body,
				headers: incoming.headers,
				index: stats.requests,
			};
			stats.requests++;
			count(stats.operations, operation);
			count(stats.inFlight, operation);
			stats.maxInFlight[operation] = Math.max(
				stats.maxInFlight[operation] ?? 0,
				stats.inFlight[operation] ?? 0,
			);
			answer.once('close', () => count(stats.inFlight, operation, -1));
			const fault = rule(request);
			const fail = () => answer.destroy();
			const pipeBack = (response: http.IncomingMessage) => {
				// A client that gave up on a stalled answer is not there to take it (and a subscription
				// nobody reads must end, or the engine holds the shard for it).
				if (incoming.socket.destroyed) {
					response.destroy();
					return;
				}
				answer.writeHead(response.statusCode ?? 502, response.headers);
				response.pipe(answer);
			};
			if (!fault) {
				forward(incoming, raw, pipeBack, fail);
				return;
			}
			switch (fault.kind) {
				case 'answer': {
					count(stats.faults, fault.errorType);
					const payload = JSON.stringify({__type: fault.errorType, message: fault.message ?? ''});
					answer.writeHead(fault.status, {
						'content-type': 'application/x-amz-json-1.1',
						'x-amzn-errortype': fault.errorType,
						'content-length': Buffer.byteLength(payload),
					});
					answer.end(payload);
					return;
				}
				case 'reset': {
					count(stats.faults, 'reset');
					incoming.socket.destroy();
					return;
				}
				case 'stall': {
					count(stats.faults, 'stall');
					setTimeout(() => forward(incoming, raw, pipeBack, fail), fault.ms);
					return;
				}
				case 'hold': {
					count(stats.faults, 'hold');
					void fault.release.then(() => forward(incoming, raw, pipeBack, fail));
					return;
				}
				case 'hang': {
					count(stats.faults, 'hang');
					return;
				}
				case 'rewrite': {
					count(stats.faults, 'rewrite');
					forward(incoming, raw, (response) => rewritten(response, fault.answer, answer), fail);
					return;
				}
				case 'cutAfter': {
					count(stats.faults, 'cutAfter');
					forward(
						incoming,
						raw,
						(response) => {
							pipeBack(response);
							setTimeout(() => {
								response.destroy();
								incoming.socket.destroy();
							}, fault.ms);
						},
						fail,
					);
					return;
				}
				case 'endAfter': {
					count(stats.faults, 'endAfter');
					forward(incoming, raw, (response) => endedAfter(response, fault.ms, answer), fail);
					return;
				}
				case 'freezeAfter': {
					count(stats.faults, 'freezeAfter');
					forward(
						incoming,
						raw,
						(response) => {
							pipeBack(response);
							setTimeout(() => {
								response.unpipe(answer);
								response.destroy();
							}, fault.ms);
						},
						fail,
					);
					return;
				}
				case 'failEntries': {
					const records = (body.Records as unknown[] | undefined) ?? [];
					const failing = new Set(fault.indexes.filter((index) => index < records.length));
					count(stats.faults, 'failEntries');
					stats.failedEntries += failing.size;
					// The engine sees only the entries that succeed; the answer gets the failures back in place.
					const kept = records.filter((_, index) => !failing.has(index));
					forward(
						incoming,
						Buffer.from(JSON.stringify({...body, Records: kept})),
						(response) => withFailures(response, failing, records.length, fault.errorCode, answer),
						fail,
					);
					return;
				}
			}
		});
	});

	const listen = (port: number) =>
		new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
	const stop = () =>
		new Promise<void>((resolve) => {
			if (!server.listening) {
				resolve();
				return;
			}
			server.close(() => resolve());
			server.closeAllConnections();
		});
	await listen(0);
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		stats,
		setRule(next) {
			rule = next;
		},
		stop,
		// The port was free while the proxy was away: another process may have taken it meanwhile
		// (a test's engine, a client's ephemeral port). It comes back once the port is free again.
		async start() {
			for (let attempt = 0; ; attempt++) {
				try {
					await listen(port);
					return;
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 50) {
						throw error;
					}
					await new Promise((resolve) => setTimeout(resolve, 100 * Math.min(attempt + 1, 10)));
				}
			}
		},
		close: stop,
	};
}

/** A PutRecords answer for the entries that were sent, with the injected failures put back in place. */
function withFailures(
	response: http.IncomingMessage,
	failing: ReadonlySet<number>,
	total: number,
	errorCode: string | undefined,
	answer: http.ServerResponse,
) {
	const parts: Buffer[] = [];
	response.on('data', (chunk: Buffer) => parts.push(chunk));
	response.on('end', () => {
		const raw = Buffer.concat(parts);
		const parsed = JSON.parse(raw.toString('utf8')) as {
			Records?: Array<Record<string, unknown>>;
			FailedRecordCount?: number;
		};
		if ((response.statusCode ?? 500) >= 300 || !parsed.Records) {
			answer.writeHead(response.statusCode ?? 502, response.headers);
			answer.end(raw);
			return;
		}
		const answered = [...parsed.Records];
		const records = Array.from({length: total}, (_, index) =>
			failing.has(index)
				? {
						ErrorCode: errorCode ?? 'ProvisionedThroughputExceededException',
						ErrorMessage: 'Rate exceeded for shard (injected by the fault proxy).',
					}
				: answered.shift(),
		);
		const payload = JSON.stringify({
			...parsed,
			Records: records,
			FailedRecordCount: (parsed.FailedRecordCount ?? 0) + failing.size,
		});
		answer.writeHead(200, {
			'content-type': 'application/x-amz-json-1.1',
			'content-length': Buffer.byteLength(payload),
		});
		answer.end(payload);
	});
}

/** An answer passed through `change` when it is a successful JSON answer, untouched otherwise. */
function rewritten(
	response: http.IncomingMessage,
	change: (body: Record<string, unknown>) => Record<string, unknown>,
	answer: http.ServerResponse,
) {
	const parts: Buffer[] = [];
	response.on('data', (chunk: Buffer) => parts.push(chunk));
	response.on('end', () => {
		const raw = Buffer.concat(parts);
		let payload: string | undefined;
		if ((response.statusCode ?? 500) < 300) {
			try {
				payload = JSON.stringify(
					change(JSON.parse(raw.toString('utf8')) as Record<string, unknown>),
				);
			} catch {
				payload = undefined;
			}
		}
		if (payload === undefined) {
			answer.writeHead(response.statusCode ?? 502, response.headers);
			answer.end(raw);
			return;
		}
		const {'transfer-encoding': _chunked, ...headers} = response.headers;
		answer.writeHead(response.statusCode ?? 200, {
			...headers,
			'content-length': Buffer.byteLength(payload),
		});
		answer.end(payload);
	});
}

/**
 * An event stream's answer passed on a whole event at a time, then ended after `ms` as a finished
 * HTTP answer (its last chunk sent), the engine's side of it dropped. An answer that is not an event
 * stream (an error, say) goes back untouched.
 */
function endedAfter(response: http.IncomingMessage, ms: number, answer: http.ServerResponse) {
	if (response.statusCode !== 200) {
		answer.writeHead(response.statusCode ?? 502, response.headers);
		response.pipe(answer);
		return;
	}
	const {'content-length': _length, ...headers} = response.headers;
	answer.writeHead(200, headers);
	let pending = Buffer.alloc(0);
	response.on('data', (chunk: Buffer) => {
		pending = Buffer.concat([pending, chunk]);
		// Each event begins with its whole length, prelude and checksum included (4 bytes, big-endian).
		while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
			const length = pending.readUInt32BE(0);
			answer.write(pending.subarray(0, length));
			pending = pending.subarray(length);
		}
	});
	const end = () => {
		if (!answer.writableEnded) {
			answer.end();
		}
	};
	response.on('end', end);
	response.on('error', () => undefined);
	const timer = setTimeout(() => {
		response.destroy();
		end();
	}, ms);
	answer.once('close', () => clearTimeout(timer));
}
