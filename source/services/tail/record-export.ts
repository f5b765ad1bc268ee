import {writeFile} from 'node:fs/promises';
import {ndjsonLine} from '../../format/ndjson.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {type TailRecord, userRecordOf} from './tail-service.js';

/** The record's `tail --json` line, without its newline. */
export function recordJson(stream: string, record: TailRecord): string {
	return ndjsonLine(stream, userRecordOf(record)).trimEnd();
}

/** Where records are saved unless told otherwise: `<stream>-<UTC time>.ndjson`, here. */
export function defaultSavePath(stream: string, now: Date): string {
	const time = now
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replaceAll(':', '');
	// Kinesis names hold letters, digits, _ . and - only; a name from elsewhere is made one.
	return `${stream.replaceAll(/[^\w.-]/g, '_')}-${time}.ndjson`;
}

export type SavedRecords = {records: number; bytes: number};

/** Raised when the file is there and was not to be overwritten. */
export class FileExistsError extends Error {}

/** Raised when the file cannot be written: the message says why in a few words. */
export class SaveError extends Error {}

const SAVE_ERRORS: Record<string, string> = {
	ENOENT: 'no such directory',
	ENOTDIR: 'a part of the path is not a directory',
	EISDIR: 'it is a directory',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EROFS: 'the file system is read-only',
	ENOSPC: 'no space left on the device',
};

/**
 * Writes the records to `path` as `tail --json` lines, at once (what the tail holds fits in memory).
 * An existing file is only replaced when `overwrite` says so.
 */
export async function saveRecords(
	path: string,
	stream: string,
	records: readonly TailRecord[],
	{overwrite = false}: {overwrite?: boolean} = {},
): Promise<SavedRecords> {
	const text = records.map((record) => ndjsonLine(stream, userRecordOf(record))).join('');
	try {
		await writeFile(path, text, {flag: overwrite ? 'w' : 'wx'});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		if (code === 'EEXIST') {
			throw new FileExistsError(`${path} is there already`);
		}
		throw new SaveError(
			SAVE_ERRORS[code] ?? sanitizeLine(error instanceof Error ? error.message : String(error)),
		);
	}
	return {records: records.length, bytes: Buffer.byteLength(text)};
}
