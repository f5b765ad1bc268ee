import {
	type OutgoingRecord,
	partitionKeyProblem,
	randomPartitionKey,
	recordSizeProblem,
} from '../../model/record-limits.js';

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
 * line). The record, or why it cannot be one.
 */
export function recordFromItem(
	data: Uint8Array,
	value: unknown,
	{key, explicitHashKey}: RecordMaking,
): {record: OutgoingRecord} | {error: string} {
	let partitionKey: string;
	if (key.kind === 'field') {
		const found = fieldKey(value, key.path);
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
