import {createReadStream} from 'node:fs';
import {MAX_RECORD_BYTES} from '../../model/record-limits.js';

/**
 * A file read line by line as a stream, so that it may be larger than memory: the lines as bytes
 * (for text), or as JSON texts (for NDJSON). Each comes with its line number.
 */

/** What a line or element longer than any record is told. */
export const RECORD_TOO_LARGE = `The record is larger than Kinesis takes (${MAX_RECORD_BYTES / 1024 / 1024} MiB).`;

/**
 * The longest NDJSON line read: a `tail --json` line of the largest record holds its data in base64
 * (a third larger) beside its keys.
 */
const MAX_JSON_LINE_BYTES = Math.ceil((MAX_RECORD_BYTES * 4) / 3) + 64 * 1024;

type LineBytes = {line: number; bytes?: Buffer};

/**
 * The lines of a file as bytes (line endings taken off); a line longer than `maxBytes` (by default,
 * too long for a record) has none. The lines of each chunk read come together: one step of an async
 * generator costs more than the work done on a short line, and a file may have millions.
 */
export async function* readLines(
	path: string,
	signal?: AbortSignal,
	maxBytes = MAX_RECORD_BYTES,
): AsyncGenerator<LineBytes[]> {
	let parts: Buffer[] = [];
	let length = 0;
	let line = 0;
	const take = (piece: Buffer) => {
		length += piece.length;
		// Past the limit the line's bytes are counted and dropped, so one huge line cannot fill memory.
		if (length <= maxBytes + 1) {
			parts.push(piece);
		}
	};
	const finish = () => {
		line++;
		let bytes: Buffer | undefined;
		if (length <= maxBytes + 1) {
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

/** A JSON text with the line it starts on, or why there is none (`fatal`: none can follow). */
export type JsonText =
	{line: number; text: string} | {line: number; error: string; fatal?: boolean};

/** The JSON texts of an NDJSON file, the lines of each chunk read together (as readLines). */
export async function* readNdjson(path: string, signal?: AbortSignal): AsyncGenerator<JsonText[]> {
	const decoder = new TextDecoder('utf-8', {fatal: true});
	for await (const lines of readLines(path, signal, MAX_JSON_LINE_BYTES)) {
		const texts: JsonText[] = [];
		for (const {line, bytes} of lines) {
			if (bytes === undefined) {
				texts.push({line, error: RECORD_TOO_LARGE});
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
