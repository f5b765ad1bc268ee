import {DeadlineError} from './deadlines.js';
import {quoteInput} from '../format/quote-input.js';
import {sanitizeLine} from '../format/sanitize.js';
import {redactSentSecrets} from './sent-secrets.js';

export type ErrorContext = {
	/** Where the call went, to name it when it cannot be reached. */
	endpoint?: string;
	profile?: string;
	stream?: string;
	/** The service called, where no endpoint names it: Kinesis unless said otherwise. */
	service?: 'Kinesis' | 'DynamoDB';
	/** The DynamoDB table the call was about. */
	table?: string;
};

/** The explorer's own errors: their messages are written for the user already. */
const OWN_ERRORS = new Set([
	'ReadOnlyError',
	'UsageError',
	'TailTargetError',
	'CapacityWindowError',
	'EngineStartError',
	'DeleteRefusedError',
	'LeaseTableWriteError',
	'LeaseTableError',
]);

const NETWORK_CODES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ETIMEDOUT: 'timed out',
	EPIPE: 'connection closed',
};

const ACCESS_ERRORS = new Set([
	'AccessDeniedException',
	'UnrecognizedClientException',
	'InvalidSignatureException',
	'IncompleteSignature',
	'MissingAuthenticationToken',
	'MissingAuthenticationTokenException',
	'InvalidClientTokenId',
	'KMSAccessDeniedException',
]);

/** Credentials that worked and have run out: renewed, they work again. */
const EXPIRED_CREDENTIALS = new Set([
	'ExpiredTokenException',
	'ExpiredToken',
	'RequestExpired',
	'TokenRefreshRequired',
]);

const THROTTLE_ERRORS = new Set([
	'LimitExceededException',
	'ProvisionedThroughputExceededException',
	'ThrottlingException',
]);

/**
 * One line that says what went wrong and what to do, for the status bar or stderr. Messages that
 * came from a server are made safe for the terminal, and any session token the explorer sent that
 * a server quotes back is replaced by a mark; nothing here adds credentials.
 */
export function describeError(error: unknown, context: ErrorContext = {}): string {
	const {name, message, code} = errorParts(error);
	const service = context.service ?? 'Kinesis';
	const where = context.endpoint ?? service;
	if (OWN_ERRORS.has(name)) {
		return message;
	}
	if (error instanceof DeadlineError) {
		return `Cannot reach ${where}: ${error.message} (timed out).`;
	}
	const network = NETWORK_CODES[code ?? ''] ?? (name === 'TimeoutError' ? 'timed out' : undefined);
	if (network) {
		return `Cannot reach ${where}: ${network} (${code ?? name}).`;
	}
	if (name === 'CredentialsProviderError') {
		return context.profile
			? `No AWS credentials for profile ${quoteInput(context.profile)}: check ~/.aws/config and ~/.aws/credentials, or run aws sso login.`
			: 'No AWS credentials found: set AWS_PROFILE or --profile, run aws configure, or use --local.';
	}
	if (message === 'Region is missing') {
		return 'No AWS region: pass --region or set AWS_REGION (or give your profile a region).';
	}
	if (EXPIRED_CREDENTIALS.has(name)) {
		return `The AWS credentials have expired (${name}): renew them (aws sso login, or new keys); the explorer retries until they work.`;
	}
	if (ACCESS_ERRORS.has(name)) {
		return `Access denied by ${where} (${name}): ${message}`;
	}
	if (name === 'ResourceNotFoundException') {
		if (context.table !== undefined) {
			return `Table ${quoteInput(context.table)} not found: ${message}`;
		}
		return context.stream
			? `Stream ${quoteInput(context.stream)} not found: ${message}`
			: `Not found: ${message}`;
	}
	if (THROTTLE_ERRORS.has(name)) {
		return `Throttled by ${service} (${name}): ${message}`;
	}
	return message ? `${name}: ${message}` : name;
}

/**
 * The call's answer never came: its deadline passed, or the connection under it was dropped. The
 * service may have acted on it all the same.
 */
export function isTimeout(error: unknown): boolean {
	return errorParts(error).name === 'TimeoutError';
}

export function isThrottle(error: unknown): boolean {
	return THROTTLE_ERRORS.has(errorParts(error).name);
}

const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

/** A failure of a whole call that another try may not meet: throttling, a 5xx, a dropped connection. */
export function isTransient(error: unknown): boolean {
	if (isThrottle(error)) {
		return true;
	}
	if (typeof error !== 'object' || error === null) {
		return false;
	}
	const {$fault, $metadata, code, name, message} = error as {
		$fault?: string;
		$metadata?: {httpStatusCode?: number};
		code?: string;
		name?: string;
		message?: string;
	};
	return (
		$fault === 'server' ||
		($metadata?.httpStatusCode ?? 0) >= 500 ||
		TRANSIENT_NETWORK.has(code ?? '') ||
		name === 'TimeoutError' ||
		message === 'socket hang up'
	);
}

/** The service refused the request's content (a record too large for the stream, say). */
export function isRefusedContent(error: unknown): boolean {
	const name = error instanceof Error ? error.name : '';
	return name === 'InvalidArgumentException' || name === 'ValidationException';
}

/**
 * A refusal about one stream (a name the service will not take, a policy that denies that stream):
 * the calls about other streams may still work, unlike a throttle, an outage or expired credentials.
 */
export function isRefusedForThisStream(error: unknown): boolean {
	return STREAM_REFUSALS.has(errorParts(error).name);
}

const STREAM_REFUSALS = new Set([
	'InvalidArgumentException',
	'ValidationException',
	'AccessDeniedException',
]);

export function isNotFound(error: unknown): boolean {
	return errorParts(error).name === 'ResourceNotFoundException';
}

/**
 * The name, message and system error code of an error, its text made safe for one terminal line,
 * without the secrets sent.
 */
function errorParts(error: unknown): {name: string; message: string; code?: string} {
	if (!(error instanceof Error)) {
		return {name: 'Error', message: safeText(String(error))};
	}
	// Node reports a failed connection to a name with several addresses as an AggregateError.
	const first = error instanceof AggregateError ? (error.errors[0] as unknown) : undefined;
	const code = systemCode(error) ?? systemCode(first);
	const message = error.message || (first instanceof Error ? first.message : '');
	return {name: safeText(error.name), message: safeText(message), code};
}

function safeText(text: string): string {
	return sanitizeLine(redactSentSecrets(text));
}

function systemCode(error: unknown): string | undefined {
	if (typeof error === 'object' && error !== null && 'code' in error) {
		const {code} = error as {code: unknown};
		return typeof code === 'string' ? code : undefined;
	}
	return undefined;
}

/**
 * Errors that no wait will cure: the reader gives up on them and says why. Expired credentials are
 * not among them: the user renews them (aws sso login, new keys) and the reading goes on from where
 * it was.
 */
const FATAL = new Set([
	'ResourceNotFoundException',
	'InvalidArgumentException',
	'ValidationException',
	'AccessDeniedException',
	'UnrecognizedClientException',
	'InvalidSignatureException',
	'KMSAccessDeniedException',
	'KMSDisabledException',
	'KMSInvalidStateException',
	'KMSNotFoundException',
	'KMSOptInRequired',
	'ReadOnlyError',
	'CredentialsProviderError',
	'UsageError',
	'TailTargetError',
]);

export function isFatal(error: unknown): boolean {
	return error instanceof Error && (FATAL.has(error.name) || error.message === 'Region is missing');
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
	return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}
