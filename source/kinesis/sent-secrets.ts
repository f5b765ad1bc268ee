import type {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import type {KinesisClient} from '@aws-sdk/client-kinesis';

/**
 * The secrets this process has sent, kept to keep them out of what it prints. The secret access key
 * never leaves the process (a request carries a signature made with it), but a session token
 * travels in every signed request's X-Amz-Security-Token header, and a server, or a proxy on the
 * way, can quote it back in an error message.
 */
const sentTokens = new Set<string>();

const SESSION_TOKEN_MARK = '[session token]';

/** Remembers the session token of each request the client sends, as signed. */
export function rememberSentSecrets(client: KinesisClient | DynamoDBClient): void {
	// The deserialize step sees each request as it goes on the wire: built, signed, retried.
	client.middlewareStack.add(
		(next) => async (args) => {
			const {request} = args as {request?: {headers?: Record<string, string | undefined>}};
			for (const [name, value] of Object.entries(request?.headers ?? {})) {
				if (value && name.toLowerCase() === 'x-amz-security-token') {
					sentTokens.add(value);
				}
			}
			return next(args);
		},
		{step: 'deserialize', name: 'kinesisExplorerSentSecrets'},
	);
}

/** The text with every session token sent replaced by a mark that says what was there. */
export function redactSentSecrets(text: string): string {
	let redacted = text;
	for (const token of sentTokens) {
		redacted = redacted.replaceAll(token, SESSION_TOKEN_MARK);
	}
	return redacted;
}
