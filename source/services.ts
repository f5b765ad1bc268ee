import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ErrorContext} from './kinesis/errors.js';
import {createPutService, type PutService} from './kinesis/put-service.js';
import {createStreamList, type StreamListService} from './kinesis/stream-list.js';

/**
 * What the panes read and act through. Built from the client here, so the UI gets stores and
 * actions and never the SDK itself.
 */
export type Services = {
	streamList: StreamListService;
	put: PutService;
};

export function createServices(client: KinesisClient, errorContext: ErrorContext): Services {
	return {
		streamList: createStreamList(client, {errorContext}),
		put: createPutService(client, {errorContext}),
	};
}
