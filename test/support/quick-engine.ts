/**
 * The engine's own waits (half a second for each create, split, merge …) cut short: the tests wait
 * for ACTIVE as a client of AWS must, and a test that needs a change to take long says so.
 */
export const QUICK_ENGINE: Readonly<Record<string, string>> = Object.fromEntries(
	[
		'CREATE_STREAM',
		'DELETE_STREAM',
		'REGISTER_STREAM_CONSUMER',
		'DEREGISTER_STREAM_CONSUMER',
		'START_STREAM_ENCRYPTION',
		'STOP_STREAM_ENCRYPTION',
		'MERGE_SHARDS',
		'SPLIT_SHARD',
		'UPDATE_SHARD_COUNT',
		'UPDATE_STREAM_MODE',
	].map((change) => [`${change}_DURATION`, '10ms']),
);
