import {createReadStream} from 'node:fs';
import {open} from 'node:fs/promises';
import {sanitizeLine} from '../../format/sanitize.js';
import {
	MAX_RECORD_BYTES,
	type OutgoingRecord,
	partitionKeyProblem,
	randomPartitionKey,
	recordSizeProblem,
} from '../../model/record-limits.js';

/**
 * A file of records, read as a stream so that it may be larger than memory: NDJSON (a JSON value a
 * line), a JSON array (a record an element, like an export), or plain text (a record a line). Blank
 * lines are no records. Each record or bad line comes out with the line it starts on.
 */
export type FileFormat = 'ndjson' | 'json' | 'text';

export const FILE_FORMATS: readonly FileFormat[] = ['ndjson', 'json', 'text'];

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

export type RecordFileOptions = {
	/** Undefined: told by the file's first character (`[` a JSON array, `{` NDJSON, else text). */
	format?: FileFormat;
	key: KeySource;
	explicitHashKey?: string;
	signal?: AbortSignal;
};

export type FileItem =
	| {line: number; record: OutgoingRecord}
	/** `fatal`: the file cannot be read on from here (a JSON array whose structure is broken). */
	| {line: number; error: string; fatal?: boolean};

/** Why a file could not be read, in a few words: "no such file". */
export function describeFileError(error: unknown): string {
	const code = (error as {code?: string}).code;
	const known: Record<string, string> = {
		ENOENT: 'no such file',
		EISDIR: 'it is a directory',
		EACCES: 'permission denied',
	};
	return sanitizeLine(
		(code && known[code]) ?? (error instanceof Error ? error.message : String(error)),
	);
}

export async function detectFormat(path: string): Promise<FileFormat> {
	const handle = await open(path, 'r');
	try {
		const buffer = Buffer.alloc(64 * 1024);
		const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
		const first = buffer
			.subarray(0, bytesRead)
			.toString('utf8')
			.replace(/^\uFEFF/, '')
			.trimStart()[0];
		return first === '[' ? 'json' : first === '{' ? 'ndjson' : 'text';
	} finally {
		await handle.close();
	}
}

export async function* readRecordFile(
	path: string,
	options: RecordFileOptions,
): AsyncGenerator<FileItem> {
	const format = options.format ?? (await detectFormat(path));
	if (format === 'text') {
		if (options.key.kind === 'field') {
			throw new Error('A partition key field needs JSON records; this file is plain text.');
		}
		for await (const lines of readLines(path, options.signal)) {
			for (const {line, bytes} of lines) {
				if (bytes === undefined) {
					yield {line, error: tooLarge()};
				} else if (bytes.toString('utf8').trim() !== '') {
					yield recordItem(line, bytes, undefined, options);
				}
			}
		}
		return;
	}
	const texts = format === 'json' ? readJsonArray(path, options.signal) : readNdjson(path, options);
	for await (const items of texts) {
		for (const item of items) {
			if ('error' in item) {
				yield item;
				continue;
			}
			let value: unknown;
			try {
				value = JSON.parse(item.text);
			} catch (error) {
				yield {line: item.line, error: `Not JSON: ${(error as Error).message}`};
				continue;
			}
			yield recordItem(item.line, Buffer.from(item.text, 'utf8'), value, options);
		}
	}
}

function recordItem(
	line: number,
	data: Uint8Array,
	value: unknown,
	{key, explicitHashKey}: RecordFileOptions,
): FileItem {
	let partitionKey: string;
	if (key.kind === 'field') {
		const found = fieldKey(value, key.path);
		if ('error' in found) {
			return {line, error: found.error};
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
	return problem ? {line, error: problem} : {line, record};
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

function tooLarge(): string {
	return `The record is larger than Kinesis takes (${MAX_RECORD_BYTES / 1024 / 1024} MiB).`;
}

type LineBytes = {line: number; bytes?: Buffer};

/**
 * The lines of a file as bytes (line endings taken off); a line too long for a record has none. The
 * lines of each chunk read come together: one step of an async generator costs more than the work
 * done on a short line, and a file may have millions.
 */
async function* readLines(path: string, signal?: AbortSignal): AsyncGenerator<LineBytes[]> {
	let parts: Buffer[] = [];
	let length = 0;
	let line = 0;
	const take = (piece: Buffer) => {
		length += piece.length;
		// Past the limit the line's bytes are counted and dropped, so one huge line cannot fill memory.
		if (length <= MAX_RECORD_BYTES + 1) {
			parts.push(piece);
		}
	};
	const finish = () => {
		line++;
		let bytes: Buffer | undefined;
		if (length <= MAX_RECORD_BYTES + 1) {
			bytes = Buffer.concat(parts);
			if (bytes.at(-1) === 0x0d) {
				bytes = bytes.subarray(0, -1);
			}
			if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
				bytes = bytes.subarray(3);
			}
		}
		parts = [];
		length = 0;
		return {line, bytes};
	};
	for await (const chunk of createReadStream(path, {signal, highWaterMark: 1024 * 1024})) {
		const buffer = chunk as Buffer;
		const lines: LineBytes[] = [];
		let start = 0;
		for (let end = buffer.indexOf(0x0a); end !== -1; end = buffer.indexOf(0x0a, start)) {
			take(buffer.subarray(start, end));
			lines.push(finish());
			start = end + 1;
		}
		take(buffer.subarray(start));
		if (lines.length > 0) {
			yield lines;
		}
	}
	if (length > 0) {
		yield [finish()];
	}
}

type JsonText = {line: number; text: string} | {line: number; error: string; fatal?: boolean};

/** The JSON texts of an NDJSON file, the lines of each chunk read together (as readLines). */
async function* readNdjson(path: string, options: RecordFileOptions): AsyncGenerator<JsonText[]> {
	const decoder = new TextDecoder('utf-8', {fatal: true});
	for await (const lines of readLines(path, options.signal)) {
		const texts: JsonText[] = [];
		for (const {line, bytes} of lines) {
			if (bytes === undefined) {
				texts.push({line, error: tooLarge()});
				continue;
			}
			let text: string;
			try {
				text = decoder.decode(bytes).trim();
			} catch {
				texts.push({line, error: 'Not UTF-8 text.'});
				continue;
			}
			if (text !== '') {
				texts.push({line, text});
			}
		}
		yield texts;
	}
}

type ArrayState = 'start' | 'first' | 'value' | 'element' | 'after' | 'done';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The elements of a JSON array, one at a time, each with the line it starts on and its text with
 * the whitespace between tokens taken out (numbers stay as written, however long). Only the
 * structure is checked here; each element is parsed by the caller.
 */
async function* readJsonArray(path: string, signal?: AbortSignal): AsyncGenerator<JsonText[]> {
	/** The elements found in the chunk being read: they go on together at its end. */
	let found: JsonText[] = [];
	const decoder = new TextDecoder('utf-8', {fatal: true});
	let state: ArrayState = 'start';
	let line = 1;
	let element = '';
	let elementLine = 0;
	let oversized = false;
	let depth = 0;
	let inString = false;
	let escaped = false;
	const broken = (error: string): JsonText => ({line, error, fatal: true});
	const complete = (): JsonText => {
		const item: JsonText = oversized
			? {line: elementLine, error: tooLarge()}
			: {line: elementLine, text: element};
		element = '';
		oversized = false;
		state = 'after';
		return item;
	};
	const append = (character: string) => {
		if (element.length > MAX_RECORD_BYTES) {
			oversized = true;
			element = '';
		}
		if (!oversized) {
			element += character;
		}
	};
	for await (const chunk of createReadStream(path, {signal, highWaterMark: 1024 * 1024})) {
		let text: string;
		try {
			text = decoder.decode(chunk as Buffer, {stream: true});
		} catch {
			found.push(broken('Not UTF-8 text.'));
			yield found;
			return;
		}
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			const character = text[index] as string;
			if (state === 'element') {
				if (inString) {
					append(character);
					if (escaped) {
						escaped = false;
					} else if (code === 0x5c) {
						escaped = true;
					} else if (code === 0x22) {
						inString = false;
						if (depth === 0) {
							found.push(complete());
						}
					}
					if (code === 0x0a) {
						line++;
					}
					continue;
				}
				const delimiter = WHITESPACE.has(code) || code === 0x2c || (code === 0x5d && depth === 0);
				if (delimiter && depth === 0) {
					// A number, true, false or null ends where the next token starts.
					found.push(complete());
				} else if (WHITESPACE.has(code)) {
					if (code === 0x0a) {
						line++;
					}
					continue;
				} else {
					append(character);
					if (code === 0x22) {
						inString = true;
					} else if (code === 0x7b || code === 0x5b) {
						depth++;
					} else if (code === 0x7d || code === 0x5d) {
						if (depth === 0) {
							found.push(broken(`Unexpected ${character} in the element of line ${elementLine}.`));
							yield found;
							return;
						}
						depth--;
						if (depth === 0) {
							found.push(complete());
						}
					}
					continue;
				}
			}
			if (code === 0x0a) {
				line++;
			}
			if (WHITESPACE.has(code) || (code === 0xfeff && state === 'start')) {
				continue;
			}
			// complete() moves the state on behind the compiler's back.
			switch (state as ArrayState) {
				case 'start': {
					if (code !== 0x5b) {
						found.push(broken('A JSON array starts with [.'));
						yield found;
						return;
					}
					state = 'first';
					break;
				}
				case 'first':
				case 'value': {
					if (code === 0x5d && state === 'first') {
						state = 'done';
					} else if (code === 0x5d || code === 0x2c || code === 0x7d) {
						found.push(broken(`Expected an element of the array, found ${character}.`));
						yield found;
						return;
					} else {
						state = 'element';
						elementLine = line;
						depth = code === 0x7b || code === 0x5b ? 1 : 0;
						inString = code === 0x22;
						append(character);
					}
					break;
				}
				case 'after': {
					if (code === 0x2c) {
						state = 'value';
					} else if (code === 0x5d) {
						state = 'done';
					} else {
						found.push(broken(`Expected , or ] after the element of line ${elementLine}.`));
						yield found;
						return;
					}
					break;
				}
				case 'done': {
					found.push(broken('Text after the end of the array.'));
					yield found;
					return;
				}
				case 'element': {
					break;
				}
			}
		}
		if (found.length > 0) {
			yield found;
			found = [];
		}
	}
	if (state === 'element' && depth === 0 && !inString) {
		found.push(complete());
	}
	if (state !== 'done') {
		found.push(broken('The file ends before the array does (a ] is missing).'));
	}
	if (found.length > 0) {
		yield found;
	}
}
