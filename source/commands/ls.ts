import type {KinesisClient} from '@aws-sdk/client-kinesis';
import stringWidth from 'string-width';
import {
	describeError,
	type ErrorContext,
	isNotFound,
	isRefusedForThisStream,
} from '../kinesis/errors.js';
import {quoteInput} from '../format/quote-input.js';
import {createRateLimiter} from '../lib/rate-limiter.js';
import {safeJson} from '../format/sanitize.js';
import {describeStreamSummary, listAllStreams} from '../kinesis/streams.js';
import type {StreamListing, StreamSummary} from '../model/stream.js';
import {COLUMNS, streamRow, streamHeader, streamCells} from '../format/stream-columns.js';

const DESCRIBE_CONCURRENCY = 8;

export type LsOptions = {
	client: KinesisClient;
	json: boolean;
	stdout: NodeJS.WritableStream;
	/** Where a stream the service refuses to describe is reported. */
	stderr: NodeJS.WritableStream;
	errorContext?: ErrorContext;
	/** Aborted when the user stops the listing (ctrl+c, SIGTERM): it ends without printing. */
	signal?: AbortSignal;
};

/** The exit code of a listing stopped before it was done, as for any program ended by SIGINT. */
export const INTERRUPTED = 130;

/**
 * Every stream with its summary, as a table or as JSON. ListStreams pages go at most 4 a second and
 * descriptions at most 15 a second after a burst of 20, under the account's limits of 5 and 20 that
 * every other application in the account shares. A stream the service refuses to describe (a policy
 * that denies it, a name it will not take) is reported on stderr and left out, as in the explorer's
 * list: the others are listed all the same, and the exit code is 1. Anything else (throttling to
 * the end, the network, ListStreams denied) fails the listing as a whole.
 */
export async function runLs(options: LsOptions): Promise<number> {
	const {signal} = options;
	try {
		const refused = await list(options);
		return refused > 0 ? 1 : 0;
	} catch (error) {
		// An account of many streams takes a while at 15 descriptions a second: ctrl+c ends it now.
		if (signal?.aborted) {
			return INTERRUPTED;
		}
		throw error;
	}
}

/** Lists the streams, and returns how many of them the service refused to describe. */
async function list({
	client,
	json,
	stdout,
	stderr,
	errorContext,
	signal,
}: LsOptions): Promise<number> {
	const listings = await listAllStreams(client, {
		limiter: createRateLimiter({perSecond: 4, burst: 2}),
		signal,
	});
	const limiter = createRateLimiter({perSecond: 15, burst: 20});
	const summaries: Array<StreamSummary | undefined> = [];
	let next = 0;
	let failed = false;
	let refused = 0;
	const describeNext = async () => {
		while (next < listings.length && !failed) {
			const index = next++;
			const {name} = listings[index] as StreamListing;
			await limiter.take(signal);
			try {
				summaries[index] = await describeStreamSummary(client, name, signal);
			} catch (error) {
				if (isRefusedForThisStream(error) && !signal?.aborted) {
					refused++;
					stderr.write(
						`kinesis-explorer: Left out ${quoteInput(name)}: ${describeError(error, {...errorContext, stream: name})}\n`,
					);
					continue;
				}
				// Deleted between the listing and its description: it is no longer there to list.
				if (!isNotFound(error) || signal?.aborted) {
					failed = true;
					throw error;
				}
			}
		}
	};
	await Promise.all(Array.from({length: DESCRIBE_CONCURRENCY}, describeNext));
	const described = summaries.filter((summary): summary is StreamSummary => summary !== undefined);
	stdout.write(json ? jsonLines(described) : table(described));
	return refused;
}

function jsonLines(summaries: readonly StreamSummary[]): string {
	const rows = summaries.map((summary) =>
		safeJson({...summary, createdAt: summary.createdAt?.toISOString()}),
	);
	return rows.length === 0 ? '[]\n' : `[\n${rows.join(',\n')}\n]\n`;
}

function table(summaries: readonly StreamSummary[]): string {
	if (summaries.length === 0) {
		return 'No streams.\n';
	}
	const rows = summaries.map((summary) => streamCells(summary, summary));
	const nameWidth = Math.max(4, ...rows.map((cells) => stringWidth(cells.name)));
	const columns = COLUMNS.map((column) =>
		column.id === 'name' ? {...column, width: nameWidth} : column,
	);
	return `${[streamHeader(columns), ...rows.map((cells) => streamRow(cells, columns))].map((line) => line.trimEnd()).join('\n')}\n`;
}
