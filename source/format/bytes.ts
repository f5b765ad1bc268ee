/** A size in bytes, short: 12 B, 1.2 KiB, 3.4 MiB. */
export function shortBytes(bytes: number): string {
	if (bytes < 1024) {
		return `${bytes} B`;
	}
	if (bytes < 1024 * 1024) {
		return `${(bytes / 1024).toFixed(1)} KiB`;
	}
	return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A size in bytes, exact too where it is scaled: 194 bytes; 1.2 KiB (1,234 bytes). */
export function exactBytes(bytes: number): string {
	const exact = `${bytes.toLocaleString('en-US')} bytes`;
	return bytes < 1024 ? exact : `${shortBytes(bytes)} (${exact})`;
}
