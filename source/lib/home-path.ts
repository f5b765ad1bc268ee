import {homedir} from 'node:os';

/** A path as a shell reads it: ~ at its start is the home directory. */
export function expandHome(path: string): string {
	return path.replace(/^~(?=$|\/)/, homedir());
}
