import {createHash} from 'node:crypto';
import {gunzipSync} from 'node:zlib';
import {readFields, WireFormatError} from './protobuf-wire.js';

/**
 * Text that came from a server or a record is untrusted: before it reaches the screen every control
 * character is replaced by a visible stand-in, so escape sequences (CSI, OSC, DCS …) arrive as inert
 * text that can neither move the cursor, retitle the window nor change colours.
 */

// C0 controls, DEL, C1 controls (0x9B is a one-byte CSI), and the bidirectional overrides that can
// make text display in an order other than the one it has.
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function standIn(character: string): string {
	const code = character.charCodeAt(0);
	if (code < 0x20) {
		// Unicode's control pictures: ESC shows as ␛, BEL as ␇, newline as ␊.
		return String.fromCharCode(0x2400 + code);
	}
	if (code === 0x7f) {
		return '\u2421';
	}
	return `\\u{${code.toString(16)}}`;
}

/** One line of safe text: newlines and tabs show as their control pictures too. */
export function sanitizeLine(text: string): string {
	return text.replace(UNSAFE_LINE, standIn);
}

/** Safe text that keeps its line breaks; tabs become spaces. */
export function sanitizeText(text: string): string {
	return text.replace(UNSAFE_TEXT, standIn).replaceAll('\t', '  ');
}

// JSON.stringify escapes C0 controls but lets C1 controls and bidirectional overrides through raw.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text that is safe to print to a terminal: every control character is a \u escape. */
export function safeJson(value: unknown): string {
	return JSON.stringify(value).replace(
		UNSAFE_IN_JSON,
		(character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}

/* Decoding: what a record holds, shown as what it is (JSON, text, gzip, bytes), made safe once. */

/** A record as GetRecords or SubscribeToShard hands it over. */
export type KinesisRecord = {
	shardId: string;
	sequenceNumber: string;
	partitionKey: string;
	approximateArrivalTimestamp: Date;
	data: Uint8Array;
};

/** A record as its producer sent it: a Kinesis record, or one sub-record of a KPL aggregate. */
export type UserRecord = KinesisRecord & {
	/** The sub-record's place in its aggregate. */
	subSequenceNumber?: number;
	explicitHashKey?: string;
	/** Why the record is shown as it came (an aggregate that failed its checks). */
	warning?: string;
};

export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
const MD5_BYTES = 16;

/**
 * The records a Kinesis record carries: itself, or, when the KPL aggregated it, its sub-records with
 * their own partition keys. An aggregate whose MD5 or protobuf does not check out comes back whole,
 * with a warning: a record is never dropped.
 */
export function deaggregate(record: KinesisRecord): UserRecord[] {
	const {data} = record;
	if (!startsWith(data, KPL_MAGIC)) {
		return [record];
	}
	if (data.length < KPL_MAGIC.length + MD5_BYTES) {
		return [{...record, warning: 'Starts like a KPL aggregate but is too short to be one.'}];
	}
	const body = data.subarray(KPL_MAGIC.length, data.length - MD5_BYTES);
	const digest = createHash('md5').update(body).digest();
	if (!digest.equals(data.subarray(data.length - MD5_BYTES))) {
		return [{...record, warning: 'A KPL aggregate whose MD5 does not match: shown as it came.'}];
	}
	try {
		return readAggregate(body).map((sub, index) => ({
			...record,
			...sub,
			subSequenceNumber: index,
		}));
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return [
			{
				...record,
				warning: `A KPL aggregate that cannot be read (${sanitizeLine(reason)}): shown as it came.`,
			},
		];
	}
}

type SubRecord = {partitionKey: string; explicitHashKey?: string; data: Uint8Array};

const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});

function readAggregate(body: Uint8Array): SubRecord[] {
	const partitionKeys: string[] = [];
	const hashKeys: string[] = [];
	const entries: Uint8Array[] = [];
	for (const field of readFields(body)) {
		if (field.type !== 'bytes') {
			continue;
		}
		if (field.number === 1) {
			partitionKeys.push(utf8.decode(field.value));
		} else if (field.number === 2) {
			hashKeys.push(utf8.decode(field.value));
		} else if (field.number === 3) {
			entries.push(field.value);
		}
	}
	if (entries.length === 0) {
		throw new WireFormatError('no records in it');
	}
	return entries.map((entry) => {
		let keyIndex: bigint | undefined;
		let hashIndex: bigint | undefined;
		let data: Uint8Array | undefined;
		for (const field of readFields(entry)) {
			if (field.number === 1 && field.type === 'varint') {
				keyIndex = field.value;
			} else if (field.number === 2 && field.type === 'varint') {
				hashIndex = field.value;
			} else if (field.number === 3 && field.type === 'bytes') {
				data = field.value;
			}
		}
		const partitionKey = keyIndex === undefined ? undefined : partitionKeys[Number(keyIndex)];
		if (partitionKey === undefined || data === undefined) {
			throw new WireFormatError('a sub-record without its partition key or data');
		}
		const explicitHashKey = hashIndex === undefined ? undefined : hashKeys[Number(hashIndex)];
		if (hashIndex !== undefined && explicitHashKey === undefined) {
			throw new WireFormatError('a sub-record whose explicit hash key is not in the table');
		}
		// A copy: a view would keep the whole aggregate alive as long as any one sub-record.
		return {partitionKey, explicitHashKey, data: Uint8Array.from(data)};
	});
}

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
	return data.length >= prefix.length && prefix.every((byte, index) => data[index] === byte);
}

/** The UTF-8 text of the bytes, or undefined when they are not valid UTF-8. */
export function utf8Text(data: Uint8Array): string | undefined {
	try {
		return utf8.decode(data);
	} catch {
		return undefined;
	}
}

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
	if (startsWith(data, GZIP_MAGIC)) {
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

function hexBytes(bytes: Uint8Array): string {
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

export type Tone = 'key' | 'string' | 'number' | 'literal';

/** A piece of a line with the colour it is shown in; its text is safe for the terminal. */
export type Segment = {text: string; tone?: Tone};

/**
 * JSON text laid out two spaces an indent, as coloured segments a line. It reads the text itself
 * rather than a parsed value, so that numbers beyond a double's precision (64-bit ids) show as
 * written. The text must be valid JSON.
 */
export function prettyJson(text: string, maxLines = Number.POSITIVE_INFINITY): Segment[][] {
	const lines: Segment[][] = [];
	let line: Segment[] = [];
	let depth = 0;
	/** Per open container: true for an object, whose next string is a key. */
	const containers: boolean[] = [];
	let expectKey = false;
	const newLine = () => {
		lines.push(line);
		line = depth > 0 ? [{text: '  '.repeat(depth)}] : [];
	};
	let index = 0;
	while (index < text.length && lines.length < maxLines) {
		const character = text[index] as string;
		if (/\s/.test(character)) {
			index++;
			continue;
		}
		if (character === '{' || character === '[') {
			const close = character === '{' ? '}' : ']';
			const next = /\S/.exec(text.slice(index + 1, index + 64));
			if (next?.[0] === close) {
				line.push({text: `${character}${close}`});
				index = text.indexOf(close, index + 1) + 1;
				continue;
			}
			line.push({text: character});
			containers.push(character === '{');
			expectKey = character === '{';
			depth++;
			newLine();
			index++;
		} else if (character === '}' || character === ']') {
			depth--;
			containers.pop();
			lines.push(line);
			line = [{text: `${'  '.repeat(depth)}${character}`}];
			index++;
		} else if (character === ',') {
			line.push({text: ','});
			expectKey = containers.at(-1) === true;
			newLine();
			index++;
		} else if (character === ':') {
			line.push({text: ': '});
			index++;
		} else if (character === '"') {
			let end = index + 1;
			while (end < text.length && text[end] !== '"') {
				end += text[end] === '\\' ? 2 : 1;
			}
			line.push({
				text: sanitizeLine(text.slice(index, end + 1)),
				tone: expectKey ? 'key' : 'string',
			});
			expectKey = false;
			index = end + 1;
		} else {
			const literal = /^[^\s,:\]}]+/.exec(text.slice(index, index + 400))?.[0] ?? character;
			line.push({
				text: sanitizeLine(literal),
				tone: /^[-\d]/.test(literal) ? 'number' : 'literal',
			});
			index += literal.length;
		}
	}
	if (line.some((segment) => segment.text.trim() !== '')) {
		lines.push(line);
	}
	return lines;
}

/** The tail --json line of a record: one JSON object, safe for the terminal, with its newline. */
export function ndjsonLine(stream: string, record: UserRecord): string {
	const text = utf8Text(record.data);
	return `${safeJson({
		stream,
		shardId: record.shardId,
		sequenceNumber: record.sequenceNumber,
		subSequenceNumber: record.subSequenceNumber,
		partitionKey: record.partitionKey,
		explicitHashKey: record.explicitHashKey,
		approximateArrivalTimestamp: record.approximateArrivalTimestamp.toISOString(),
		data: text ?? Buffer.from(record.data).toString('base64'),
		encoding: text === undefined ? 'base64' : 'utf8',
	})}\n`;
}
