import {type UserRecord, utf8Text} from '../model/records.js';
import {safeJson} from './sanitize.js';

/** The tail --json line of a record: one JSON object, safe for the terminal, with its newline. */
export function ndjsonLine(stream: string, record: UserRecord): string {
	const text = utf8Text(record.data);
	return `${safeJson({
		stream,
		shardId: record.shardId,
		sequenceNumber: record.sequenceNumber,
		subSequenceNumber: record.subSequenceNumber,
		partitionKey: record.partitionKey,
		explicitHashKey: record.explicitHashKey,
		approximateArrivalTimestamp: record.approximateArrivalTimestamp.toISOString(),
		data: text ?? Buffer.from(record.data).toString('base64'),
		encoding: text === undefined ? 'base64' : 'utf8',
	})}\n`;
}
