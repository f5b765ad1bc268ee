import type {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {deregisterConsumer, listConsumers} from '../../kinesis/consumers.js';
import {type ErrorContext, isAbort} from '../../kinesis/errors.js';
import {listShards} from '../../kinesis/shards.js';
import {describeStreamSummary} from '../../kinesis/streams.js';
import {quoteInput} from '../../format/quote-input.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {createStore} from '../../lib/store.js';
import {
	type ApplicationSummary,
	isFinished,
	type LeaseState,
	summarizeApplication,
	unleasedShards,
} from '../../model/kcl-application.js';
import {
	type CounterSighting,
	KCL_FAILOVER_MS,
	livenessOf,
	sightCounter,
} from '../../model/lease-liveness.js';
import type {Lease} from '../../model/leases.js';
import {followingService, type FollowingService, followSelection} from '../follow-selection.js';
import {type Operation, perform} from '../operation.js';
import type {Problem} from '../problem.js';
import {createLagBook} from './lag-book.js';
import {
	createTableFinder,
	describeLeaseTableError,
	LeaseTableError,
	type TableScan,
} from './table-finder.js';

/** A consumer registered for enhanced fan-out on the stream. */
export type FanOutConsumer = {
	name: string;
	status: string;
	registeredAt?: Date;
	/** The explorer registered it, for a fan-out tail of this run. */
	own: boolean;
};

/** A KCL application, as its lease table shows it against the selected stream. */
export type KclApplication = {
	/** The application's name: its lease table's, as the KCL names the table by default. */
	application: string;
	table: string;
	/** Its leases of this stream, by shard id. */
	leases: readonly LeaseState[];
	summary: ApplicationSummary;
	/** Rows that look like leases and cannot be read as any KCL version writes them. */
	invalidRows: number;
};

export type ConsumersSnapshot = {
	stream?: string;
	/** The stream is selected and its first look is on its way. */
	loading: boolean;
	fanOut?: readonly FanOutConsumer[];
	applications?: readonly KclApplication[];
	/** How many tables were looked at to find the applications (none when given with --kcl-table). */
	tablesLookedAt?: number;
	/**
	 * DynamoDB denied or unreachable, or a table given that is not the stream's lease table: one line,
	 * while the fan-out consumers (and the rest of the explorer) go on.
	 */
	leaseProblem?: Problem;
	/** Kinesis failed: the stream is gone, access denied … */
	problem?: Problem;
	/** The last deregistration asked for. */
	operation?: Operation;
	/**
	 * Everything is known: each lease's lag measured or found unmeasurable, each held lease's owner
	 * found alive or stalled. Until then, some of it is still being watched.
	 */
	settled: boolean;
	/** How long a lease counter stands still before its owner counts as stalled (--failover). */
	stallAfterMs: number;
};

export type ConsumersService = FollowingService<ConsumersSnapshot> & {
	/** Deregisters a fan-out consumer (a write: refused under --read-only); resolves with whether it went. */
	deregister(stream: string, name: string): Promise<boolean>;
	/** The explorer registered this consumer (for a fan-out tail): it is marked as the explorer's own. */
	markOwn(stream: string, name: string): void;
};

export type ConsumersOptions = {
	/** The lease tables to read (--kcl-table); without them, the account's are searched. */
	tables?: readonly string[];
	/**
	 * A table given whose leases are another stream's is passed over (the explorer, whatever stream is
	 * selected), not refused as bad input (the consumers command, which names its stream).
	 */
	othersPassedOver?: boolean;
	/** How often the lease tables are scanned, and the stream's consumers and shards listed. */
	intervalMs?: number;
	/** The fewest milliseconds between two reads of a shard to measure lag. */
	lagIntervalMs?: number;
	/** A counter still this long (between two scans) means a stalled owner. */
	stallAfterMs?: number;
	/** How often the account's tables are searched again for lease tables. */
	rediscoverMs?: number;
	settleMs?: number;
	errorContext?: ErrorContext;
	/** Where DynamoDB is, to name it when it cannot be reached. */
	dynamodbEndpoint?: string;
};

export function createConsumersService(
	kinesis: KinesisClient,
	dynamodb: DynamoDBClient,
	options: ConsumersOptions = {},
): ConsumersService {
	const {
		intervalMs = 10_000,
		lagIntervalMs = 10_000,
		stallAfterMs = KCL_FAILOVER_MS,
		settleMs = 300,
		errorContext = {},
	} = options;
	const initial: ConsumersSnapshot = {loading: false, settled: false, stallAfterMs};
	const store = createStore<ConsumersSnapshot>(initial);
	const finder = createTableFinder(dynamodb, {
		tables: options.tables,
		othersPassedOver: options.othersPassedOver,
		rediscoverMs: options.rediscoverMs,
		endpoint: options.dynamodbEndpoint,
	});
	const lags = createLagBook(kinesis, {intervalMs: lagIntervalMs, errorContext});
	const own = new Set<string>();
	let sightings = new Map<string, CounterSighting>();
	let scans: TableScan[] | undefined;

	const follower = followSelection({
		store,
		settleMs,
		errorContext,
		selected(stream, previous) {
			finder.forget();
			lags.forget();
			sightings = new Map();
			scans = undefined;
			return {...initial, stream, loading: stream !== undefined, operation: previous.operation};
		},
		async work(stream, signal, update) {
			const summary = await describeStreamSummary(kinesis, stream, signal);
			const consumers = summary.arn ? await listConsumers(kinesis, summary.arn, signal) : [];
			update({
				fanOut: consumers.map((consumer) => ({
					name: consumer.name,
					status: consumer.status,
					registeredAt: consumer.createdAt,
					own: own.has(ownKey(stream, consumer.name)),
				})),
			});
			const shards = await listShards(kinesis, stream, {signal});
			const shardIds = new Set(shards.map((shard) => shard.shardId));
			try {
				scans = await finder.scan(stream, shardIds, signal);
				update({leaseProblem: undefined, tablesLookedAt: finder.lookedAt()});
			} catch (error) {
				if (isAbort(error, signal)) {
					throw error;
				}
				update({
					leaseProblem: {
						message:
							error instanceof LeaseTableError
								? error.message
								: describeLeaseTableError(error, options.dynamodbEndpoint),
						retryAt: Date.now() + intervalMs,
						badInput: error instanceof LeaseTableError ? true : undefined,
					},
				});
			}
			const now = Date.now();
			const leases = new Map<string, Lease>();
			for (const scan of scans ?? []) {
				for (const lease of scan.leases) {
					const id = leaseId(stream, scan.table, lease.leaseKey);
					leases.set(id, lease);
					sightings.set(id, sightCounter(sightings.get(id), lease.counter, now));
				}
			}
			const lagDue = await lags.measure(stream, leases, signal);
			const applications = (scans ?? []).map((scan): KclApplication => {
				const states = scan.leases
					.map((lease): LeaseState => {
						const id = leaseId(stream, scan.table, lease.leaseKey);
						const sighting = sightings.get(id);
						const liveness = sighting
							? livenessOf(sighting, now, stallAfterMs)
							: ({state: 'watching'} as const);
						return {
							lease,
							liveness,
							stalled:
								liveness.state === 'stalled' &&
								lease.owner !== undefined &&
								!isFinished(lease.checkpoint),
							lag: lags.lagOf(id, lease),
						};
					})
					.sort((a, b) => a.lease.shardId.localeCompare(b.lease.shardId));
				return {
					application: scan.table,
					table: scan.table,
					leases: states,
					summary: summarizeApplication(states, unleasedShards(scan.leases, shards)),
					invalidRows: scan.invalidRows,
				};
			});
			const foreign = applications.find(isForeign);
			update({
				applications: applications.filter((application) => !isForeign(application)),
				loading: false,
				settled: applications.every(isSettled),
				...(foreign && options.tables?.length
					? {
							leaseProblem: {
								message: `${quoteInput(foreign.table)} is the lease table of another stream: Kinesis knows none of its checkpoints in ${quoteInput(stream)}.`,
								badInput: true,
							},
						}
					: {}),
			});
			return Math.min(Date.now() + intervalMs, lagDue);
		},
	});

	return {
		...followingService(store, follower),
		async deregister(stream, name) {
			const consumer = sanitizeLine(name);
			const accepted = await perform(
				store,
				{
					running: `Deregistering the fan-out consumer ${consumer}…`,
					done: `Deregistered the fan-out consumer ${consumer}.`,
				},
				async () => {
					const {arn} = await describeStreamSummary(kinesis, stream);
					if (!arn) {
						throw new Error(`The service did not give the ARN of "${stream}", which this needs.`);
					}
					await deregisterConsumer(kinesis, arn, name);
				},
				{...errorContext, stream},
			);
			if (accepted) {
				own.delete(ownKey(stream, name));
				follower.poke();
			}
			return accepted;
		},
		markOwn(stream, name) {
			own.add(ownKey(stream, name));
			store.set((snapshot) =>
				snapshot.stream === stream && snapshot.fanOut
					? {
							...snapshot,
							fanOut: snapshot.fanOut.map((consumer) =>
								consumer.name === name ? {...consumer, own: true} : consumer,
							),
						}
					: snapshot,
			);
		},
	};
}

/** A lease of a table as watched for a stream: answers about another stream are kept apart. */
function leaseId(stream: string, table: string, leaseKey: string): string {
	return `${stream}\u0000${table}\u0000${leaseKey}`;
}

function ownKey(stream: string, name: string): string {
	return `${stream}\u0000${name}`;
}

/**
 * Every sequence-number checkpoint of a single-stream table refused by Kinesis: its shard ids are
 * alike in every stream, but its positions are another stream's (AWS says so of a sequence number
 * that did not come from the stream).
 */
function isForeign(application: KclApplication): boolean {
	const positioned = application.leases.filter(
		(state) => state.lease.stream === undefined && state.lease.checkpoint?.kind === 'sequence',
	);
	return positioned.length > 0 && positioned.every((state) => state.lag.state === 'refused');
}

/** Each lease's lag known, and each held lease's owner found alive or stalled. */
function isSettled(application: KclApplication): boolean {
	return application.leases.every(
		({lease, lag, liveness}) =>
			lag.state !== 'pending' &&
			(liveness.state !== 'watching' || lease.owner === undefined || isFinished(lease.checkpoint)),
	);
}
