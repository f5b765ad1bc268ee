import {gunzipSync} from 'node:zlib';
import {startsWithBytes, utf8Text} from './records.js';

/* Decoding: what a record holds, shown as what it is (JSON, text, gzip, bytes). */

/** What a payload is. Text is the data's own, not yet made safe for the screen. */
export type Payload =
	| {kind: 'json'; text: string; gzip: boolean}
	| {kind: 'text'; text: string; gzip: boolean}
	| {kind: 'binary'; bytes: Uint8Array; gzip: boolean; note?: string};

const GZIP_MAGIC = Uint8Array.of(0x1f, 0x8b);
/** Unpacked gzip beyond this is shown as the bytes it came as: a record holds at most 10 MiB. */
const MAX_GUNZIPPED = 32 * 1024 * 1024;

/**
 * JSON (an object or an array), other UTF-8 text, or bytes; gzip (what CloudWatch Logs subscriptions
 * send) is unpacked first. Text with NUL in it is taken for bytes: no one writes NUL in text.
 */
export function decodePayload(data: Uint8Array): Payload {
	if (startsWithBytes(data, GZIP_MAGIC)) {
		let unpacked: Buffer;
		try {
			unpacked = gunzipSync(data, {maxOutputLength: MAX_GUNZIPPED});
		} catch {
			return {kind: 'binary', bytes: data, gzip: false, note: 'starts like gzip, but is not'};
		}
		return {...plainPayload(unpacked), gzip: true};
	}
	return {...plainPayload(data), gzip: false};
}

function plainPayload(data: Uint8Array): Payload {
	const text = data.includes(0) ? undefined : utf8Text(data);
	if (text === undefined) {
		return {kind: 'binary', bytes: data, gzip: false};
	}
	return {kind: isJson(text) ? 'json' : 'text', text, gzip: false};
}

function isJson(text: string): boolean {
	const first = /\S/.exec(text)?.[0];
	if (first !== '{' && first !== '[') {
		return false;
	}
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/** A short label for the kind of payload: json, text, gz·json, bytes … */
export function payloadLabel(payload: Payload): string {
	const kind = payload.kind === 'binary' ? 'bytes' : payload.kind;
	return payload.gzip ? `gz·${kind}` : kind;
}
