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

/** UTF-8 that refuses what is not UTF-8, rather than replacing it. */
export const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});

/** Whether the bytes begin with these. */
export function startsWithBytes(data: Uint8Array, prefix: Uint8Array): boolean {
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
