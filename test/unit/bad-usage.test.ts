import {describe, expect, it} from 'vitest';
import {readCommandLine} from '../../source/command-line.js';
import {resolveConnection, UsageError} from '../../source/config.js';

/**
 * Every flag given wrong values, read as the CLI reads argv: one message that says what is wrong,
 * made safe for the terminal and cut short, before anything is started or sent. (A few of them are
 * also run end to end through the built CLI, in test/reliability/bad-input.)
 */

const long = 'x'.repeat(300);
const escape = '\u001b]0;owned\u0007\u001b[2J';

/** The usage error argv meets, as the CLI would print it after "kinesis-explorer: ". */
function usageError(argv: string[]): string {
	try {
		const invocation = readCommandLine(argv);
		if (invocation.command === 'help' || invocation.command === 'version') {
			throw new Error(`${JSON.stringify(argv)} was taken as asking for the ${invocation.command}.`);
		}
		resolveConnection(invocation.command === 'serve' ? {local: true} : invocation.connection, {});
	} catch (error) {
		if (error instanceof UsageError) {
			return error.message;
		}
		throw error;
	}
	throw new Error(`${JSON.stringify(argv)} was taken as good usage.`);
}

/** [what, arguments, message]: each is bad usage, exit code 2, found before any call is made. */
const USAGE: Array<[string, string[], RegExp]> = [
	['tail without a stream', ['tail'], /^tail needs a stream/],
	['an empty stream name', ['tail', ''], /^"" is not a stream name/],
	['a stream name too long', ['tail', long], /^"x{64}…" is not a stream name/],
	['a stream name with escapes', ['shards', escape], /^"␛]0;owned␇␛\[2J" is not a stream/],
	['a put to a bad stream name', ['put', 'a b', '--data', 'x'], /is not a stream name/],
	['--from unknown', ['tail', 's', '--from', 'yesterday'], /^--from "yesterday" is not a/],
	[
		'--from a malformed sequence number',
		['tail', 's', '--shard', '1', '--from', 'at-sequence:12ab'],
		/"12ab" is not a sequence number/,
	],
	[
		'--from a malformed timestamp',
		['tail', 's', '--from', 'at-timestamp:2026-13-45T99:00:00Z'],
		/is not a time/,
	],
	[
		'--until malformed',
		['tail', 's', '--from', 'trim-horizon', '--until', 'soon'],
		/^--until: "soon" is not a time/,
	],
	[
		'--until before --from',
		['tail', 's', '--from', 'at-timestamp:1h', '--until', '2h'],
		/^--until "2h" \(\S+\) is not after --from \(\S+\): the window would hold nothing\.$/,
	],
	[
		'--until past with --from latest',
		['tail', 's', '--until', '10m'],
		/^--until "10m" is not in the future, and --from latest starts now/,
	],
	['--until empty', ['tail', 's', '--until', ''], /^--until needs a value/],
	[
		'--until negative',
		['tail', 's', '--from', 'trim-horizon', '--until', '-5m'],
		/^--until "-5m": a value that starts with - reads as a flag/,
	],
	['--where without =', ['tail', 's', '--where', 'user.id'], /^--where: "user\.id" has no =/],
	['--where empty', ['tail', 's', '--where', ''], /^--where: "" has no =/],
	['--where without a path', ['tail', 's', '--where', '=1'], /^--where: a field needs a path/],
	['--where a bad path', ['tail', 's', '--where', 'a..b=1'], /^--where: "a\.\.b" is not a dot/],
	[
		'--where an open quote',
		['tail', 's', '--where', 'name="Ann'],
		/^--where: the value opens a quote it does not close: "Ann$/,
	],
	[
		'--where with escapes',
		['tail', 's', '--where', escape],
		/^--where: "␛]0;owned␇␛\[2J" has no =/,
	],
	[
		'--grep a broken regex',
		['tail', 's', '--grep', '/a(/'],
		/^--grep "\/a\(\/": Not a regular expression: /,
	],
	['--grep bad regex flags', ['tail', 's', '--grep', '/a/q'], /Not a regular expression/],
	['--grep given twice', ['tail', 's', '--grep', 'a', '--grep', 'b'], /^--grep is given more/],
	['--grep on put', ['put', 's', '--data', 'x', '--grep', 'a'], /^--grep does not apply to put/],
	['copy without a target', ['copy', 'a'], /^copy needs a source and a target stream/],
	['copy without streams', ['copy'], /^copy needs a source and a target stream/],
	['copy into itself', ['copy', 'a', 'a'], /^copy "a" into itself/],
	['copy to three streams', ['copy', 'a', 'b', 'c'], /^copy takes two streams, not also "c"/],
	['copy to a bad name', ['copy', 'a', 'b c'], /^"b c" is not a stream name/],
	[
		'copy with --read-only',
		['copy', 'a', 'b', '--read-only'],
		/^copy writes into "b", and --read-only refuses every write\.$/,
	],
	[
		'copy from latest to now',
		['copy', 'a', 'b', '--from', 'latest'],
		/^--until "now" is not in the future, and --from latest starts now/,
	],
	[
		'copy --until before --from',
		['copy', 'a', 'b', '--from', 'at-timestamp:10m', '--until', '1h'],
		/is not after --from/,
	],
	['copy with a bad --where', ['copy', 'a', 'b', '--where', 'x'], /^--where: "x" has no =/],
	['copy with --json', ['copy', 'a', 'b', '--json'], /^--json does not apply to copy/],
	['copy with --shard', ['copy', 'a', 'b', '--shard', '1'], /^--shard does not apply to copy/],
	['--max 0', ['tail', 's', '--max', '0'], /^--max is a number of records, 1 or more/],
	['--max not a number', ['tail', 's', '--max', 'many'], /^--max needs a value \(a number\)/],
	['--max a fraction', ['tail', 's', '--max', '1.5'], /^--max is a number of records/],
	['--shard malformed', ['tail', 's', '--shard', 'shard 1!'], /^--shard "shard 1!" is not/],
	['--efo empty', ['tail', 's', '--efo', ''], /^--efo needs a value/],
	['--efo with escapes', ['tail', 's', '--efo', escape], /^--efo "␛]0;owned␇␛\[2J" is not/],
	['put with neither --data nor --file', ['put', 's'], /--data <text> or --file <path>/],
	['put with both', ['put', 's', '--data', 'x', '--file', 'f'], /one of them/],
	['--partition-key empty', ['put', 's', '--data', 'x', '--partition-key', ''], /needs a/],
	[
		'--partition-key too long',
		['put', 's', '--data', 'x', '--partition-key', 'k'.repeat(257)],
		/1 to 256 characters; this one has 257/,
	],
	[
		'--explicit-hash-key negative',
		['put', 's', '--data', 'x', '--explicit-hash-key', '-1'],
		/--explicit-hash-key: .*0 to 2\^128/,
	],
	[
		'--explicit-hash-key out of range',
		['put', 's', '--data', 'x', '--explicit-hash-key', (2n ** 128n).toString()],
		/at most 2\^128−1/,
	],
	[
		'--format unknown',
		['put', 's', '--file', 'f', '--format', 'xml'],
		/^--format is one of ndjson, json, text/,
	],
	['--port out of range', ['serve', '--port', '70000'], /^--port is a port number/],
	['--host a name', ['serve', '--host', 'localhost'], /^--host "localhost" is not an IP/],
	['--host with escapes', ['serve', '--host', escape], /^--host "␛]0;owned␇␛\[2J" is not/],
	['--buffer too small', ['--buffer', '5'], /^--buffer is the records the tail keeps/],
	['--demo-rate negative', ['ls', '--demo-rate', '-1'], /^--demo-rate is records per/],
	['--region malformed', ['ls', '--region', 'Mars 1'], /^--region: "Mars 1" is not a region/],
	['--endpoint-url not a URL', ['ls', '--endpoint-url', 'nowhere'], /is not a URL/],
	[
		'--endpoint-url without its scheme',
		['ls', '--endpoint-url', 'localhost:4566'],
		/^--endpoint-url: "localhost:4566" must start with http:\/\/ or https:\/\/\.$/,
	],
	[
		'--local with --endpoint-url',
		['--local', '--endpoint-url', 'http://x:1'],
		/^--local and --endpoint-url cannot be used together: pick one\.$/,
	],
	['a flag given twice', ['ls', '--region', 'a', '--region', 'b'], /^--region is given more/],
	['consumers without a stream', ['consumers'], /^consumers needs a stream/],
	['consumers of two streams', ['consumers', 'a', 'b'], /^consumers takes one stream/],
	['--kcl-table too short', ['consumers', 's', '--kcl-table', 'ab'], /^--kcl-table "ab" is not a/],
	[
		'--kcl-table with escapes',
		['consumers', 's', '--kcl-table', 'ok-table', '--kcl-table', escape],
		/^--kcl-table "␛]0;owned␇␛\[2J" is not a table name/,
	],
	['--kcl-table empty', ['consumers', 's', '--kcl-table', ''], /^--kcl-table "" is not a/],
	['--kcl-table too short, on the explorer', ['--kcl-table', 'ab'], /^--kcl-table "ab" is not a/],
	['--kcl-table on another command', ['ls', '--kcl-table', 'app'], /^--kcl-table does not apply/],
	[
		'--local with --dynamodb-endpoint-url',
		['consumers', 's', '--local', '--dynamodb-endpoint-url', 'http://x:1'],
		/^--local and --dynamodb-endpoint-url cannot be used together/,
	],
	[
		'--dynamodb-endpoint-url not a URL',
		['consumers', 's', '--dynamodb-endpoint-url', 'nowhere'],
		/^--dynamodb-endpoint-url: "nowhere" is not a URL/,
	],
	[
		'--failover without a unit',
		['consumers', 's', '--failover', '30'],
		/^--failover "30" is not a/,
	],
	['--failover under a second', ['consumers', 's', '--failover', '500ms'], /^--failover "500ms"/],
	['--failover over an hour', ['consumers', 's', '--failover', '61m'], /^--failover "61m" is not/],
	['--failover without a unit, on the explorer', ['--failover', '30'], /^--failover "30" is not a/],
	['--failover on ls', ['ls', '--failover', '30s'], /^--failover does not apply to ls/],
	['--profile empty', ['ls', '--profile', ''], /^--profile needs a value/],
	['an unknown command with escapes', [escape], /^Unknown command "␛]0;owned␇␛\[2J"/],
	['an unknown flag', ['ls', `--${'z'.repeat(200)}`], /^Unknown flag --z{62}…/],
	['a flag of another command', ['ls', '--max', '3'], /^--max does not apply to ls/],
	['stats without a stream', ['stats'], /^stats needs a stream/],
	[
		'--since malformed',
		['stats', 's', '--since', '5 minutes'],
		/^--since: "5 minutes" is not a time/,
	],
	['--since negative', ['stats', 's', '--since', '-5m'], /^--since "-5m" is negative/],
	['--since=negative', ['stats', 's', '--since=-2h'], /^--since "-2h" is negative/],
	['--since in the future', ['stats', 's', '--since', '2999-01-01'], /is not in the past/],
	['--since now', ['stats', 's', '--since', '0s'], /^--since "0s" is not in the past/],
	['--since on tail', ['tail', 's', '--since', '5m'], /^--since does not apply to tail/],
];

describe('bad usage', () => {
	it.each(USAGE)('%s: one line that says what is wrong', (_, argv, message) => {
		const told = usageError(argv);
		expect(told).toMatch(message);
		expect(told).not.toContain('\n');
		expect(told).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
	});
});
