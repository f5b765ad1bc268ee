import {createHash} from 'node:crypto';
import protobuf from 'protobufjs';

/**
 * KPL aggregates made the way the Kinesis Producer Library makes them: its published protobuf schema
 * encoded by protobufjs (not by the explorer's own reader), between the magic bytes and the MD5.
 */
const SCHEMA = `
syntax = "proto2";
message AggregatedRecord {
  repeated string partition_key_table = 1;
  repeated string explicit_hash_key_table = 2;
  repeated Record records = 3;
}
message Tag {
  required string key = 1;
  optional string value = 2;
}
message Record {
  required uint64 partition_key_index = 1;
  optional uint64 explicit_hash_key_index = 2;
  required bytes data = 3;
  repeated Tag tags = 4;
}
`;

const AggregatedRecord = protobuf.parse(SCHEMA).root.lookupType('AggregatedRecord');

export const MAGIC = Buffer.from([0xf3, 0x89, 0x9a, 0xc2]);

export type SubRecordInput = {
	partitionKey: string;
	data: Uint8Array | string;
	explicitHashKey?: string;
};

/** The protobuf body of an aggregate, partition keys and hash keys put in tables as the KPL does. */
export function aggregateBody(records: readonly SubRecordInput[]): Buffer {
	const keys: string[] = [];
	const hashKeys: string[] = [];
	const indexOf = (table: string[], value: string) => {
		const found = table.indexOf(value);
		return found >= 0 ? found : table.push(value) - 1;
	};
	const message = AggregatedRecord.create({
		partitionKeyTable: keys,
		explicitHashKeyTable: hashKeys,
		records: records.map((record) => ({
			partitionKeyIndex: indexOf(keys, record.partitionKey),
			explicitHashKeyIndex:
				record.explicitHashKey === undefined
					? undefined
					: indexOf(hashKeys, record.explicitHashKey),
			data: typeof record.data === 'string' ? Buffer.from(record.data) : record.data,
			tags: [{key: 'source', value: 'test'}],
		})),
	});
	return Buffer.from(AggregatedRecord.encode(message).finish());
}

/** A whole aggregate: magic, body, MD5 of the body. */
export function aggregate(records: readonly SubRecordInput[]): Buffer {
	const body = aggregateBody(records);
	return Buffer.concat([MAGIC, body, createHash('md5').update(body).digest()]);
}
