import {lagText, ownerStateText} from '../../format/consumer-text.js';
import {formatDuration} from '../../format/progress-text.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {shardLabel, shortShard} from '../../format/shard-text.js';
import {fitWidth, truncate} from '../../format/text-width.js';
import type {LeaseState} from '../../model/kcl-application.js';
import {checkpointText} from '../../model/leases.js';
import type {
	ConsumersSnapshot,
	FanOutConsumer,
	KclApplication,
} from '../../services/consumers/consumers-service.js';

/**
 * The consumers view's content as rows of text, one a screen row, each with a key that stays the
 * same while the data changes under it (the selection stays on its row). Everything a server wrote
 * (names, owners, tables) is made safe here, before it reaches the screen.
 */
export type RowTone = 'title' | 'header' | 'dim' | 'warn' | 'error' | 'own';

export type ConsumerRow = {
	key: string;
	text: string;
	tone?: RowTone;
	/** The fan-out consumer the row is, for d. */
	consumer?: string;
};

export type RowsInput = {
	snapshot: ConsumersSnapshot;
	width: number;
	now: number;
	/** The explorer's own consumer, registered for a fan-out tail that no longer runs. */
	ownUnused?: string;
};

export function consumerRows({snapshot, width, now, ownUnused}: RowsInput): ConsumerRow[] {
	const rows: ConsumerRow[] = [
		...fanOutRows(snapshot.fanOut, width, ownUnused),
		{key: 'gap:fan-out', text: ''},
		...applicationRows(snapshot, width, now),
	];
	return rows.map((row) => ({...row, text: truncate(row.text, width)}));
}

function fanOutRows(
	consumers: readonly FanOutConsumer[] | undefined,
	width: number,
	ownUnused: string | undefined,
): ConsumerRow[] {
	if (consumers === undefined) {
		return [{key: 'fan-out', text: 'Enhanced fan-out consumers: listing…', tone: 'title'}];
	}
	if (consumers.length === 0) {
		return [{key: 'fan-out', text: 'Enhanced fan-out consumers: none.', tone: 'title'}];
	}
	const status = 10;
	const registered = 19;
	const name = Math.max(8, width - status - registered - 2);
	const rows: ConsumerRow[] = [
		{key: 'fan-out', text: `Enhanced fan-out consumers (${consumers.length})`, tone: 'title'},
		{
			key: 'fan-out:header',
			text: [fitWidth('NAME', name), fitWidth('STATUS', status), 'REGISTERED (UTC)'].join(' '),
			tone: 'header',
		},
		...consumers.map((consumer): ConsumerRow => ({
			key: `efo:${consumer.name}`,
			consumer: consumer.name,
			tone: consumer.own ? 'own' : undefined,
			text: [
				fitWidth(
					`${sanitizeLine(consumer.name)}${consumer.own ? ' ★ the explorer’s own' : ''}`,
					name,
				),
				fitWidth(sanitizeLine(consumer.status), status),
				consumer.registeredAt ? utcTime(consumer.registeredAt) : '',
			].join(' '),
		})),
	];
	if (ownUnused !== undefined) {
		rows.push({
			key: 'fan-out:own-unused',
			tone: 'warn',
			text: `${sanitizeLine(ownUnused)} is the explorer’s own, and its tail has ended: d deregisters it (AWS bills it by the shard hour).`,
		});
	}
	return rows;
}

function applicationRows(snapshot: ConsumersSnapshot, width: number, now: number): ConsumerRow[] {
	const {applications, leaseProblem, tablesLookedAt} = snapshot;
	if (leaseProblem) {
		// DynamoDB denied or unreachable, or a table given that is no lease table of the stream.
		return [
			{
				key: 'kcl',
				tone: 'error',
				text: `KCL applications: ⚠ ${sanitizeLine(leaseProblem.message)}`,
			},
		];
	}
	if (applications === undefined) {
		return [{key: 'kcl', text: 'KCL applications: looking for lease tables…', tone: 'title'}];
	}
	const count = applications.length === 0 ? 'none' : applications.length;
	const found =
		tablesLookedAt === undefined
			? `${count} in the tables given (--kcl-table)`
			: `${count} found among the ${tablesLookedAt} table${tablesLookedAt === 1 ? '' : 's'} looked at (keyed by leaseKey, with leases of this stream's shards)`;
	return [
		{key: 'kcl', text: `KCL applications: ${found}`, tone: 'title'},
		...applications.flatMap((application) => [
			{key: `gap:${application.table}`, text: ''},
			...oneApplication(application, width, now, snapshot.stallAfterMs),
		]),
	];
}

function oneApplication(
	application: KclApplication,
	width: number,
	now: number,
	stallAfterMs: number,
): ConsumerRow[] {
	const {summary, table} = application;
	const name = sanitizeLine(application.application);
	const key = (part: string) => `app:${table}:${part}`;
	const workers =
		summary.workers.length === 0
			? 'no worker holds a lease'
			: summary.workers
					.map(({owner, leases}) => `${sanitizeLine(owner)} ${leases} lease${plural(leases)}`)
					.join(', ');
	const lag =
		summary.largestLagMs === undefined
			? 'lag not measured yet'
			: `largest lag ${behind(summary.largestLagMs)}, total ${behind(summary.totalLagMs)}`;
	const columns = leaseColumns(width);
	const rows: ConsumerRow[] = [
		{
			key: key('title'),
			tone: 'title',
			text: `${name}${application.table === application.application ? '' : ` (lease table ${sanitizeLine(table)})`} · ${application.leases.length} lease${plural(application.leases.length)}`,
		},
		{
			key: key('workers'),
			text: `  workers: ${workers}${summary.unowned > 0 ? `; ${summary.unowned} lease${plural(summary.unowned)} without an owner` : ''}`,
		},
		{
			key: key('summary'),
			tone: summary.stalled > 0 || unread(application) > 0 ? 'warn' : undefined,
			// Last, the first to go on a narrow terminal: the failover time the owners are judged by (the
			// KCL's default, or --failover's).
			text: `  ${lag} · ${summary.stalled} stalled · ${summary.finished} at SHARD_END · ${unread(application)} open without a lease · failover ${failoverText(stallAfterMs)}`,
		},
		{key: key('header'), text: leaseHeader(columns), tone: 'header'},
		...application.leases.map((state): ConsumerRow => ({
			key: key(`lease:${state.lease.leaseKey}`),
			tone: state.stalled ? 'warn' : undefined,
			text: leaseRow(state, columns, now),
		})),
	];
	for (const shard of summary.unleased) {
		const label = shardLabel(shard.shardId);
		rows.push(
			shard.waitingFor.length > 0
				? {
						key: key(`unleased:${shard.shardId}`),
						tone: 'dim',
						text: `  ${label} is open and has no lease yet: ${name} leases it once it has read ${shard.waitingFor.map(shardLabel).join(' and ')} to the end.`,
					}
				: {
						key: key(`unleased:${shard.shardId}`),
						tone: 'warn',
						text: `  After a reshard, nobody reads ${label}: it is open and ${name} has no lease for it.`,
					},
		);
	}
	for (const state of application.leases) {
		if (state.lag.state === 'unmeasured' || state.lag.state === 'refused') {
			rows.push({
				key: key(`reason:${state.lease.leaseKey}`),
				tone: 'dim',
				text: `  ${shardLabel(state.lease.shardId)}: lag unknown: ${sanitizeLine(state.lag.reason)}`,
			});
		}
	}
	if (application.invalidRows > 0) {
		rows.push({
			key: key('invalid'),
			tone: 'dim',
			text: `  ${application.invalidRows} row${plural(application.invalidRows)} of the table could not be read as KCL leases.`,
		});
	}
	return rows;
}

/** A failover time as --failover takes it: whole seconds as a duration, 1500 ms as that. */
function failoverText(ms: number): string {
	return ms % 1000 === 0 ? formatDuration(ms) : `${ms} ms`;
}

/** Each lease column's width in cells; 0 is a column left out. `parents` takes what is left. */
export type LeaseColumns = {
	shard: number;
	owner: number;
	state: number;
	counter: number;
	checkpoint: number;
	behind: number;
	/** 14: month, day and time; 8: the time alone. */
	firstUnread: number;
	parents: number;
};

const WIDEST: Omit<LeaseColumns, 'parents'> = {
	shard: 20,
	owner: 16,
	state: 17,
	counter: 7,
	checkpoint: 12,
	behind: 10,
	firstUnread: 14,
};

/** The least room the parents keep while they are shown. */
const PARENTS_MIN = 9;

/** What gives way, in turn, when the width is short: the least telling first. */
const NARROWER: ReadonlyArray<(columns: LeaseColumns) => LeaseColumns> = [
	(columns) => ({...columns, firstUnread: 8}),
	(columns) => ({...columns, shard: 6}),
	(columns) => ({...columns, parents: 0}),
	(columns) => ({...columns, counter: 0}),
	(columns) => ({...columns, owner: 12, state: 12}),
	(columns) => ({...columns, checkpoint: 10, firstUnread: 0}),
];

/** The lease columns that fit this width, narrowing in NARROWER's order until they do. */
export function leaseColumns(width: number): LeaseColumns {
	let columns: LeaseColumns = {...WIDEST, parents: PARENTS_MIN};
	for (const narrower of [(same: LeaseColumns) => same, ...NARROWER]) {
		columns = narrower(columns);
		const fixed = fixedWidth(columns);
		if (columns.parents > 0 ? width - fixed >= PARENTS_MIN : fixed <= width) {
			return {...columns, parents: columns.parents > 0 ? width - fixed : 0};
		}
	}
	return columns;
}

/** The cells of the columns before the parents, each with the space after it, and the indent. */
function fixedWidth(columns: LeaseColumns): number {
	const {parents: _parents, ...fixed} = columns;
	return Object.values(fixed).reduce((sum, cells) => sum + (cells > 0 ? cells + 1 : 0), 2);
}

function cells(columns: LeaseColumns, values: Record<keyof LeaseColumns, string>): string {
	const order: Array<keyof LeaseColumns> = [
		'shard',
		'owner',
		'state',
		'counter',
		'checkpoint',
		'behind',
		'firstUnread',
		'parents',
	];
	return `  ${order
		.filter((column) => columns[column] > 0)
		.map((column) =>
			fitWidth(values[column], columns[column], column === 'counter' ? 'right' : 'left'),
		)
		.join(' ')}`.trimEnd();
}

export function leaseHeader(columns: LeaseColumns): string {
	return cells(columns, {
		shard: 'SHARD',
		owner: 'OWNER',
		state: 'OWNER STATE',
		counter: 'COUNTER',
		checkpoint: 'CHECKPOINT',
		behind: 'BEHIND',
		firstUnread: columns.firstUnread >= 12 ? 'FIRST UNREAD' : 'UNREAD',
		parents: 'PARENTS',
	});
}

export function leaseRow(state: LeaseState, columns: LeaseColumns, now: number): string {
	const {lease, lag} = state;
	const id = (shardId: string) =>
		columns.shard >= 20 ? sanitizeLine(shardId) : shortShard(shardId);
	return cells(columns, {
		shard: id(lease.shardId),
		owner: sanitizeLine(lease.owner ?? '—'),
		state: ownerStateText(state, now),
		counter: lease.counter.toString(),
		checkpoint: lease.checkpoint ? shortCheckpoint(checkpointText(lease.checkpoint)) : '—',
		behind: lagText(lag),
		firstUnread:
			lag.state === 'measured'
				? lag.firstUnreadArrival
					? utcTime(lag.firstUnreadArrival).slice(columns.firstUnread >= 14 ? 5 : 11)
					: 'none'
				: '',
		parents: lease.parentShardIds.map((parent) => shortShard(parent)).join(' '),
	});
}

/** A sequence number's end (the digits that differ between records); a sentinel whole. */
function shortCheckpoint(text: string): string {
	return /^\d{9,}$/.test(text) ? `…${text.slice(-7)}` : sanitizeLine(text);
}

/** 2026-12-06 03:38:01, in UTC. */
function utcTime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

function behind(ms: number): string {
	return lagText({state: 'measured', millisBehindLatest: ms, checkpoint: '', measuredAt: 0});
}

/** Open shards of the stream that no lease of the application names. */
function unread(application: KclApplication): number {
	return application.summary.unleased.length;
}

function plural(count: number): string {
	return count === 1 ? '' : 's';
}
