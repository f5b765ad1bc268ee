import type {
	$Command,
	KinesisClient,
	KinesisClientResolvedConfig,
	ServiceInputTypes,
	ServiceOutputTypes,
} from '@aws-sdk/client-kinesis';

/**
 * How long each call may go unanswered. A connection that died without a word (a laptop that slept,
 * a NAT that dropped its state) answers nothing and reports nothing: without a deadline a call on it
 * waits forever. A call past its deadline is aborted, which closes its connection, and fails with a
 * DeadlineError, which the readers and the producer retry as they retry a reset connection.
 *
 * A deadline covers the SDK's own retries of the call as well (they share its abort signal), so they
 * cannot stretch it into minutes.
 */
export type Deadlines = {
	/**
	 * Answers of up to 10 MB. AWS answers in well under a second; a slow link that cannot bring a full
	 * answer in time is asked for fewer records by the reader.
	 */
	GetRecords: number;
	/**
	 * Puts are answered once the records are stored (PutRecords once the slowest of its shards has
	 * stored its share), and carry the records up the link first: each gets this, and UPLOAD_MS_PER_MIB
	 * more for each MiB it carries (a 5 MiB PutRecords, 30 s; a record of a few bytes, 10 s).
	 */
	PutRecord: number;
	PutRecords: number;
	/**
	 * Not the length of a subscription (5 minutes) but the longest it may go without an event: AWS
	 * sends one about every 5 seconds even when there is nothing new, so three missed mean it is dead.
	 */
	SubscribeToShard: number;
	/**
	 * Every other call: describes, lists, GetShardIterator and the writes that change a stream or a
	 * consumer. Small requests, small answers, in tens of milliseconds on AWS.
	 */
	other: number;
};

export const DEADLINES: Deadlines = {
	GetRecords: 10_000,
	PutRecord: 10_000,
	PutRecords: 10_000,
	SubscribeToShard: 15_000,
	other: 10_000,
};

/** The time a put is given for each MiB it carries: the link's, at about 2 Mbit/s up. */
export const UPLOAD_MS_PER_MIB = 4000;

/** A call outstanding this long is shown as waiting, before its deadline gives it up. */
export const SLOW_CALL_MS = 3000;

export class DeadlineError extends Error {
	// The name the SDK and Node give a timed-out request: whatever classifies errors by name knows it.
	override name = 'TimeoutError';
	constructor(
		readonly operation: string,
		readonly ms: number,
	) {
		super(`no answer to ${operation} within ${Math.round(ms / 100) / 10} s`);
	}
}

export type DeadlineOptions = {
	/** Deadlines other than DEADLINES (tests make them short). */
	deadlines?: Partial<Deadlines>;
	/**
	 * Told when a call has run out of time: the connection it went over is suspect, and so are the
	 * calls that share it.
	 */
	onExpired?: (operation: string) => void;
};

/**
 * Each client's deadlines and what to do when one passes; a client not here has DEADLINES. Any SDK
 * client of the explorer's (Kinesis, DynamoDB) is kept here by its identity.
 */
const configured = new WeakMap<
	object,
	{deadlines: Deadlines; onExpired?: (operation: string) => void}
>();

export function configureDeadlines(client: object, options: DeadlineOptions): void {
	configured.set(client, {
		deadlines: {...DEADLINES, ...options.deadlines},
		onExpired: options.onExpired,
	});
}

/** The deadline of a call: the table's, and for a put the time to carry its records up the link. */
export function deadlineOf(client: object, operation: string, input: unknown): number {
	const {deadlines} = configured.get(client) ?? {deadlines: DEADLINES};
	const base =
		operation in deadlines && operation !== 'other'
			? deadlines[operation as keyof Deadlines]
			: deadlines.other;
	return base + Math.round((uploadBytes(operation, input) / 1024 / 1024) * UPLOAD_MS_PER_MIB);
}

/** The records' bytes a put carries up the link (nothing for the other calls). */
function uploadBytes(operation: string, input: unknown): number {
	const sizeOf = (record: {Data?: Uint8Array; PartitionKey?: string} | undefined) =>
		(record?.Data?.length ?? 0) + (record?.PartitionKey?.length ?? 0);
	if (operation === 'PutRecord') {
		return sizeOf(input as {Data?: Uint8Array; PartitionKey?: string});
	}
	if (operation === 'PutRecords') {
		const records = (input as {Records?: Array<{Data?: Uint8Array; PartitionKey?: string}>})
			.Records;
		return (records ?? []).reduce((sum, record) => sum + sizeOf(record), 0);
	}
	return 0;
}

/** A call's deadline, and the abort signal that carries it and the caller's stop to the SDK. */
export type Deadline = {
	signal: AbortSignal;
	/** Starts the time again: the call showed it is alive (a subscription's event came). */
	extend(): void;
	/** Stops the time until the next extend: the caller, not the service, holds the call up. */
	hold(): void;
	/** What to throw for the call's failure: a DeadlineError if the deadline passed, else the error itself. */
	failure(error: unknown): unknown;
	/** The call is over: its timer and its listener go. */
	end(): void;
};

export function startDeadline(
	client: object,
	operation: string,
	stop?: AbortSignal,
	input?: unknown,
): Deadline {
	const ms = deadlineOf(client, operation, input);
	const controller = new AbortController();
	const expired = new DeadlineError(operation, ms);
	const onStop = () => controller.abort(stop?.reason);
	if (stop?.aborted) {
		onStop();
	}
	stop?.addEventListener('abort', onStop, {once: true});
	const expire = () => {
		controller.abort(expired);
		configured.get(client)?.onExpired?.(operation);
	};
	let timer = setTimeout(expire, ms);
	return {
		signal: controller.signal,
		extend() {
			clearTimeout(timer);
			timer = setTimeout(expire, ms);
		},
		hold() {
			clearTimeout(timer);
		},
		failure(error) {
			// However the SDK reports the abort (AbortError, a closed stream), it was the deadline, not a
			// stop: readers take AbortError for "the user stopped" and would end instead of retrying.
			return controller.signal.reason === expired && !stop?.aborted ? expired : error;
		},
		end() {
			clearTimeout(timer);
			stop?.removeEventListener('abort', onStop);
		},
	};
}

/** Any Kinesis command, with the type of its answer. */
export type KinesisCommand<
	Input extends ServiceInputTypes,
	Output extends ServiceOutputTypes,
> = $Command<Input, Output, KinesisClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes>;

/** GetRecordsCommand → GetRecords, as the SDK names the operation. */
export function operationOf(command: object): string {
	return command.constructor.name.replace(/Command$/, '');
}

/**
 * A call of any SDK client under its deadline: `call` gets the abort signal that carries the deadline
 * and the caller's stop.
 */
export async function underDeadline<T>(
	client: object,
	operation: string,
	input: unknown,
	stop: AbortSignal | undefined,
	call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
	const deadline = startDeadline(client, operation, stop, input);
	try {
		return await call(deadline.signal);
	} catch (error) {
		throw deadline.failure(error);
	} finally {
		deadline.end();
	}
}

/**
 * `client.send` under the call's deadline: how every call of the explorer goes out. `stop` is the
 * caller's own abort signal (the user stopped); it wins over the deadline.
 */
export async function send<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
	client: KinesisClient,
	command: KinesisCommand<Input, Output>,
	stop?: AbortSignal,
): Promise<Output> {
	return underDeadline(client, operationOf(command), command.input, stop, (abortSignal) =>
		client.send(command, {abortSignal}),
	);
}
