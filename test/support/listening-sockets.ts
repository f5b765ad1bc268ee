import {readdir, readFile, readlink} from 'node:fs/promises';
import os from 'node:os';

/** A TCP socket a process listens on, as the kernel has it. */
export type ListeningSocket = {address: string; port: number};

const LISTEN = '0A';

/**
 * The TCP sockets a process listens on (Linux): the kernel's socket tables (/proc/<pid>/net/tcp and
 * tcp6, the process's network namespace) hold every socket's address, state and inode, and the
 * process's file descriptors say which inodes are its own.
 */
export async function listeningSockets(pid: number): Promise<ListeningSocket[]> {
	const inodes = new Set<string>();
	for (const fd of await readdir(`/proc/${pid}/fd`)) {
		const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
		const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
		if (inode) {
			inodes.add(inode);
		}
	}
	const sockets: ListeningSocket[] = [];
	for (const table of ['tcp', 'tcp6']) {
		const rows = (await readFile(`/proc/${pid}/net/${table}`, 'utf8')).trim().split('\n').slice(1);
		for (const row of rows) {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
			const [, local = '', , state, , , , , , inode = ''] = row.trim().split(/\s+/);
			if (state === LISTEN && inodes.has(inode)) {
				const [address = '', port = ''] = local.split(':');
				sockets.push({address: readAddress(address), port: Number.parseInt(port, 16)});
			}
		}
	}
	return sockets;
}

/**
 * The kernel writes an address as hex 32-bit words, each in the machine's byte order: 0100007F is
 * 127.0.0.1 on a little-endian machine.
 */
function readAddress(hex: string): string {
	const bytes = Buffer.from(hex, 'hex');
	if (os.endianness() === 'LE') {
		for (let word = 0; word < bytes.length; word += 4) {
			bytes.subarray(word, word + 4).reverse();
		}
	}
	if (bytes.length === 4) {
		return bytes.join('.');
	}
	const groups = Array.from({length: 8}, (_, group) => bytes.readUInt16BE(group * 2).toString(16));
	// The URL parser writes an IPv6 address in its shortest form: ::1, ::.
	return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}
