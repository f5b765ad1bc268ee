import {open} from 'node:fs/promises';
import {sanitizeLine} from '../../format/sanitize.js';
import type {OutgoingRecord} from '../../model/record-limits.js';
import {readLines, readNdjson, RECORD_TOO_LARGE} from './file-lines.js';
import {readJsonArray} from './json-array-reader.js';
import {type RecordMaking, recordFromItem} from './record-from-item.js';

/**
 * A file of records, read as a stream so that it may be larger than memory: NDJSON (a JSON value a
 * line), a JSON array (a record an element, like an export), or plain text (a record a line). Blank
 * lines are no records. Each record or bad line comes out with the line it starts on.
 */
export type FileFormat = 'ndjson' | 'json' | 'text';

export const FILE_FORMATS: readonly FileFormat[] = ['ndjson', 'json', 'text'];

export type RecordFileOptions = RecordMaking & {
	/** Undefined: told by the file's first character (`[` a JSON array, `{` NDJSON, else text). */
	format?: FileFormat;
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
					yield {line, error: RECORD_TOO_LARGE};
				} else if (bytes.toString('utf8').trim() !== '') {
					yield {line, ...recordFromItem(bytes, undefined, options)};
				}
			}
		}
		return;
	}
	const texts =
		format === 'json' ? readJsonArray(path, options.signal) : readNdjson(path, options.signal);
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
			yield {line: item.line, ...recordFromItem(Buffer.from(item.text, 'utf8'), value, options)};
		}
	}
}
