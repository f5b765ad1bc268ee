import stringWidth from 'string-width';
import type {ApplicationSummary, LeaseLag, LeaseState} from '../model/kcl-application.js';
import {isFinished} from '../model/kcl-application.js';
import {checkpointText} from '../model/leases.js';
import {formatDuration} from './progress-text.js';
import {sanitizeLine} from './sanitize.js';
import {fitWidth} from './text-width.js';

/** Who reads a stream, in text: the same words for the consumers command and the explorer. */

export type FanOutRow = {name: string; status: string; registeredAt?: Date; own: boolean};

export type ApplicationRows = {
	application: string;
	table: string;
	leases: readonly LeaseState[];
	summary: ApplicationSummary;
	invalidRows: number;
};

/** How far behind: MillisBehindLatest, or why it is not known. */
export function lagText(lag: LeaseLag): string {
	switch (lag.state) {
		case 'measured': {
			return behindText(lag.millisBehindLatest);
		}
		case 'pending': {
			return 'measuring…';
		}
		default: {
			return 'unknown';
		}
	}
}

function behindText(ms: number): string {
	return ms < 1000 ? `${ms} ms` : formatDuration(ms);
}

/** Whether the owner still renews the lease, and for how long it has not. */
export function ownerStateText(state: LeaseState, now: number): string {
	if (state.lease.owner === undefined) {
		return 'no owner';
	}
	if (isFinished(state.lease.checkpoint)) {
		return 'done';
	}
	switch (state.liveness.state) {
		case 'alive': {
			return 'alive';
		}
		case 'stalled': {
			return `stalled ${formatDuration(now - state.liveness.since)}`;
		}
		case 'watching': {
			return 'watching…';
		}
	}
}

export function fanOutLines(consumers: readonly FanOutRow[]): string[] {
	if (consumers.length === 0) {
		return ['Enhanced fan-out consumers: none.'];
	}
	return [
		`Enhanced fan-out consumers (${consumers.length}):`,
		...table(
			['NAME', 'STATUS', 'REGISTERED'],
			consumers.map((consumer) => [
				`${sanitizeLine(consumer.name)}${consumer.own ? ' (the explorer’s own)' : ''}`,
				sanitizeLine(consumer.status),
				consumer.registeredAt?.toISOString() ?? '',
			]),
		),
	];
}

export function applicationLines(application: ApplicationRows, now: number): string[] {
	const {summary} = application;
	const name = sanitizeLine(application.application);
	const workers =
		summary.workers.length === 0
			? 'no worker holds a lease'
			: summary.workers
					.map(
						({owner, leases}) => `${sanitizeLine(owner)} ${leases} lease${leases === 1 ? '' : 's'}`,
					)
					.join(', ');
	const lag =
		summary.largestLagMs === undefined
			? 'lag not measured yet'
			: `largest lag ${behindText(summary.largestLagMs)}, total ${behindText(summary.totalLagMs)}`;
	const lines = [
		`KCL application ${name} (lease table ${sanitizeLine(application.table)}):`,
		`  workers: ${workers}${summary.unowned > 0 ? `; ${summary.unowned} lease${summary.unowned === 1 ? '' : 's'} without an owner` : ''}`,
		`  ${lag} · ${summary.stalled} stalled · ${summary.finished} at SHARD_END · ${summary.unleased.length} open without a lease`,
		...table(
			['SHARD', 'OWNER', 'STATE', 'COUNTER', 'CHECKPOINT', 'BEHIND', 'FIRST UNREAD', 'PARENTS'],
			application.leases.map((state) => [
				sanitizeLine(state.lease.shardId),
				sanitizeLine(state.lease.owner ?? '—'),
				ownerStateText(state, now),
				state.lease.counter.toString(),
				state.lease.checkpoint ? checkpointText(state.lease.checkpoint) : '—',
				lagText(state.lag),
				state.lag.state === 'measured'
					? (state.lag.firstUnreadArrival?.toISOString() ?? 'nothing unread')
					: '',
				state.lease.parentShardIds.map(sanitizeLine).join(' '),
			]),
		),
	];
	for (const state of application.leases) {
		if (state.lag.state === 'unmeasured' || state.lag.state === 'refused') {
			lines.push(`  ${sanitizeLine(state.lease.shardId)}: lag unknown: ${state.lag.reason}`);
		}
	}
	for (const shard of summary.unleased) {
		const shardId = sanitizeLine(shard.shardId);
		lines.push(
			shard.waitingFor.length > 0
				? `  ${shardId} is open and has no lease yet: ${name} leases it once it has read ${shard.waitingFor.map(sanitizeLine).join(' and ')} to the end.`
				: `  ${shardId} is open and has no lease: ${name} is not reading it (after a reshard, its children need leases of their own).`,
		);
	}
	if (application.invalidRows > 0) {
		lines.push(
			`  ${application.invalidRows} row${application.invalidRows === 1 ? '' : 's'} of the table could not be read as KCL leases.`,
		);
	}
	return lines;
}

/** Rows under a header, each column as wide as its widest cell, indented. */
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
	const widths = header.map((title, column) =>
		Math.max(stringWidth(title), ...rows.map((row) => stringWidth(row[column] ?? ''))),
	);
	const line = (cells: readonly string[]) =>
		`  ${cells.map((cell, column) => fitWidth(cell, widths[column] ?? 0)).join('  ')}`.trimEnd();
	return [line(header), ...rows.map(line)];
}
