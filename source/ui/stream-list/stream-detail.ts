import {sanitizeLine} from '../../format/sanitize.js';
import type {StreamDetailSnapshot} from '../../services/stream-manager.js';
import type {StreamSummary} from '../../model/stream.js';
import {modeLabel, retentionLabel} from '../../format/stream-columns.js';

/**
 * Everything known of the selected stream, a line a property, the most asked-for first: the pane
 * shows as many lines as it has room for. Made safe for the terminal here (names and tags are the
 * user's, key ids and ARNs the server's).
 */
export function streamDetailLines(
	summary: StreamSummary,
	detail: StreamDetailSnapshot | undefined,
): string[] {
	const created = summary.createdAt
		? `created ${summary.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
		: '';
	const retention =
		summary.retentionHours === undefined
			? ''
			: `retention ${summary.retentionHours} h${summary.retentionHours >= 48 ? ` (${retentionLabel(summary.retentionHours)})` : ''}`;
	const shards =
		summary.openShardCount === undefined
			? ''
			: `${summary.openShardCount} open shard${summary.openShardCount === 1 ? '' : 's'}`;
	const own = detail?.stream === summary.name ? detail : undefined;
	const tags = own?.tags;
	const consumers = own?.consumers;
	const lines = [
		[summary.status, modeLabel(summary.mode), shards, retention, created]
			.filter(Boolean)
			.join(' · '),
		summary.encryption === 'KMS'
			? `encryption KMS · key ${summary.keyId ?? '(not given)'}`
			: 'encryption none',
		`shard-level metrics ${summary.enhancedMetrics.length > 0 ? summary.enhancedMetrics.join(', ') : 'none'}`,
		`tags ${tags === undefined ? '…' : tags.length === 0 ? 'none' : tags.map((tag) => `${tag.key}=${tag.value}`).join(', ')}`,
		`consumers ${
			consumers === undefined
				? (summary.consumerCount?.toString() ?? '…')
				: consumers.length === 0
					? 'none'
					: consumers.map((consumer) => `${consumer.name} (${consumer.status})`).join(', ')
		}`,
		summary.arn ?? summary.name,
	];
	// The tags and consumers could not be read: say why, where they would be.
	if (own?.problem) {
		lines.splice(3, 0, `⚠ ${own.problem.message}`);
	}
	return lines.map(sanitizeLine);
}
