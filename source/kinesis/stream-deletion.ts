import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {sanitizeLine} from '../format/sanitize.js';
import {listConsumers} from './consumers.js';
import {deleteStream, describeStreamSummary} from './streams.js';
import type {StreamStatus} from '../model/stream.js';

/** A delete the explorer will not send: Kinesis would refuse it. The message is written for the user. */
export class DeleteRefusedError extends Error {
	override name = 'DeleteRefusedError';
}

/**
 * Deletes a stream only as Kinesis allows: while it is ACTIVE, and with registered consumers only
 * when each of them was chosen to go with it (then with EnforceConsumerDeletion). Checked on fresh
 * answers, not on what a screen showed a while ago, and refused here rather than sent: kinesis-local
 * removes a stream half a second after any DeleteStream, even one it refuses.
 */
export async function deleteStreamIfAllowed(
	client: KinesisClient,
	name: string,
	chosenConsumers: readonly string[],
): Promise<void> {
	const summary = await describeStreamSummary(client, name);
	const registered =
		summary.status === 'ACTIVE' && summary.arn
			? (await listConsumers(client, summary.arn)).map((consumer) => consumer.name)
			: [];
	const refusal = deleteRefusal(name, summary.status, registered, chosenConsumers);
	if (refusal) {
		throw new DeleteRefusedError(refusal);
	}
	await deleteStream(client, name, {withConsumers: registered.length > 0});
}

/** Why Kinesis would refuse to delete the stream, or undefined when it would not. */
export function deleteRefusal(
	name: string,
	status: StreamStatus,
	registered: readonly string[],
	chosen: readonly string[],
): string | undefined {
	const stream = sanitizeLine(name);
	if (status === 'DELETING') {
		return `${stream} is being deleted already.`;
	}
	if (status !== 'ACTIVE') {
		return `Kept ${stream}: it is ${status}, and Kinesis deletes a stream only while it is ACTIVE.`;
	}
	const unchosen = registered.filter((consumer) => !chosen.includes(consumer));
	if (unchosen.length === 0) {
		return undefined;
	}
	const names = sanitizeLine(unchosen.join(', '));
	return chosen.length === 0
		? `Kept ${stream}: consumers are registered on it (${names}). Delete them with it, or deregister them first.`
		: `Kept ${stream}: it has consumers you did not choose to delete with it (${names}).`;
}
