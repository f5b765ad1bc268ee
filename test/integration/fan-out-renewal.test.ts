import {describe, expect, it, vi} from 'vitest';
import type {UserRecord} from '../../source/model/records.js';
import {type ShardStatus, startTailer} from '../../source/services/tail/tailer.js';
import {startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {checkDelivery, startWriter} from '../support/tail.js';

/**
 * A fan-out subscription lasts 5 minutes, then the service ends it: the answer's event stream simply
 * finishes. The reader must subscribe again from where the last one stopped. Here the fault proxy
 * ends every subscription that way after 1.5 s, while records are written, and the tail must get
 * every record once, in order per key, having renewed rather than recovered from errors.
 */

const within = {timeout: 100_000, interval: 100};
const decoder = new TextDecoder();

describe('enhanced fan-out', () => {
	it('subscribes again from where a subscription ended, losing and repeating nothing', async () => {
		// The shared engine: two shards' subscriptions and a round of writes every 200 ms are little
		// for it to do (an engine of the file's own would cost more to start than the test asks of it).
		const client = localClient();
		const stream = uniqueName('renewal');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const proxy = await startFaultProxy(localSettings().endpoint ?? '', (request) =>
			request.operation === 'SubscribeToShard' ? {kind: 'endAfter', ms: 1500} : undefined,
		);
		const records: UserRecord[] = [];
		const states = new Set<string>();
		let shards: ReadonlyMap<string, ShardStatus> = new Map();
		const proxied = localClient({endpoint: proxy.url});
		const tailer = startTailer(
			proxied,
			{stream, position: {type: 'TRIM_HORIZON'}, consumer: 'explorer-renewal'},
			{
				onRecords(batch) {
					records.push(...batch);
				},
				onShards(next) {
					shards = next;
					for (const status of next.values()) {
						states.add(status.state);
					}
				},
			},
			{discoverMs: 1000},
		);
		// A round every 200 ms or so: records still come all through each subscription.
		const writer = startWriter(client, stream, {keys: 6, aggregateKeys: 1, pauseMs: 200});
		// Several renewals of each shard's subscription while the writer goes on.
		await vi.waitFor(() => expect(proxy.stats.faults.endAfter).toBeGreaterThanOrEqual(8), within);
		const total = await writer.stop();
		await vi.waitFor(() => expect(records.length).toBeGreaterThanOrEqual(total), within);
		// The subscriptions go on uncut now, so that both shards can be seen caught up at once: a
		// record still to come then would be a repeat.
		proxy.setRule(() => undefined);
		await vi.waitFor(() => {
			const now = [...shards.values()].map((status) => status.state);
			expect(now).toEqual(['caught-up', 'caught-up']);
		}, within);
		tailer.stop();
		proxied.destroy();
		client.destroy();
		await proxy.close();

		expect(records).toHaveLength(total);
		const delivered = records.map((record) => ({
			partitionKey: record.partitionKey,
			data: decoder.decode(record.data),
		}));
		expect(checkDelivery(delivered, writer.written)).toEqual([]);
		// Each end was taken as the end of a subscription, not as a failure to retry.
		expect(states.has('renewing')).toBe(true);
		expect(states.has('retrying')).toBe(false);
		expect(proxy.stats.operations.GetRecords).toBeUndefined();
	});
});
