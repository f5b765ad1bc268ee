import {shortBytes} from '../format/bytes.js';
import {randomUUID} from 'node:crypto';

/** A record and the limits Kinesis puts on it, without the SDK: the form checks them as you type. */
export type OutgoingRecord = {
	partitionKey: string;
	data: Uint8Array;
	explicitHashKey?: string;
};

/** PutRecords takes at most 500 records a call. */
export const MAX_RECORDS_PER_REQUEST = 500;
/** PutRecords takes at most 5 MiB a call, partition keys included. */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
/**
 * Every stream takes records of up to 1 MiB (partition key included); a stream can be configured for
 * up to 10 MiB. A record between the two travels in a request of its own, so that if its stream
 * refuses it, the refusal (which fails the whole request) takes no other record with it.
 */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
export const MAX_RECORD_BYTES = 10 * 1024 * 1024;
export const MAX_PARTITION_KEY_LENGTH = 256;

/** The size Kinesis counts against its limits: the data and the partition key. */
export function recordBytes(record: OutgoingRecord): number {
	return record.data.byteLength + Buffer.byteLength(record.partitionKey, 'utf8');
}

/**
 * Why a partition key would be refused, or undefined. Kinesis takes 1 to 256 characters; they are
 * counted here in UTF-16 units, as the service (Java) counts them, which is never fewer than the
 * characters a person sees, so nothing passes here that the service refuses.
 */
export function partitionKeyProblem(key: string): string | undefined {
	if (key.length === 0) {
		return 'A partition key is 1 to 256 characters; it is empty.';
	}
	if (key.length > MAX_PARTITION_KEY_LENGTH) {
		return `A partition key is 1 to 256 characters; this one has ${key.length}.`;
	}
	return undefined;
}

/** PutRecord's SequenceNumberForOrdering: a sequence number, which is a decimal of up to 129 digits. */
export function sequenceNumberProblem(text: string): string | undefined {
	return /^(0|[1-9]\d{0,128})$/.test(text)
		? undefined
		: 'A sequence number for ordering is a decimal number, like one the stream returned.';
}

export function recordSizeProblem(record: OutgoingRecord): string | undefined {
	const bytes = recordBytes(record);
	return bytes > MAX_RECORD_BYTES
		? `The record is ${shortBytes(bytes)} with its partition key; Kinesis takes at most ${shortBytes(MAX_RECORD_BYTES)}.`
		: undefined;
}

export function randomPartitionKey(): string {
	return randomUUID();
}
