import {getMaxListeners, setMaxListeners} from 'node:events';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {shardStanding} from '../../kinesis/consumers.js';
import {describeError, type ErrorContext, isAbort, isNotFound} from '../../kinesis/errors.js';
import type {LeaseLag} from '../../model/kcl-application.js';
import {checkpointText, type Lease} from '../../model/leases.js';

/**
 * How far behind each lease is, measured with a read of one record after its checkpoint. Every read
 * costs the shard one of its 5 GetRecords a second, which the applications being watched need: a
 * shard is read at most once each `intervalMs` (10 s), whichever leases of how many applications
 * name it; the lease measured longest ago goes first.
 */
export type LagBook = {
	/** The lease's lag as last measured (or why it is not). */
	lagOf(id: string, lease: Lease): LeaseLag;
	/**
	 * Measures what is due among `leases` (id → lease, all of `stream`), a shard at a time; resolves
	 * with when more will be due (Infinity: nothing waits).
	 */
	measure(stream: string, leases: ReadonlyMap<string, Lease>, signal: AbortSignal): Promise<number>;
	forget(): void;
};

type Measured = Exclude<LeaseLag, {state: 'pending'}> & {checkpoint: string; measuredAt: number};

export function createLagBook(
	client: KinesisClient,
	{
		intervalMs = 10_000,
		concurrency = 8,
		errorContext = {},
	}: {intervalMs?: number; concurrency?: number; errorContext?: ErrorContext} = {},
): LagBook {
	let measured = new Map<string, Measured>();
	let lastReadAt = new Map<string, number>();

	/** What a checkpoint says without a read, or undefined when a read must tell. */
	const known = (lease: Lease): LeaseLag | undefined => {
		const {checkpoint} = lease;
		switch (checkpoint?.kind) {
			case undefined: {
				return {state: 'unmeasured', reason: 'the lease has no checkpoint'};
			}
			case 'SHARD_END': {
				return {state: 'measured', millisBehindLatest: 0, checkpoint: 'SHARD_END', measuredAt: 0};
			}
			case 'LATEST': {
				return {
					state: 'unmeasured',
					reason:
						'checkpoint LATEST: the application starts at the newest record and has read none yet',
				};
			}
			case 'AT_TIMESTAMP': {
				return {
					state: 'unmeasured',
					reason:
						"checkpoint AT_TIMESTAMP: the time it starts at is in the application's settings, not in the lease",
				};
			}
			default: {
				return undefined;
			}
		}
	};

	/** Not measured at this checkpoint yet, or measured a read interval ago. */
	const due = (id: string, lease: Lease, now: number) => {
		const last = measured.get(id);
		return (
			known(lease) === undefined &&
			(last === undefined ||
				last.checkpoint !== checkpointText(lease.checkpoint ?? {kind: 'LATEST'}) ||
				now >= last.measuredAt + intervalMs)
		);
	};

	const read = async (stream: string, id: string, lease: Lease, signal: AbortSignal) => {
		const checkpoint = lease.checkpoint;
		const text = checkpointText(checkpoint ?? {kind: 'TRIM_HORIZON'});
		const at = Date.now();
		lastReadAt.set(shardKey(stream, lease.shardId), at);
		try {
			const standing = await shardStanding(
				client,
				stream,
				lease.shardId,
				checkpoint?.kind === 'sequence' ? checkpoint.sequenceNumber : undefined,
				signal,
			);
			measured.set(id, {state: 'measured', ...standing, checkpoint: text, measuredAt: at});
		} catch (error) {
			if (isAbort(error, signal)) {
				throw error;
			}
			const reason = describeError(error, {...errorContext, stream});
			// Kinesis knows no such position in the shard: the checkpoint was not written for this stream.
			const refused =
				isNotFound(error) || (error instanceof Error && error.name === 'InvalidArgumentException');
			measured.set(id, {
				state: refused ? 'refused' : 'unmeasured',
				reason,
				checkpoint: text,
				measuredAt: at,
			});
		}
	};

	return {
		lagOf(id, lease) {
			const said = known(lease);
			if (said) {
				return said;
			}
			const last = measured.get(id);
			if (last === undefined) {
				return {state: 'pending'};
			}
			if (last.state === 'measured') {
				return last;
			}
			return {state: last.state, reason: last.reason};
		},
		async measure(stream, leases, signal) {
			const now = Date.now();
			const byShard = new Map<string, Array<[string, Lease]>>();
			for (const [id, lease] of leases) {
				if (due(id, lease, now)) {
					byShard.set(lease.shardId, [...(byShard.get(lease.shardId) ?? []), [id, lease]]);
				}
			}
			let next = Number.POSITIVE_INFINITY;
			const work: Array<[string, Lease]> = [];
			for (const [shardId, waiting] of byShard) {
				const free =
					(lastReadAt.get(shardKey(stream, shardId)) ?? Number.NEGATIVE_INFINITY) + intervalMs;
				if (free > now) {
					next = Math.min(next, free);
					continue;
				}
				// The one never measured, else the one measured longest ago.
				const [first] = [...waiting].sort(
					([a], [b]) => (measured.get(a)?.measuredAt ?? -1) - (measured.get(b)?.measuredAt ?? -1),
				);
				if (first) {
					work.push(first);
				}
				if (waiting.length > 1) {
					next = Math.min(next, now + intervalMs);
				}
			}
			// A read a shard, `concurrency` at a time, each listening to the signal for its stop.
			setMaxListeners(Math.max(getMaxListeners(signal), concurrency * 2 + 10), signal);
			for (let index = 0; index < work.length; index += concurrency) {
				await Promise.all(
					work
						.slice(index, index + concurrency)
						.map(([id, lease]) => read(stream, id, lease, signal)),
				);
			}
			return next;
		},
		forget() {
			measured = new Map();
			lastReadAt = new Map();
		},
	};
}

function shardKey(stream: string, shardId: string): string {
	return `${stream}\u0000${shardId}`;
}
