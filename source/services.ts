import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ErrorContext} from './kinesis/errors.js';
import {createPutService, type PutService} from './kinesis/put-service.js';
import {createStreamList, type StreamListService} from './kinesis/stream-list.js';
import {createTailService, type TailService} from './kinesis/tail-service.js';

/**
 * What the panes read and act through. Built from the client here, so the UI gets stores and
 * actions and never the SDK itself.
 */
export type Services = {
	streamList: StreamListService;
	put: PutService;
	tail: TailService;
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
	return {
		streamList: createStreamList(client, {errorContext}),
		put: createPutService(client, {errorContext}),
		tail: createTailService(client, {errorContext, capacity: options.tailBuffer}),
	};
}
