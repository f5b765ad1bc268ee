import {quoteInput} from '../format/quote-input.js';

/**
 * Where a read starts in a shard: the five shard iterator types, as the command line and the tail
 * pane write them (`trim-horizon`, `at-sequence:<n>`, `at-timestamp:10m` …).
 */
export type StartingPosition =
	| {type: 'TRIM_HORIZON'}
	| {type: 'LATEST'}
	| {type: 'AT_SEQUENCE_NUMBER'; sequenceNumber: string}
	| {type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string}
	| {type: 'AT_TIMESTAMP'; timestamp: Date};

export type PositionType = StartingPosition['type'];

export const POSITION_TYPES: readonly PositionType[] = [
	'TRIM_HORIZON',
	'LATEST',
	'AT_SEQUENCE_NUMBER',
	'AFTER_SEQUENCE_NUMBER',
	'AT_TIMESTAMP',
];

export const POSITION_HELP =
	'trim-horizon | latest | at-sequence:<seq> | after-sequence:<seq> | at-timestamp:<ISO 8601 | 10m | 2h | 1d>';

/** What each type needs typed after it, if anything. */
export function positionNeeds(type: PositionType): 'sequence number' | 'time' | undefined {
	if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
		return 'sequence number';
	}
	return type === 'AT_TIMESTAMP' ? 'time' : undefined;
}

/** Kinesis sequence numbers are decimal, up to 129 digits, with no leading zero. */
const SEQUENCE_NUMBER = /^(0|[1-9]\d{0,128})$/;
const RELATIVE = /^(\d{1,6})([smhd])$/;
const ISO_8601 =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
/** A while's units, as typed after its number: 30s, 10m, 2h, 1d. */
export const UNIT_MS = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const;

/** A sequence number as typed, or why it is not one. */
export function parseSequenceNumber(text: string): {sequenceNumber: string} | {error: string} {
	const trimmed = text.trim();
	return SEQUENCE_NUMBER.test(trimmed)
		? {sequenceNumber: trimmed}
		: {error: `${quoteInput(trimmed)} is not a sequence number: a sequence number is all digits.`};
}

/**
 * A time as typed: ISO 8601 (a time without a zone is UTC, as Kinesis shows its times), or a while
 * ago: 30s, 10m, 2h, 1d.
 */
export function parseTime(text: string, now: Date): {timestamp: Date} | {error: string} {
	const trimmed = text.trim();
	const relative = RELATIVE.exec(trimmed);
	if (relative) {
		const unit = relative[2] as keyof typeof UNIT_MS;
		return {timestamp: new Date(now.getTime() - Number(relative[1]) * UNIT_MS[unit])};
	}
	if (ISO_8601.test(trimmed)) {
		const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !/[T ]/i.test(trimmed);
		const time = Date.parse(zoned ? trimmed : `${trimmed}Z`);
		if (!Number.isNaN(time)) {
			return {timestamp: new Date(time)};
		}
	}
	return {
		error: `${quoteInput(trimmed)} is not a time: write ISO 8601 (2024-05-01T12:00:00Z) or a while ago (30s, 10m, 2h, 1d).`,
	};
}

/** The position for a type and the value typed for it (ignored by types that need none). */
export function positionOf(
	type: PositionType,
	value: string,
	now: Date,
): {position: StartingPosition} | {error: string} {
	switch (type) {
		case 'TRIM_HORIZON':
		case 'LATEST': {
			return {position: {type}};
		}
		case 'AT_SEQUENCE_NUMBER':
		case 'AFTER_SEQUENCE_NUMBER': {
			const parsed = parseSequenceNumber(value);
			return 'error' in parsed ? parsed : {position: {type, sequenceNumber: parsed.sequenceNumber}};
		}
		case 'AT_TIMESTAMP': {
			const parsed = parseTime(value, now);
			return 'error' in parsed ? parsed : {position: {type, timestamp: parsed.timestamp}};
		}
	}
}

const NAMES: Record<string, PositionType> = {
	'trim-horizon': 'TRIM_HORIZON',
	latest: 'LATEST',
	'at-sequence': 'AT_SEQUENCE_NUMBER',
	'after-sequence': 'AFTER_SEQUENCE_NUMBER',
	'at-timestamp': 'AT_TIMESTAMP',
};

/** `--from` as written on the command line. */
export function parsePosition(
	text: string,
	now: Date,
): {position: StartingPosition} | {error: string} {
	const colon = text.indexOf(':');
	const name = (colon < 0 ? text : text.slice(0, colon)).trim().toLowerCase().replaceAll('_', '-');
	const value = colon < 0 ? undefined : text.slice(colon + 1);
	const type = NAMES[name];
	if (type === undefined) {
		return {error: `--from ${quoteInput(text)} is not a position. Positions: ${POSITION_HELP}.`};
	}
	const needs = positionNeeds(type);
	if (needs === undefined) {
		return value === undefined
			? {position: {type} as StartingPosition}
			: {error: `--from ${name} takes no value (found ":${value}").`};
	}
	if (value === undefined || value.trim() === '') {
		return {
			error: `--from ${name} needs a ${needs}: ${name}:<${needs === 'time' ? 'time' : 'seq'}>.`,
		};
	}
	const parsed = positionOf(type, value, now);
	return 'error' in parsed ? {error: `--from ${name}: ${parsed.error}`} : parsed;
}

/** The position in a few words, for the screen. */
export function positionLabel(position: StartingPosition): string {
	switch (position.type) {
		case 'TRIM_HORIZON':
		case 'LATEST': {
			return position.type;
		}
		case 'AT_SEQUENCE_NUMBER':
		case 'AFTER_SEQUENCE_NUMBER': {
			return `${position.type} ${position.sequenceNumber}`;
		}
		case 'AT_TIMESTAMP': {
			return `AT_TIMESTAMP ${position.timestamp.toISOString()}`;
		}
	}
}

/** Sequence numbers of one shard grow; as decimal strings without leading zeros, longer is larger. */
export function compareSequenceNumbers(a: string, b: string): number {
	if (a.length !== b.length) {
		return a.length - b.length;
	}
	return a < b ? -1 : a > b ? 1 : 0;
}
