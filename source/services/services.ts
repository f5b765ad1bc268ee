import type {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ErrorContext} from '../kinesis/errors.js';
import {type ConsumersService, createConsumersService} from './consumers/consumers-service.js';
import {type CapacityService, createCapacityService} from './capacity/capacity-service.js';
import {createPutService, type PutService} from './put/put-service.js';
import {createShardTree, type ShardTreeService} from './shard-tree.js';
import {createStreamList, type StreamListService} from './stream-list.js';
import {createStreamManager, type StreamManagerService} from './stream-manager.js';
import {createTailService, type TailService} from './tail/tail-service.js';
import {createTailShards, type TailShardsService} from './tail/tail-shards.js';

/**
 * What the panes read and act through. Built from the clients here, so the UI gets stores and
 * actions and never the SDK itself.
 */
export type Services = {
	streamList: StreamListService;
	shardTree: ShardTreeService;
	streamManager: StreamManagerService;
	tail: TailService;
	/** The shards the tail's chooser offers. */
	tailShards: TailShardsService;
	put: PutService;
	consumers: ConsumersService;
	capacity: CapacityService;
};

export type ServiceOptions = {
	/**
	 * Where the KCL lease tables are read (the DynamoDB client, its endpoint, the tables given: each read
	 * for the streams its leases name; none, searched for), and the applications' failover time.
	 */
	leaseTables: {
		client: DynamoDBClient;
		endpoint?: string;
		tables: readonly string[];
		failoverMs: number;
	};
	/** The records the tail pane keeps (`--buffer`). */
	tailBuffer?: number;
};

export function createServices(
	client: KinesisClient,
	errorContext: ErrorContext,
	options: ServiceOptions,
): Services {
	const streamList = createStreamList(client, {errorContext});
	// A write changes what the list shows (a new stream, a shard count): it looks again at once.
	const onChanged = () => streamList.refresh();
	const consumers = createConsumersService(client, options.leaseTables.client, {
		errorContext,
		tables: options.leaseTables.tables,
		// The explorer shows every stream: a table given is read for those its leases name.
		othersPassedOver: true,
		dynamodbEndpoint: options.leaseTables.endpoint,
		stallAfterMs: options.leaseTables.failoverMs,
	});
	const tail = createTailService(client, {
		errorContext,
		capacity: options.tailBuffer,
		// The consumer a fan-out tail registered is the explorer's own, for the consumers view.
		onConsumerRegistered: consumers.markOwn,
	});
	return {
		streamList,
		shardTree: createShardTree(client, {errorContext, onChanged}),
		streamManager: createStreamManager(client, {errorContext, onChanged}),
		tail,
		tailShards: createTailShards(client, {errorContext}),
		put: createPutService(client, {errorContext}),
		consumers,
		capacity: createCapacityService(client, {errorContext, tail}),
	};
}

/** The services that run from the start; the tail runs when one is asked for. */
function runningServices(services: Services) {
	const {streamList, shardTree, streamManager, tailShards, put, consumers, capacity} = services;
	return [streamList, shardTree, streamManager, tailShards, put, consumers, capacity];
}

/**
 * The live services run from here until stopServices: their owner (the explorer) starts them once,
 * and the panes only tell them what is selected. The tail runs when one is asked for, and capacity
 * reads when asked to measure.
 */
export function startServices(services: Services): void {
	for (const service of runningServices(services)) {
		service.start();
	}
}

export function stopServices(services: Services): void {
	for (const service of [...runningServices(services), services.tail]) {
		service.stop();
	}
}
