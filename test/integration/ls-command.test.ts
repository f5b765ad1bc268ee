import {beforeAll, describe, it} from 'vitest';
import {waitForActive} from '../../source/kinesis/streams.js';
import {runCli} from '../support/cli.js';
import {useOwnEngine} from '../support/engine.js';
import {type FaultRule, faults, startTestProxy} from '../support/fault-proxy.js';
import {uniqueName} from '../support/kinesis.js';

/**
 * `ls` when the service answers for some streams and not for one: as in the explorer's list, the
 * refused stream is reported and the others listed. On an engine of its own, so that the listing
 * holds these streams alone.
 */

const prefix = uniqueName('ls');
const [first, denied, last] = ['a', 'b', 'c'].map((suffix) => `${prefix}-${suffix}`) as [
	string,
	string,
	string,
];
// The engine makes the three streams as it starts (no CreateStream calls to wait on); the tests
// begin once each is ACTIVE.
const engine = useOwnEngine({
	INITIALIZE_STREAMS: [first, denied, last].map((name) => `${name}:1`).join(','),
});
beforeAll(async () => {
	const client = engine.client();
	await Promise.all(
		[first, denied, last].map((name) => waitForActive(client, name, {pollMs: 100})),
	);
});

/** A policy that denies one stream: its DescribeStreamSummary is refused, every other call answered. */
const denyOne: FaultRule = (request) =>
	request.operation === 'DescribeStreamSummary' && request.body.StreamName === denied
		? faults.accessDenied()
		: undefined;

const REPORT = new RegExp(
	`^kinesis-explorer: Left out "${denied}": Access denied by http://127\\.0\\.0\\.1:\\d+/? \\(AccessDeniedException\\): User: arn:aws:iam::000000000000:user/test is not authorized to perform this action\\.\\n$`,
);

// Each test has a proxy of its own and only reads: side by side (the throttled one waits out the
// CLI's retries).
describe.concurrent('ls when the service refuses to describe one stream', () => {
	it('--json: lists the others as valid JSON, reports that one on stderr, and exits 1', async (context) => {
		const {expect} = context;
		const proxy = await startTestProxy(context, engine.endpoint, denyOne);
		const result = await runCli(['ls', '--json', '--endpoint-url', proxy.url]);
		expect(result.stderr).toMatch(REPORT);
		expect(result.code).toBe(1);
		const streams = JSON.parse(result.stdout) as Array<{name: string; status: string}>;
		expect(streams.map((stream) => [stream.name, stream.status])).toEqual([
			[first, 'ACTIVE'],
			[last, 'ACTIVE'],
		]);
	});

	it('as a table: the same', async (context) => {
		const {expect} = context;
		const proxy = await startTestProxy(context, engine.endpoint, denyOne);
		const result = await runCli(['ls', '--endpoint-url', proxy.url]);
		expect(result.stderr).toMatch(REPORT);
		expect(result.code).toBe(1);
		const rows = result.stdout.trimEnd().split('\n');
		expect(rows).toHaveLength(3);
		expect(rows[0]).toMatch(/^NAME +STATUS/);
		expect(rows[1]).toMatch(new RegExp(`^${first} +ACTIVE +1 provisioned`));
		expect(rows[2]).toMatch(new RegExp(`^${last} +ACTIVE +1 provisioned`));
	});

	it('fails as a whole when the trouble is not about that stream (throttled to the end)', async (context) => {
		const {expect} = context;
		const proxy = await startTestProxy(context, engine.endpoint, (request) =>
			request.operation === 'DescribeStreamSummary' && request.body.StreamName === denied
				? faults.limitExceeded()
				: undefined,
		);
		const result = await runCli(['ls', '--json', '--endpoint-url', proxy.url]);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toMatch(
			/^kinesis-explorer: Throttled by Kinesis \(LimitExceededException\)/,
		);
	});
});
