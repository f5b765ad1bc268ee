import {NodeHttp2Handler, NodeHttpHandler} from '@smithy/node-http-handler';
import type {ConnectionSettings} from './connection.js';

/**
 * What both SDK clients (Kinesis, DynamoDB) are built with: the endpoint, the region and profile,
 * the engine's placeholder credentials, and the connection the calls go over.
 */
export function clientConnection(settings: ConnectionSettings, endpoint: string | undefined) {
	// The SDK's default handler speaks HTTP/2, which plain-HTTP engines refuse (ERR_HTTP2_ERROR);
	// HTTP/1.1 works for every call there, SubscribeToShard included.
	const http1 = endpoint?.startsWith('http:')
		? new NodeHttpHandler({connectionTimeout: 5000})
		: undefined;
	// Over HTTPS, the SDK's HTTP/2 handler, but with one connection carrying the calls rather than a
	// connection a call, as the Kinesis client configures it: a TLS handshake before every GetRecords
	// costs round trips and CPU, and kinesis-local's HTTP/2 breaks a connection that the client closes
	// before the answer's body has come, which a connection a call does every time. (SubscribeToShard
	// gets a connection of its own all the same: the handler keeps event streams apart.)
	const http2 = http1
		? undefined
		: new NodeHttp2Handler({
				disableConcurrentStreams: false,
				maxConcurrentStreams: 100,
				nodeHttp2ConnectOptions:
					settings.caBundle === undefined ? undefined : {ca: settings.caBundle},
			});
	return {
		config: {
			endpoint,
			region: settings.region,
			profile: settings.profile,
			credentials: settings.placeholderCredentials
				? {accessKeyId: 'kinesis-explorer', secretAccessKey: 'kinesis-explorer'}
				: undefined,
			requestHandler: http1 ?? http2,
		},
		/**
		 * Ends the shared HTTP/2 connection: the next call opens a new one. (An HTTP/1.1 call has its
		 * own connection, closed as its deadline aborts it.)
		 */
		dropConnection: () => http2?.destroy(),
	};
}
