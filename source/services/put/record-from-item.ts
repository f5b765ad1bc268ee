import {
	type OutgoingRecord,
	partitionKeyProblem,
	randomPartitionKey,
	recordSizeProblem,
} from '../../model/record-limits.js';
import {parseHashKey} from '../../model/hash-keys.js';
import {utf8Text} from '../../model/records.js';

/** Where the partition keys of a file's records come from. */
export type KeySource =
	| {kind: 'random'}
	| {kind: 'fixed'; key: string}
	/** A field of each JSON record, a dotted path like `user.id`. */
	| {kind: 'field'; path: string};

/** Where the records' keys come from: a field of each record, else one key for all, else a random one. */
export function keySourceOf({field, fixed}: {field?: string; fixed?: string}): KeySource {
	if (field !== undefined && field !== '') {
		return {kind: 'field', path: field};
	}
	return fixed !== undefined && fixed !== '' ? {kind: 'fixed', key: fixed} : {kind: 'random'};
}

export type RecordMaking = {
	key: KeySource;
	explicitHashKey?: string;
};

/**
 * An item of a file as a record: `data` its bytes, `value` what they parse to (undefined for a text
 * line). The record, or why it cannot be one. A line that `tail --json` wrote (its `data`, `encoding`
 * and `partitionKey`) is the record it tells of: those bytes, with that key unless the flags give
 * another (a field is then read from its data), and its explicit hash key unless given one.
 */
export function recordFromItem(
	data: Uint8Array,
	value: unknown,
	making: RecordMaking,
): {record: OutgoingRecord} | {error: string} {
	const told = tailedRecord(value);
	if (told) {
		if ('error' in told) {
			return told;
		}
		const {key} = making;
		const keyOfLine: KeySource =
			key.kind === 'random' ? {kind: 'fixed', key: told.partitionKey} : key;
		return makeRecord(told.data, () => jsonOf(told.data), {
			key: keyOfLine,
			explicitHashKey: making.explicitHashKey ?? told.explicitHashKey,
		});
	}
	return makeRecord(data, () => value, making);
}

function makeRecord(
	data: Uint8Array,
	value: () => unknown,
	{key, explicitHashKey}: RecordMaking,
): {record: OutgoingRecord} | {error: string} {
	let partitionKey: string;
	if (key.kind === 'field') {
		const found = fieldKey(value(), key.path);
		if ('error' in found) {
			return found;
		}
		partitionKey = found.key;
	} else {
		partitionKey = key.kind === 'fixed' ? key.key : randomPartitionKey();
	}
	const record: OutgoingRecord = {partitionKey, data};
	if (explicitHashKey !== undefined) {
		record.explicitHashKey = explicitHashKey;
	}
	const problem = partitionKeyProblem(partitionKey) ?? recordSizeProblem(record);
	return problem ? {error: problem} : {record};
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type TailedRecord = {data: Uint8Array; partitionKey: string; explicitHashKey?: string};

/**
 * The record a `tail --json` line tells of, or why it cannot be sent; undefined for any other value.
 * A line of the tail holds a string `data`, an `encoding` and a string `partitionKey`.
 */
function tailedRecord(value: unknown): TailedRecord | {error: string} | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return undefined;
	}
	const line = value as Record<string, unknown>;
	if (
		typeof line.data !== 'string' ||
		typeof line.partitionKey !== 'string' ||
		!Object.hasOwn(line, 'encoding')
	) {
		return undefined;
	}
	let data: Uint8Array;
	if (line.encoding === 'utf8') {
		data = Buffer.from(line.data, 'utf8');
	} else if (line.encoding === 'base64') {
		if (!BASE64.test(line.data)) {
			return {error: 'The line says its data is base64, and it is not.'};
		}
		data = Buffer.from(line.data, 'base64');
	} else {
		return {error: 'A tail --json line has the encoding utf8 or base64.'};
	}
	const told: TailedRecord = {data, partitionKey: line.partitionKey};
	if (line.explicitHashKey !== undefined) {
		const parsed = typeof line.explicitHashKey === 'string' && parseHashKey(line.explicitHashKey);
		if (!parsed || 'error' in parsed) {
			return {error: `The line's explicitHashKey is not one: a decimal string from 0 to 2^128−1.`};
		}
		told.explicitHashKey = parsed.key.toString();
	}
	return told;
}

/** The data of a tailed record as JSON, for a partition key field; undefined if it is not JSON. */
function jsonOf(data: Uint8Array): unknown {
	const text = utf8Text(data);
	try {
		return text === undefined ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
}

function fieldKey(value: unknown, path: string): {key: string} | {error: string} {
	let current = value;
	for (const name of path.split('.')) {
		if (typeof current !== 'object' || current === null || !Object.hasOwn(current, name)) {
			return {error: `No field ${path} for the partition key.`};
		}
		current = (current as Record<string, unknown>)[name];
	}
	if (typeof current === 'string') {
		return {key: current};
	}
	if (typeof current === 'number' || typeof current === 'boolean') {
		return {key: String(current)};
	}
	return {
		error: `The field ${path} is ${current === null ? 'null' : Array.isArray(current) ? 'an array' : 'an object'}; a partition key is a string or a number.`,
	};
}
