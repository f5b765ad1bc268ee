import {createHash} from 'node:crypto';
import {sanitizeLine} from '../format/sanitize.js';
import {readFields, WireFormatError} from './protobuf-wire.js';
import {type KinesisRecord, startsWithBytes, type UserRecord, utf8} from './records.js';

/**
 * KPL aggregation: the Kinesis Producer Library packs many user records into one Kinesis record, as
 * magic bytes, a protobuf AggregatedRecord, and the MD5 of that protobuf.
 */

export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
const MD5_BYTES = 16;

/**
 * The records a Kinesis record carries: itself, or, when the KPL aggregated it, its sub-records with
 * their own partition keys. An aggregate whose MD5 or protobuf does not check out comes back whole,
 * with a warning: a record is never dropped.
 */
export function deaggregate(record: KinesisRecord): UserRecord[] {
	const {data} = record;
	if (!startsWithBytes(data, KPL_MAGIC)) {
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
