import {parseHashKey} from './hash-keys.js';
import {utf8Text} from './records.js';
import {
	type OutgoingRecord,
	partitionKeyProblem,
	recordSizeProblem,
	sequenceNumberProblem,
} from './record-limits.js';

/** How the data a person types becomes the record's bytes. */
export type DataFormat = 'text' | 'json' | 'base64';

export const DATA_FORMATS: readonly DataFormat[] = ['text', 'json', 'base64'];

/** A record as typed in the form: text fields, checked as they are typed, encoded on sending. */
export type PutDraft = {
	partitionKey: string;
	data: string;
	format: DataFormat;
	/** Empty when not given. */
	explicitHashKey: string;
	/** Empty when not given. */
	sequenceNumberForOrdering: string;
};

export const emptyDraft: PutDraft = {
	partitionKey: '',
	data: '',
	format: 'text',
	explicitHashKey: '',
	sequenceNumberForOrdering: '',
};

export type DraftField = 'partitionKey' | 'explicitHashKey' | 'sequenceNumberForOrdering' | 'data';

export type DraftProblems = Partial<Record<DraftField, string>>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The data's bytes in its format, or why it has none. */
export function encodeData(
	data: string,
	format: DataFormat,
): {bytes: Uint8Array} | {error: string} {
	switch (format) {
		case 'text': {
			return {bytes: Buffer.from(data, 'utf8')};
		}
		case 'json': {
			try {
				JSON.parse(data);
			} catch (error) {
				return {error: `Not JSON: ${(error as Error).message}`};
			}
			return {bytes: Buffer.from(data, 'utf8')};
		}
		case 'base64': {
			// Line breaks and spaces are how base64 is usually pasted; they carry nothing.
			const compact = data.replace(/\s+/g, '');
			if (!BASE64.test(compact)) {
				return {error: 'Not base64: A–Z a–z 0–9 + / in groups of four, = padding at the end.'};
			}
			return {bytes: Buffer.from(compact, 'base64')};
		}
	}
}

/** What is wrong with each field of the draft (none when it can be sent). */
export function draftProblems(draft: PutDraft): DraftProblems {
	const problems: DraftProblems = {};
	const key = partitionKeyProblem(draft.partitionKey);
	if (key) {
		problems.partitionKey =
			draft.partitionKey === '' ? 'A partition key is needed (u makes a random one).' : key;
	}
	if (draft.explicitHashKey.trim() !== '') {
		const parsed = parseHashKey(draft.explicitHashKey);
		if ('error' in parsed) {
			problems.explicitHashKey = parsed.error;
		}
	}
	if (draft.sequenceNumberForOrdering.trim() !== '') {
		const problem = sequenceNumberProblem(draft.sequenceNumberForOrdering.trim());
		if (problem) {
			problems.sequenceNumberForOrdering = problem;
		}
	}
	const data = encodeData(draft.data, draft.format);
	if ('error' in data) {
		problems.data = data.error;
	} else {
		const size = recordSizeProblem({partitionKey: draft.partitionKey, data: data.bytes});
		if (size) {
			problems.data = size;
		}
	}
	return problems;
}

/** The record to send, or the problems that stop it. */
export function draftRecord(
	draft: PutDraft,
): {record: OutgoingRecord & {sequenceNumberForOrdering?: string}} | {problems: DraftProblems} {
	const problems = draftProblems(draft);
	const data = encodeData(draft.data, draft.format);
	if (Object.keys(problems).length > 0 || 'error' in data) {
		return {problems};
	}
	const hashKey = draft.explicitHashKey.trim();
	const sequence = draft.sequenceNumberForOrdering.trim();
	const record: OutgoingRecord & {sequenceNumberForOrdering?: string} = {
		partitionKey: draft.partitionKey,
		data: data.bytes,
	};
	if (hashKey !== '') {
		record.explicitHashKey = BigInt(hashKey).toString();
	}
	if (sequence !== '') {
		record.sequenceNumberForOrdering = sequence;
	}
	return {record};
}

/**
 * A record's partition key and data as a draft, to send it again with the same bytes: its data as
 * text, or as base64 when its bytes are not UTF-8. Its explicit hash key, if it had one, goes with
 * it; the order it was in does not.
 */
export function draftOf(record: {
	partitionKey: string;
	data: Uint8Array;
	explicitHashKey?: string;
}): PutDraft {
	const text = utf8Text(record.data);
	return {
		...emptyDraft,
		partitionKey: record.partitionKey,
		explicitHashKey: record.explicitHashKey ?? '',
		data: text ?? Buffer.from(record.data).toString('base64'),
		format: text === undefined ? 'base64' : 'text',
	};
}

/**
 * The data typed in one format, written in another with the same bytes: text and JSON are the same
 * letters, base64 is the bytes' base64. Bytes that are not UTF-8 cannot become text: why, instead.
 * Data that does not read in its own format (half-typed base64) is left as it is.
 */
export function convertData(
	data: string,
	from: DataFormat,
	to: DataFormat,
): {data: string} | {error: string} {
	const encoded = encodeData(data, from);
	if ('error' in encoded || from === to || (from !== 'base64' && to !== 'base64')) {
		return {data};
	}
	if (to === 'base64') {
		return {data: Buffer.from(encoded.bytes).toString('base64')};
	}
	const text = utf8Text(encoded.bytes);
	return text === undefined
		? {error: `The bytes are not UTF-8 text: they stay ${from}.`}
		: {data: text};
}
