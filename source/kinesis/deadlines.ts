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
	 * Puts carry megabytes up the link and are answered once the records are stored, so they get
	 * longer than reads: PutRecord one record (up to 10 MiB) for one shard, PutRecords up to 500
	 * records (5 MiB) answered once the slowest of their shards has stored its share.
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
	PutRecord: 20_000,
	PutRecords: 30_000,
	SubscribeToShard: 15_000,
	other: 10_000,
};

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

/** Each client's deadlines and what to do when one passes; a client not here has DEADLINES. */
const configured = new WeakMap<
	KinesisClient,
	{deadlines: Deadlines; onExpired?: (operation: string) => void}
>();

export function configureDeadlines(client: KinesisClient, options: DeadlineOptions): void {
	configured.set(client, {
		deadlines: {...DEADLINES, ...options.deadlines},
		onExpired: options.onExpired,
	});
}

function deadlineOf(client: KinesisClient, operation: string): number {
	const {deadlines} = configured.get(client) ?? {deadlines: DEADLINES};
	return operation in deadlines && operation !== 'other'
		? deadlines[operation as keyof Deadlines]
		: deadlines.other;
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
	client: KinesisClient,
	operation: string,
	stop?: AbortSignal,
): Deadline {
	const ms = deadlineOf(client, operation);
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
function operationOf(command: object): string {
	return command.constructor.name.replace(/Command$/, '');
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
	const deadline = startDeadline(client, operationOf(command), stop);
	try {
		return await client.send(command, {abortSignal: deadline.signal});
	} catch (error) {
		throw deadline.failure(error);
	} finally {
		deadline.end();
	}
}
