import {setMaxListeners} from 'node:events';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, isAbort} from '../kinesis/errors.js';
import type {LeaseWriter} from '../kinesis/lease-writer.js';
import {readShard} from '../kinesis/reader.js';
import {listShards} from '../kinesis/shards.js';
import {sleep} from '../lib/rate-limiter.js';
import type {StartingPosition} from '../model/positions.js';
import type {Shard} from '../model/shard.js';
import {DEMO_STREAMS} from './demo-records.js';

/**
 * The demo's KCL application: it reads `clickstream` the way the Kinesis Client Library does, so
 * that the consumers view has a real application to show. Its lease table is named after it and
 * written in the KCL 2.x format: a lease a shard, each held by one of two workers that renew their
 * leases every few seconds and checkpoint every few seconds; a child shard is read once its parents
 * are read to their end. One worker is slow on one shard: it falls behind there, and stays behind.
 */
export const DEMO_APPLICATION = 'clickstream-analytics';
export const DEMO_WORKERS = ['worker-a', 'worker-b'] as const;

const RENEW_MS = 3000;
const CHECKPOINT_MS = 4000;
/** The slow worker's pace on its slow shard: one record each this long. */
const SLOW_RECORD_MS = 4000;

export type DemoConsumer = {stop(): Promise<void>};

/** Makes the lease table and its leases, then runs the two workers until stopped. */
export async function startDemoConsumer(
	client: KinesisClient,
	writer: LeaseWriter,
	{onProblem}: {onProblem: (message: string | undefined) => void},
): Promise<DemoConsumer> {
	const stream = DEMO_STREAMS.clickstream;
	const table = DEMO_APPLICATION;
	const shards = (await listShards(client, stream)).sort((a, b) =>
		a.shardId.localeCompare(b.shardId),
	);
	await writer.createTable(table);
	const owners = new Map(
		shards.map((shard, index) => [shard.shardId, DEMO_WORKERS[index % DEMO_WORKERS.length]]),
	);
	for (const shard of shards) {
		await writer.createLease(table, {
			leaseKey: shard.shardId,
			owner: owners.get(shard.shardId) ?? DEMO_WORKERS[0],
			checkpoint: 'TRIM_HORIZON',
			parentShardIds: parentsOf(shard),
			hashKeyRange: shard.hashKeyRange,
		});
	}
	// The slow shard: the last open shard of the second worker.
	const slowShard = shards
		.filter((shard) => shard.sequenceNumberRange.end === undefined)
		.findLast((shard) => owners.get(shard.shardId) === DEMO_WORKERS[1])?.shardId;

	const controller = new AbortController();
	const {signal} = controller;
	// Every shard's reader, renewal and checkpoint waits on this signal: more than Node's default of
	// ten listeners, without any leak.
	setMaxListeners(0, signal);
	/** Each shard read to its end: its children may be read. */
	const finished = new Set<string>();
	const finishedChanged = new EventTarget();

	let failing = false;
	/** Runs a step of the workers; a failure is told once, and so is the recovery. */
	const guard = async (work: () => Promise<void>) => {
		try {
			await work();
			if (failing) {
				failing = false;
				onProblem(undefined);
			}
		} catch (error) {
			if (!isAbort(error, signal)) {
				failing = true;
				onProblem(`Demo consumer ${DEMO_APPLICATION}: ${describeError(error)}`);
			}
		}
	};

	const waitForParents = async (shard: Shard) => {
		while (!parentsOf(shard).every((parent) => finished.has(parent))) {
			await new Promise<void>((resolve, reject) => {
				finishedChanged.addEventListener('change', () => resolve(), {once: true, signal});
				signal.addEventListener('abort', () => reject(signal.reason as Error), {once: true});
			});
		}
	};

	/** One shard, from the start of what it keeps to its end, checkpointed every few seconds. */
	const consume = async (shard: Shard, owner: string) => {
		await waitForParents(shard);
		let read: string | undefined;
		let written: string | undefined;
		const checkpoints = setInterval(() => {
			if (read !== undefined && read !== written) {
				const sequenceNumber = read;
				void guard(async () => {
					await writer.checkpoint(table, shard.shardId, owner, sequenceNumber, signal);
					written = sequenceNumber;
				});
			}
		}, CHECKPOINT_MS);
		try {
			const slow = shard.shardId === slowShard;
			await readShard({
				client,
				stream,
				shardId: shard.shardId,
				position: {type: 'TRIM_HORIZON'} satisfies StartingPosition,
				signal,
				limit: slow ? 1 : 1000,
				async onRecords(records) {
					read = records.at(-1)?.sequenceNumber ?? read;
					if (slow) {
						await sleep(SLOW_RECORD_MS, signal);
					}
				},
			});
		} finally {
			clearInterval(checkpoints);
		}
		await writer.checkpoint(table, shard.shardId, owner, 'SHARD_END', signal);
		finished.add(shard.shardId);
		finishedChanged.dispatchEvent(new Event('change'));
	};

	const renew = async (owner: string) => {
		const held = shards.filter((shard) => owners.get(shard.shardId) === owner);
		while (!signal.aborted) {
			await guard(async () => {
				for (const shard of held) {
					await writer.renew(table, shard.shardId, owner, signal);
				}
			});
			await sleep(RENEW_MS, signal).catch(() => undefined);
		}
	};

	const running = Promise.all([
		...DEMO_WORKERS.map((owner) => renew(owner)),
		...shards.map((shard) =>
			guard(() => consume(shard, owners.get(shard.shardId) ?? DEMO_WORKERS[0])),
		),
	]);
	return {
		async stop() {
			controller.abort();
			await running;
		},
	};
}

function parentsOf(shard: Shard): string[] {
	return [shard.parentShardId, shard.adjacentParentShardId].filter(
		(id): id is string => id !== undefined,
	);
}
