import type {Payload} from '../model/payload.js';
import {hexBytes} from './hex.js';
import {sanitizeLine} from './sanitize.js';

/** One safe line that shows what the payload holds, at most `maxChars` characters long. */
export function previewLine(payload: Payload, maxChars: number): string {
	if (payload.kind === 'binary') {
		const shown = payload.bytes.subarray(0, Math.max(1, Math.floor(maxChars / 3)));
		return `${hexBytes(shown)}${shown.length < payload.bytes.length ? ' …' : ''}`;
	}
	// Whitespace runs (a pretty-printed document's line breaks and indents) become one space.
	const start = payload.text
		.slice(0, maxChars * 2)
		.replace(/\s+/g, ' ')
		.trim();
	return sanitizeLine(start.slice(0, maxChars));
}
