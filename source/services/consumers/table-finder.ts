import type {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import {describeError, isAbort, isNotFound} from '../../kinesis/errors.js';
import {describeTableKey, listTableNames, scanTable} from '../../kinesis/lease-tables.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {quoteInput} from '../../format/quote-input.js';
import {leasesOf, tableOwner} from '../../model/kcl-application.js';
import {isLeaseTableKey, type Lease, parseLeaseRow} from '../../model/leases.js';

/** A table given for a stream that is not that stream's lease table: bad input, said in one line. */
export class LeaseTableError extends Error {
	override name = 'LeaseTableError';
}

/** A lease table read for one stream: the leases that name it. */
export type TableScan = {
	table: string;
	leases: Lease[];
	/** Rows that look like leases and cannot be read as any KCL version writes them. */
	invalidRows: number;
};

/**
 * Finds and reads the lease tables of a stream: the tables given (--kcl-table), each of which must be
 * one (for the consumers command, which names its stream) or is passed over when its leases are
 * another stream's (for the explorer, which shows whichever stream is selected), or else every table
 * of the account whose key is leaseKey and whose leases name the stream.
 * Which tables have a lease table's key is looked up again only every `rediscoverMs`: a scan of the
 * account's tables each time would describe every table of it.
 */
export type TableFinder = {
	/** The stream's lease tables, read now. */
	scan(stream: string, shardIds: ReadonlySet<string>, signal: AbortSignal): Promise<TableScan[]>;
	/** How many tables were looked at to find them (none when they were given). */
	lookedAt(): number | undefined;
	/** Forgets what it found: another stream is selected. */
	forget(): void;
};

export function createTableFinder(
	client: DynamoDBClient,
	{
		tables,
		othersPassedOver = false,
		rediscoverMs = 60_000,
		endpoint,
	}: {
		tables?: readonly string[];
		/** A table given whose leases are another stream's is passed over, not refused. */
		othersPassedOver?: boolean;
		rediscoverMs?: number;
		endpoint?: string;
	},
): TableFinder {
	const given = tables !== undefined && tables.length > 0 ? [...new Set(tables)] : undefined;
	let candidates: string[] | undefined;
	let looked: number | undefined;
	let discoveredAt = 0;

	/** The tables of the account with a lease table's key. A table that cannot be described is passed over. */
	const discover = async (signal: AbortSignal): Promise<string[]> => {
		const names = await listTableNames(client, signal);
		const found: string[] = [];
		for (const name of names) {
			try {
				if (isLeaseTableKey(await describeTableKey(client, name, signal))) {
					found.push(name);
				}
			} catch (error) {
				// A table deleted since the listing, or one this identity may not describe.
				if (isAbort(error, signal)) {
					throw error;
				}
			}
		}
		looked = names.length;
		return found;
	};

	const read = async (table: string, stream: string, signal: AbortSignal) => {
		const rows = (await scanTable(client, table, signal)).map(parseLeaseRow);
		const all = rows.flatMap((row) => (row.kind === 'lease' ? [row.lease] : []));
		return {
			all,
			scan: {
				table,
				leases: leasesOf(all, stream),
				invalidRows: rows.filter((row) => row.kind === 'invalid').length,
			},
		};
	};

	const checkGiven = async (table: string, signal: AbortSignal) => {
		let key;
		try {
			key = await describeTableKey(client, table, signal);
		} catch (error) {
			if (isNotFound(error)) {
				throw new LeaseTableError(
					`No table ${quoteInput(table)} in DynamoDB${endpoint ? ` at ${endpoint}` : ''}: name a KCL application's lease table (by default, the application's name).`,
				);
			}
			throw error;
		}
		if (!isLeaseTableKey(key)) {
			const described = key.map((element) => `${element.name} (${element.type})`).join(', ');
			throw new LeaseTableError(
				`${quoteInput(table)} is not a KCL lease table: its key is ${sanitizeLine(described || 'none')}, a lease table's is leaseKey.`,
			);
		}
	};

	return {
		async scan(stream, shardIds, signal) {
			if (given) {
				const scans: TableScan[] = [];
				for (const table of given) {
					await checkGiven(table, signal);
					const {all, scan} = await read(table, stream, signal);
					if (tableOwner(all, stream, shardIds) === 'other') {
						if (othersPassedOver) {
							continue;
						}
						throw new LeaseTableError(
							`${quoteInput(table)} is the lease table of another stream: ${otherStreamText(all, stream, shardIds)}.`,
						);
					}
					scans.push(scan);
				}
				return scans;
			}
			// None found yet: an application that starts now makes its table any moment, so it is looked
			// for at every scan until one is there, and every rediscoverMs after that.
			if (
				candidates === undefined ||
				candidates.length === 0 ||
				Date.now() >= discoveredAt + rediscoverMs
			) {
				candidates = await discover(signal);
				discoveredAt = Date.now();
			}
			const scans: TableScan[] = [];
			for (const table of candidates) {
				try {
					const {all, scan} = await read(table, stream, signal);
					if (tableOwner(all, stream, shardIds) === 'this') {
						scans.push(scan);
					}
				} catch (error) {
					// Deleted since it was found: it is looked for again with the others.
					if (!isNotFound(error)) {
						throw error;
					}
				}
			}
			return scans;
		},
		lookedAt: () => (given ? undefined : looked),
		forget() {
			candidates = undefined;
			looked = undefined;
		},
	};
}

/** Why a table's leases are another stream's: the streams they name, or the shards this one lacks. */
function otherStreamText(
	leases: readonly Lease[],
	stream: string,
	shardIds: ReadonlySet<string>,
): string {
	const streams = [...new Set(leases.flatMap((lease) => (lease.stream ? [lease.stream] : [])))];
	if (streams.length > 0) {
		return `its leases name ${streams.slice(0, 3).map(quoteInput).join(', ')}${streams.length > 3 ? ' …' : ''}, not ${quoteInput(stream)}`;
	}
	const missing = leases
		.filter((lease) => !shardIds.has(lease.shardId))
		.map((lease) => lease.shardId);
	return `${quoteInput(stream)} has no shard ${quoteInput(missing[0] ?? '')}${missing.length > 1 ? ` (nor ${missing.length - 1} more its leases name)` : ''}`;
}

/** A DynamoDB failure as the consumers view's one line about lease tables. */
export function describeLeaseTableError(error: unknown, endpoint?: string): string {
	return describeError(error, {service: 'DynamoDB', endpoint});
}
