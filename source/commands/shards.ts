import type {KinesisClient} from '@aws-sdk/client-kinesis';
import stringWidth from 'string-width';
import {describeError} from '../kinesis/errors.js';
import {sharePercent} from '../model/hash-keys.js';
import {buildLineage, countStates, type Lineage, treeRows} from '../model/lineage.js';
import {createRateLimiter} from '../lib/rate-limiter.js';
import {safeJson, sanitizeLine} from '../format/sanitize.js';
import {listShards} from '../kinesis/shards.js';
import {describeStreamSummary} from '../kinesis/streams.js';
import type {StreamSummary} from '../model/stream.js';
import {shortRange} from '../model/hash-keys.js';
import {modeLabel} from '../format/stream-columns.js';

export type ShardsOptions = {
	client: KinesisClient;
	stream: string;
	json: boolean;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
};

/**
 * The stream's shard tree, as text for people or as JSON for scripts. Returns the exit code: a
 * failure (the stream does not exist, say) is one line on stderr, naming the stream.
 */
export async function runShards({
	client,
	stream,
	json,
	stdout,
	stderr,
}: ShardsOptions): Promise<number> {
	try {
		const summary = await describeStreamSummary(client, stream);
		// Every page of a stream with thousands of shards, well under ListShards' 1000 a second.
		const shards = await listShards(client, stream, {
			limiter: createRateLimiter({perSecond: 50, burst: 20}),
		});
		const lineage = buildLineage(shards);
		const text = json ? lineageJson(lineage) : lineageText(summary, lineage);
		stdout.write(text);
		return 0;
	} catch (error) {
		stderr.write(`kinesis-explorer: ${describeError(error, {stream})}\n`);
		return 1;
	}
}

/** One object a shard, parents before children; hash keys and sequence numbers as decimal strings. */
export function lineageJson(lineage: Lineage): string {
	const rows = treeRows(lineage)
		.filter((row) => !row.ref)
		.map((row) => {
			const node = lineage.nodes.get(row.shardId);
			const shard = node?.shard;
			return safeJson({
				shardId: row.shardId,
				parentShardId: shard?.parentShardId ?? null,
				adjacentParentShardId: shard?.adjacentParentShardId ?? null,
				state: node?.state,
				hashKeyRange: shard
					? {
							startingHashKey: shard.hashKeyRange.start.toString(),
							endingHashKey: shard.hashKeyRange.end.toString(),
						}
					: null,
				sequenceNumberRange: shard
					? {
							startingSequenceNumber: shard.sequenceNumberRange.start,
							endingSequenceNumber: shard.sequenceNumberRange.end ?? null,
						}
					: null,
				children: node?.children ?? [],
			});
		});
	return rows.length === 0 ? '[]\n' : `[\n${rows.join(',\n')}\n]\n`;
}

/** The tree as the explorer draws it: states, shortened ranges, each open shard's share. */
export function lineageText(summary: StreamSummary, lineage: Lineage): string {
	const counts = countStates(lineage);
	const heading = [
		sanitizeLine(summary.name),
		summary.status,
		modeLabel(summary.mode),
		`${counts.OPEN} open`,
		`${counts.CLOSED} closed`,
		counts.EXPIRED > 0 ? `${counts.EXPIRED} expired (beyond retention)` : '',
	]
		.filter(Boolean)
		.join(' · ');
	const rows = treeRows(lineage).map((row) => {
		const node = lineage.nodes.get(row.shardId);
		const name = `${row.guides}${row.ref ? '↳ ' : ''}${sanitizeLine(row.shardId)}`;
		if (row.ref || !node) {
			return {name, rest: '(merge child, see below)'};
		}
		const range = node.shard?.hashKeyRange;
		const share = node.state === 'OPEN' && range ? sharePercent(range) : '';
		return {
			name,
			rest: [node.state.padEnd(7), share.padStart(6), range ? shortRange(range) : '']
				.join(' ')
				.trimEnd(),
		};
	});
	const width = Math.max(0, ...rows.map((row) => stringWidth(row.name)));
	const lines = rows.map(
		(row) => `${row.name}${' '.repeat(width - stringWidth(row.name))}  ${row.rest}`,
	);
	return `${heading}\n${lines.join('\n')}\n`;
}
