import {hexBytes} from '../format/hex.js';
import {quoteInput, safeInput} from '../format/quote-input.js';
import {sanitizeLine} from '../format/sanitize.js';
import {decodePayload} from './payload.js';

/**
 * Which records a filter keeps: the language of `tail --grep` and `--where`, and of the explorer's
 * `/` line. A record is kept when every term holds:
 *
 * - text: found anywhere in the partition key or the data, ignoring case;
 * - `/regex/flags`: matches the partition key or the data (^ and $ at each line; the key is a line);
 * - `path=value`: the data is JSON and the field at the dot path (`user.id`, `items.0.sku`) equals the
 *   value: a number, true, false or null when written so, else a string (`"42"` quoted is the string).
 *
 * The data is looked at as the explorer shows it: gzip unpacked, text as text, other bytes as hex.
 */

export type FilterValue = string | number | boolean | null;

export type FilterTerm =
	| {kind: 'text'; text: string}
	| {kind: 'regex'; pattern: RegExp}
	| {kind: 'where'; path: string[]; value: FilterValue};

/** What a filter looks at in a record, each worked out only if a term asks for it. */
export type FilterSubject = {
	/** The partition key, a line break, and the data as text (hex where it is not text). */
	text(): string;
	/** The data as JSON, or undefined where it is not JSON. */
	json(): unknown;
};

export type RecordFilter = (subject: FilterSubject) => boolean;

type Parsed<T> = T | {error: string};

/** A regular expression between slashes, its flags after it. */
const REGEX = /^\/(.+)\/([a-z]*)$/s;
/** Names of letters, digits, _ - $ @, joined by dots. */
const PATH = /^[\p{L}\p{N}_$@-]+(?:\.[\p{L}\p{N}_$@-]+)*$/u;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** A JSON string literal at the start. */
const QUOTED = /^"(?:[^"\\]|\\.)*"/s;

/** `--grep`: text, or a regular expression between slashes. */
export function parseGrep(text: string): Parsed<{term: FilterTerm}> {
	const regex = REGEX.exec(text.trim());
	if (!regex) {
		return {term: {kind: 'text', text}};
	}
	const pattern = regexOf(regex[1] as string, regex[2] as string);
	return 'error' in pattern ? pattern : {term: {kind: 'regex', pattern: pattern.regex}};
}

/** `--where <path>=<value>`: the value is all that follows the first =. */
export function parseWhere(text: string): Parsed<{term: FilterTerm}> {
	const equals = text.indexOf('=');
	if (equals < 0) {
		return {error: `${quoteInput(text)} has no =: write <path>=<value>, like user.id=42.`};
	}
	const path = text.slice(0, equals).trim();
	if (!PATH.test(path)) {
		return {error: pathError(path)};
	}
	const raw = text.slice(equals + 1);
	const value = raw.startsWith('"') ? quotedValue(raw) : {value: bareValue(raw)};
	if ('error' in value) {
		return value;
	}
	if ('rest' in value && value.rest !== '') {
		return {error: `the value goes on after its closing quote: ${safeInput(raw)}`};
	}
	return {term: {kind: 'where', path: path.split('.'), value: value.value}};
}

/**
 * The explorer's filter line: terms separated by spaces. `/regex/flags` is a regular expression,
 * `path=value` a field's value (a value with spaces goes in double quotes), and the words between
 * them text to find, each run of words as it was typed (`disk full` finds "disk full").
 */
export function parseFilterLine(line: string): Parsed<{terms: FilterTerm[]}> {
	const terms: FilterTerm[] = [];
	let words: {start: number; end: number} | undefined;
	const endWords = () => {
		if (words) {
			terms.push({kind: 'text', text: line.slice(words.start, words.end)});
			words = undefined;
		}
	};
	let index = 0;
	while (index < line.length) {
		const rest = line.slice(index);
		const space = /^\s+/.exec(rest);
		if (space) {
			index += space[0].length;
			continue;
		}
		const regex = /^\/((?:\\.|[^\\])+?)\/([a-z]*)(?=\s|$)/s.exec(rest);
		if (regex) {
			const pattern = regexOf(regex[1] as string, regex[2] as string);
			if ('error' in pattern) {
				return pattern;
			}
			endWords();
			terms.push({kind: 'regex', pattern: pattern.regex});
			index += regex[0].length;
			continue;
		}
		const where = /^([\p{L}\p{N}_$@-]+(?:\.[\p{L}\p{N}_$@-]+)*)=/u.exec(rest);
		if (where) {
			const after = rest.slice(where[0].length);
			const value = after.startsWith('"')
				? quotedValue(after)
				: {value: bareValue(/^\S*/.exec(after)?.[0] ?? ''), rest: after.replace(/^\S*/, '')};
			if ('error' in value) {
				return value;
			}
			endWords();
			terms.push({kind: 'where', path: (where[1] as string).split('.'), value: value.value});
			index = line.length - value.rest.length;
			continue;
		}
		const word = (/^\S+/.exec(rest) as RegExpExecArray)[0];
		words = {start: words?.start ?? index, end: index + word.length};
		index += word.length;
	}
	endWords();
	return {terms};
}

/** The filter of these terms (all must hold), or undefined when there are none: every record. */
export function filterOf(terms: readonly FilterTerm[]): RecordFilter | undefined {
	if (terms.length === 0) {
		return undefined;
	}
	const tests = terms.map(termTest);
	return (subject) => tests.every((test) => test(subject));
}

/** A record as a filter looks at it: decoded once, and only as far as the terms ask. */
export function recordSubject(record: {partitionKey: string; data: Uint8Array}): FilterSubject {
	let payload: ReturnType<typeof decodePayload> | undefined;
	const decoded = () => (payload ??= decodePayload(record.data));
	let text: string | undefined;
	let json: {value: unknown} | undefined;
	return {
		text() {
			if (text === undefined) {
				const data = decoded();
				text = `${record.partitionKey}\n${data.kind === 'binary' ? hexBytes(data.bytes) : data.text}`;
			}
			return text;
		},
		json() {
			if (json === undefined) {
				const data = decoded();
				json = {value: data.kind === 'json' ? JSON.parse(data.text) : undefined};
			}
			return json.value;
		},
	};
}

function termTest(term: FilterTerm): RecordFilter {
	switch (term.kind) {
		case 'text': {
			const pattern = new RegExp(term.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
			return (subject) => pattern.test(subject.text());
		}
		case 'regex': {
			return (subject) => term.pattern.test(subject.text());
		}
		case 'where': {
			return (subject) => fieldAt(subject.json(), term.path) === term.value;
		}
	}
}

/** The value at the path; undefined where there is none, or it is an object or an array. */
function fieldAt(json: unknown, path: readonly string[]): unknown {
	let current = json;
	for (const name of path) {
		if (Array.isArray(current)) {
			current = /^\d+$/.test(name) ? current[Number(name)] : undefined;
		} else if (typeof current === 'object' && current !== null && Object.hasOwn(current, name)) {
			current = (current as Record<string, unknown>)[name];
		} else {
			return undefined;
		}
	}
	return typeof current === 'object' && current !== null ? undefined : current;
}

function regexOf(source: string, flags: string): Parsed<{regex: RegExp}> {
	try {
		// Each test starts afresh (no g or y), and ^ and $ work a line at a time.
		return {regex: new RegExp(source, `${flags.replace(/[gym]/g, '')}m`)};
	} catch (error) {
		return {
			error: `Not a regular expression: ${sanitizeLine(error instanceof Error ? error.message : String(error))}`,
		};
	}
}

function bareValue(text: string): FilterValue {
	if (text === 'true' || text === 'false') {
		return text === 'true';
	}
	if (text === 'null') {
		return null;
	}
	return NUMBER.test(text) ? Number(text) : text;
}

/** A value in double quotes (JSON escapes allowed), and what follows its closing quote. */
function quotedValue(text: string): Parsed<{value: string; rest: string}> {
	const quoted = QUOTED.exec(text);
	if (!quoted) {
		return {error: `the value opens a quote it does not close: ${safeInput(text)}`};
	}
	try {
		return {value: JSON.parse(quoted[0]) as string, rest: text.slice(quoted[0].length)};
	} catch {
		return {error: `the value is not a string in double quotes: ${safeInput(quoted[0])}`};
	}
}

function pathError(path: string): string {
	return path === ''
		? 'a field needs a path before the =: like user.id=42.'
		: `${quoteInput(path)} is not a dot path: names of letters, digits, _ - $ @ joined by dots, like user.id.`;
}
