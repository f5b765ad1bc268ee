/** Where and how the client connects: what the command line and the environment resolve to. */

export type Target = 'local' | 'endpoint' | 'aws';

export type ConnectionSettings = {
	target: Target;
	/** Set for 'endpoint'; for 'local' it is known only once the embedded engine runs. */
	endpoint?: string;
	/**
	 * Where the KCL lease tables are read (DynamoDB): undefined for AWS's own. For 'local' it is known
	 * only once the embedded DynamoDB runs.
	 */
	dynamodbEndpoint?: string;
	/** Undefined lets the SDK resolve it from the profile's config file. */
	region?: string;
	profile?: string;
	readOnly: boolean;
	/**
	 * The embedded engine and loopback endpoints (LocalStack) accept any signature, so when the user
	 * configured no credentials we sign with placeholders rather than fail on a missing AWS account.
	 */
	placeholderCredentials: boolean;
	/**
	 * The certificates (PEM) that HTTPS endpoints are checked against instead of Node's own list, from
	 * --ca-bundle or AWS_CA_BUNDLE: a local engine's own, or a company proxy's.
	 */
	caBundle?: string;
};

/** The region the embedded engine and local endpoints are addressed with when none is given. */
export const LOCAL_REGION = 'us-east-1';
