/**
 * Just enough of the protobuf wire format to read a KPL AggregatedRecord: the fields of one message,
 * in order. Every length and varint is checked against the bytes there are, so corrupt input is an
 * error, never a read past the end or a loop that does not end.
 */

export type WireField =
	| {number: number; type: 'varint'; value: bigint}
	| {number: number; type: 'bytes'; value: Uint8Array}
	| {number: number; type: 'fixed'};

export class WireFormatError extends Error {
	override name = 'WireFormatError';
}

export function readFields(bytes: Uint8Array): WireField[] {
	const fields: WireField[] = [];
	let offset = 0;

	const varint = (): bigint => {
		let value = 0n;
		for (let shift = 0n; shift < 70n; shift += 7n) {
			if (offset >= bytes.length) {
				throw new WireFormatError('a varint runs past the end');
			}
			const byte = bytes[offset++] as number;
			value |= BigInt(byte & 0x7f) << shift;
			if ((byte & 0x80) === 0) {
				return value;
			}
		}
		throw new WireFormatError('a varint is longer than 10 bytes');
	};

	const skip = (length: number) => {
		if (offset + length > bytes.length) {
			throw new WireFormatError('a field runs past the end');
		}
		offset += length;
	};

	while (offset < bytes.length) {
		const tag = varint();
		const number = Number(tag >> 3n);
		const wireType = Number(tag & 7n);
		if (number === 0) {
			throw new WireFormatError('field number 0');
		}
		switch (wireType) {
			case 0: {
				fields.push({number, type: 'varint', value: varint()});
				break;
			}
			case 1: {
				skip(8);
				fields.push({number, type: 'fixed'});
				break;
			}
			case 2: {
				const length = varint();
				if (length > BigInt(bytes.length - offset)) {
					throw new WireFormatError('a length runs past the end');
				}
				const start = offset;
				skip(Number(length));
				fields.push({number, type: 'bytes', value: bytes.subarray(start, offset)});
				break;
			}
			case 5: {
				skip(4);
				fields.push({number, type: 'fixed'});
				break;
			}
			default: {
				// Groups (3, 4) are long deprecated and the KPL never writes them.
				throw new WireFormatError(`wire type ${wireType}`);
			}
		}
	}
	return fields;
}
