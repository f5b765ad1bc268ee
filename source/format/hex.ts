/** Bytes as hex, for people: a row of pairs, or a classic dump. */

export function hexBytes(bytes: Uint8Array): string {
	return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/**
 * A classic hex dump: offset, `perRow` bytes (sixteen, or fewer for a narrow screen), and the bytes
 * that are printable ASCII.
 */
export function hexDump(
	bytes: Uint8Array,
	maxLines = Number.POSITIVE_INFINITY,
	perRow: 4 | 8 | 16 = 16,
): string[] {
	const lines: string[] = [];
	const half = perRow / 2;
	for (let offset = 0; offset < bytes.length && lines.length < maxLines; offset += perRow) {
		const row = bytes.subarray(offset, offset + perRow);
		const hex = `${hexBytes(row.subarray(0, half))}  ${hexBytes(row.subarray(half))}`;
		const ascii = Array.from(row, (byte) =>
			byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.',
		).join('');
		lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(perRow * 3)}  |${ascii}|`);
	}
	return lines;
}

/** The bytes a hex dump's row holds in this many columns, its ASCII column on the same line. */
export function hexBytesPerRow(width: number): 4 | 8 | 16 {
	// offset 8, 2 spaces, 3 a byte, 2 spaces, the ASCII column and its bars.
	const rowWidth = (perRow: number) => 8 + 2 + perRow * 3 + 2 + perRow + 2;
	return width >= rowWidth(16) ? 16 : width >= rowWidth(8) ? 8 : 4;
}
