import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ErrorContext} from '../kinesis/errors.js';
import {type CapacityService, createCapacityService} from './capacity/capacity-service.js';
import {createPutService, type PutService} from './put/put-service.js';
import {createShardTree, type ShardTreeService} from './shard-tree.js';
import {createStreamList, type StreamListService} from './stream-list.js';
import {createStreamManager, type StreamManagerService} from './stream-manager.js';
import {createTailService, type TailService} from './tail/tail-service.js';

/**
 * What the panes read and act through. Built from the client here, so the UI gets stores and
 * actions and never the SDK itself.
 */
export type Services = {
	streamList: StreamListService;
	shardTree: ShardTreeService;
	streamManager: StreamManagerService;
	tail: TailService;
	put: PutService;
	capacity: CapacityService;
};

export type ServiceOptions = {
	/** The records the tail pane keeps (`--buffer`). */
	tailBuffer?: number;
};

export function createServices(
	client: KinesisClient,
	errorContext: ErrorContext,
	options: ServiceOptions = {},
): Services {
	const streamList = createStreamList(client, {errorContext});
	// A write changes what the list shows (a new stream, a shard count): it looks again at once.
	const onChanged = () => streamList.refresh();
	const tail = createTailService(client, {errorContext, capacity: options.tailBuffer});
	return {
		streamList,
		shardTree: createShardTree(client, {errorContext, onChanged}),
		streamManager: createStreamManager(client, {errorContext, onChanged}),
		tail,
		put: createPutService(client, {errorContext}),
		capacity: createCapacityService(client, {errorContext, tail}),
	};
}

/**
 * The live services run from here until stopServices: their owner (the explorer) starts them once,
 * and the panes only tell them what is selected. The tail runs when one is asked for, and capacity
 * reads when asked to measure.
 */
export function startServices({
	streamList,
	shardTree,
	streamManager,
	put,
	capacity,
}: Services): void {
	for (const service of [streamList, shardTree, streamManager, put, capacity]) {
		service.start();
	}
}

export function stopServices({
	streamList,
	shardTree,
	streamManager,
	put,
	tail,
	capacity,
}: Services): void {
	for (const service of [streamList, shardTree, streamManager, put, tail, capacity]) {
		service.stop();
	}
}
