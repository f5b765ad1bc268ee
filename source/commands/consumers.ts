import type {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {applicationLines, fanOutLines} from '../format/consumer-text.js';
import {safeJson, sanitizeLine} from '../format/sanitize.js';
import type {ErrorContext} from '../kinesis/errors.js';
import {checkpointText} from '../model/leases.js';
import {
	type ConsumersSnapshot,
	createConsumersService,
	type KclApplication,
} from '../services/consumers/consumers-service.js';

export type ConsumersCommandOptions = {
	kinesis: KinesisClient;
	dynamodb: DynamoDBClient;
	stream: string;
	/** The lease tables given (--kcl-table); none: they are searched for. */
	tables: readonly string[];
	/** A lease counter still this long means a stalled owner (the application's failover time). */
	failoverMs: number;
	json: boolean;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	errorContext?: ErrorContext;
	dynamodbEndpoint?: string;
	/** Resolves when the user stops the command (ctrl+c). */
	stopped: Promise<void>;
};

/**
 * How often the command scans while it watches the lease counters: a live owner renews its leases
 * every few seconds, and a still counter is only a stalled owner after the application's failover
 * time (--failover, 10 s by default): a table of stalled owners takes that long to tell, a table of
 * live ones less.
 */
const SCAN_MS = 2000;

/**
 * Who reads the stream, once everything is known: each lease's lag measured (or why not), and each
 * held lease's owner found alive or stalled. Exit code 2 for a --kcl-table that is not the stream's
 * lease table, 1 when Kinesis fails or DynamoDB cannot be read (the fan-out consumers are printed
 * all the same), 130 when stopped.
 */
export async function runConsumers(options: ConsumersCommandOptions): Promise<number> {
	const {stream, stderr} = options;
	const service = createConsumersService(options.kinesis, options.dynamodb, {
		tables: options.tables,
		intervalMs: SCAN_MS,
		stallAfterMs: options.failoverMs,
		settleMs: 0,
		errorContext: options.errorContext,
		dynamodbEndpoint: options.dynamodbEndpoint,
	});
	const done = new Promise<ConsumersSnapshot>((resolve) => {
		const check = () => {
			const snapshot = service.getSnapshot();
			if (
				snapshot.problem ||
				snapshot.leaseProblem?.badInput ||
				(!snapshot.loading && (snapshot.leaseProblem || snapshot.settled))
			) {
				resolve(snapshot);
			}
		};
		service.subscribe(check);
	});
	service.select(stream);
	service.start();
	const outcome = await Promise.race([done, options.stopped.then(() => undefined)]);
	service.stop();
	if (outcome === undefined) {
		return 130;
	}
	if (outcome.problem) {
		stderr.write(`kinesis-explorer: ${outcome.problem.message}\n`);
		return 1;
	}
	if (outcome.leaseProblem?.badInput) {
		stderr.write(`kinesis-explorer: ${outcome.leaseProblem.message}\n`);
		return 2;
	}
	write(options, outcome);
	if (outcome.leaseProblem) {
		stderr.write(
			`kinesis-explorer: cannot read the KCL lease tables: ${outcome.leaseProblem.message}\n`,
		);
		return 1;
	}
	return 0;
}

function write(options: ConsumersCommandOptions, snapshot: ConsumersSnapshot) {
	const {stream, stdout} = options;
	const fanOut = snapshot.fanOut ?? [];
	const applications = snapshot.applications ?? [];
	if (options.json) {
		const lines = [
			...fanOut.map((consumer) => ({
				kind: 'efo',
				stream,
				name: consumer.name,
				status: consumer.status,
				registeredAt: consumer.registeredAt?.toISOString() ?? null,
			})),
			...applications.flatMap((application) => jsonLines(stream, application)),
		];
		stdout.write(lines.map((line) => `${safeJson(line)}\n`).join(''));
		return;
	}
	const now = Date.now();
	const text = [
		`Stream ${sanitizeLine(stream)}`,
		'',
		...(fanOut.length === 0 ? fanOutLines([]) : fanOutLines(fanOut)),
	];
	if (!snapshot.leaseProblem) {
		for (const application of applications) {
			text.push('', ...applicationLines(application, now));
		}
		text.push(
			'',
			snapshot.tablesLookedAt === undefined
				? `KCL applications: ${applications.length} of the ${options.tables.length} table${options.tables.length === 1 ? '' : 's'} given.`
				: `KCL applications: ${applications.length === 0 ? 'none' : applications.length} found among ${snapshot.tablesLookedAt} table${snapshot.tablesLookedAt === 1 ? '' : 's'} (tables keyed by leaseKey whose leases name this stream's shards).`,
		);
	}
	stdout.write(`${text.join('\n')}\n`);
}

function jsonLines(stream: string, application: KclApplication): object[] {
	const where = {stream, application: application.application, table: application.table};
	return [
		...application.leases.map(({lease, lag, stalled}) => ({
			kind: 'lease',
			...where,
			shardId: lease.shardId,
			owner: lease.owner ?? null,
			checkpoint: lease.checkpoint ? checkpointText(lease.checkpoint) : null,
			leaseCounter: Number(lease.counter),
			stalled,
			...(lag.state === 'measured'
				? {millisBehindLatest: lag.millisBehindLatest}
				: {
						millisBehindLatest: null,
						reason: lag.state === 'pending' ? 'not measured yet' : lag.reason,
					}),
		})),
		...application.summary.unleased.map((shard) => ({
			kind: 'unleased',
			...where,
			shardId: shard.shardId,
		})),
	];
}
