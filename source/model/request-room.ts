import {
	DEFAULT_MAX_RECORD_BYTES,
	MAX_RECORDS_PER_REQUEST,
	MAX_REQUEST_BYTES,
} from './record-limits.js';

/**
 * How full a PutRecords request is. `admit` says whether one more record of `size` bytes goes in,
 * and how full the request is then; a request always takes its first record.
 */
export type RequestRoom = {count: number; bytes: number; sealed: boolean};

export const emptyRoom: RequestRoom = {count: 0, bytes: 0, sealed: false};

export function admit(
	room: RequestRoom,
	size: number,
	{maxRequestBytes = MAX_REQUEST_BYTES, maxRecords = MAX_RECORDS_PER_REQUEST} = {},
): RequestRoom | undefined {
	const alone = size > DEFAULT_MAX_RECORD_BYTES;
	if (room.count === 0) {
		return {count: 1, bytes: size, sealed: alone || size >= maxRequestBytes};
	}
	if (room.sealed || alone || room.count >= maxRecords || room.bytes + size > maxRequestBytes) {
		return undefined;
	}
	return {count: room.count + 1, bytes: room.bytes + size, sealed: false};
}
