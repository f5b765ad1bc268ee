import type {Tag} from './stream.js';

/**
 * Kinesis's rules for what a person types into the explorer's forms, checked before any call so that
 * bad input gets its reason at once and changes nothing. Each parser returns the value or the reason.
 */

export type Parsed<T> = {value: T} | {error: string};

export const RETENTION_HOURS = {min: 24, max: 8760} as const;

/**
 * What Kinesis takes for the name of a stream or a consumer (and what shard ids are made of): 1 to
 * 128 letters, digits, underscores, hyphens and periods.
 */
export const KINESIS_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** 1 to 128 letters, digits, underscores, hyphens and periods. */
export function parseStreamName(text: string): Parsed<string> {
	const name = text.trim();
	if (name === '') {
		return {error: 'A stream needs a name.'};
	}
	if (name.length > 128) {
		return {error: `A stream name is at most 128 characters (this one has ${name.length}).`};
	}
	if (!KINESIS_NAME.test(name)) {
		return {error: 'A stream name holds only letters, digits, _ - and . (no spaces).'};
	}
	return {value: name};
}

/** A whole number of shards; the account's shard quota is the service's to enforce. */
export function parseShardCount(text: string, {max = 10_000} = {}): Parsed<number> {
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed)) {
		return {error: `The shard count is a whole number from 1 to ${max}.`};
	}
	const count = Number(trimmed);
	if (count < 1 || count > max) {
		return {error: `The shard count is from 1 to ${max}.`};
	}
	return {value: count};
}

/** A create form's capacity: a shard count, or on-demand. */
export function parseCapacity(text: string): Parsed<{shardCount: number} | {onDemand: true}> {
	if (/^\s*on[- ]?demand\s*$/i.test(text)) {
		return {value: {onDemand: true}};
	}
	const count = parseShardCount(text);
	return 'error' in count
		? {error: `${count.error} Or type on-demand.`}
		: {value: {shardCount: count.value}};
}

export function parseRetentionHours(text: string): Parsed<number> {
	const trimmed = text.trim();
	const {min, max} = RETENTION_HOURS;
	if (!/^\d+$/.test(trimmed) || Number(trimmed) < min || Number(trimmed) > max) {
		return {
			error: `Retention is a whole number of hours from ${min} (1 day) to ${max} (365 days).`,
		};
	}
	return {value: Number(trimmed)};
}

/**
 * UpdateShardCount scales to between half and double the open shards in one call (uniform scaling),
 * and only provisioned streams.
 */
export function scalingBounds(openShards: number): {min: number; max: number} {
	return {min: Math.max(1, Math.ceil(openShards / 2)), max: Math.max(1, openShards * 2)};
}

export function parseTargetShardCount(text: string, openShards: number): Parsed<number> {
	const {min, max} = scalingBounds(openShards);
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed)) {
		return {error: `The target is a whole number of open shards, from ${min} to ${max}.`};
	}
	const target = Number(trimmed);
	if (target === openShards) {
		return {error: `The stream has ${openShards} open shards already.`};
	}
	if (target < min || target > max) {
		return {
			error: `From ${openShards} open shards Kinesis scales to between ${min} and ${max} in one step.`,
		};
	}
	return {value: target};
}

// Tag keys and values: letters, digits, spaces and + - = . _ : / @ (so a comma can separate them).
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function checkTagKey(key: string): string | undefined {
	if (key === '' || [...key].length > 128) {
		return `A tag key is 1 to 128 characters${key === '' ? '' : ` ("${key}" is longer)`}.`;
	}
	if (key.toLowerCase().startsWith('aws:')) {
		return `Tag keys starting with aws: are AWS's own ("${key}").`;
	}
	if (!TAG_TEXT.test(key)) {
		return `Tag key "${key}": only letters, digits, spaces and + - = . _ : / @.`;
	}
	return undefined;
}

/** "team=data, env=dev": tags to add, each key=value (the value may be empty). */
export function parseTags(text: string): Parsed<Tag[]> {
	const tags: Tag[] = [];
	for (const part of splitList(text)) {
		const equals = part.indexOf('=');
		if (equals < 0) {
			return {error: `"${part}" is not key=value.`};
		}
		const key = part.slice(0, equals).trim();
		const value = part.slice(equals + 1).trim();
		const keyError = checkTagKey(key);
		if (keyError) {
			return {error: keyError};
		}
		if ([...value].length > 256 || !TAG_TEXT.test(value)) {
			return {
				error: `Tag value of ${key}: up to 256 letters, digits, spaces and + - = . _ : / @.`,
			};
		}
		if (tags.some((tag) => tag.key === key)) {
			return {error: `Tag ${key} is given twice.`};
		}
		tags.push({key, value});
	}
	return {value: tags};
}

/** "team, env": tag keys to remove; each must be a tag the stream has. */
export function parseTagKeys(text: string, existing: readonly Tag[]): Parsed<string[]> {
	const keys = [...new Set(splitList(text))];
	const unknown = keys.find((key) => !existing.some((tag) => tag.key === key));
	if (unknown !== undefined) {
		return {error: `The stream has no tag ${unknown}.`};
	}
	return {value: keys};
}

/** A stream holds at most 50 tags. */
export const MAX_TAGS = 50;

/** A KMS key id, key ARN, alias name (alias/…) or alias ARN. */
export function parseKmsKeyId(text: string): Parsed<string> {
	const keyId = text.trim();
	if (keyId === '') {
		return {
			error: 'Name the KMS key: its id, ARN, or alias (alias/aws/kinesis is the AWS-managed one).',
		};
	}
	if (keyId.length > 2048 || /\s/.test(keyId)) {
		return {error: 'A KMS key id is up to 2048 characters, without spaces.'};
	}
	return {value: keyId};
}

function splitList(text: string): string[] {
	return text
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}
