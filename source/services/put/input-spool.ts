import {createWriteStream} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';

/** Standard input kept in a file of its own, to be read as a file is: twice. */
export type SpooledInput = {path: string; remove(): Promise<void>};

/**
 * Reads `input` to its end into a temporary file (so that it may be larger than memory): a file of
 * records is checked whole before any is sent, and a pipe can be read only once.
 */
export async function spoolInput(
	input: NodeJS.ReadableStream,
	signal?: AbortSignal,
): Promise<SpooledInput> {
	const directory = await mkdtemp(path.join(tmpdir(), 'kinesis-explorer-input-'));
	const remove = () => rm(directory, {recursive: true, force: true});
	const file = path.join(directory, 'input');
	try {
		await pipeline(input, createWriteStream(file), {signal});
	} catch (error) {
		await remove();
		throw error;
	}
	return {path: file, remove};
}
