/** Bytes as hex, for people: a row of pairs, or a classic dump. */

export function hexBytes(bytes: Uint8Array): string {
	return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** A classic hex dump: offset, sixteen bytes, and the bytes that are printable ASCII. */
export function hexDump(bytes: Uint8Array, maxLines = Number.POSITIVE_INFINITY): string[] {
	const lines: string[] = [];
	for (let offset = 0; offset < bytes.length && lines.length < maxLines; offset += 16) {
		const row = bytes.subarray(offset, offset + 16);
		const hex = `${hexBytes(row.subarray(0, 8))}  ${hexBytes(row.subarray(8))}`;
		const ascii = Array.from(row, (byte) =>
			byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.',
		).join('');
		lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(48)}  |${ascii}|`);
	}
	return lines;
}
