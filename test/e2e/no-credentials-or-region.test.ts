import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {BACKOFF_CAP_MS} from '../../source/lib/rate-limiter.js';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * The explorer pointed at AWS on a machine with no AWS set up: no credentials anywhere the SDK
 * looks (an empty home, no profile files, no instance metadata), or no region. It must open, say
 * what is missing in the status bar, keep trying, and answer its keys: never crash.
 */

/** The environment of a machine where the SDK finds nothing: its chain ends without credentials. */
function noAws(): Record<string, string> {
	const home = mkdtempSync(path.join(tmpdir(), 'kinesis-explorer-home-'));
	return {
		HOME: home,
		AWS_CONFIG_FILE: path.join(home, 'config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
	};
}

/** The status bar: the second-to-last row (the frame stops a row short of the bottom). */
const statusBar = (explorer: TerminalRig) => explorer.lines().at(-2) ?? '';

/**
 * Waits until the status bar's countdown to the next try has gone up twice. Between two tries it only
 * counts down; it goes up when a try has been made and failed, and the next one is set further off.
 * Twice, because one try may be the refresh the explorer asks for as it opens; the second is a
 * retry on its own. The waits before the tries are at most 1, 2, 4 and 8 s, and every try after
 * the second rises: the bound, the backoff cap and 15 s more, holds them all and their calls.
 */
async function triedAgain(explorer: TerminalRig, message: string) {
	let last: number | undefined;
	let rises = 0;
	await explorer.waitUntil(
		() => {
			const bar = statusBar(explorer);
			const match = /Retrying (?:in (\d+) s|now)\./.exec(bar);
			if (bar.includes(message) && match) {
				const seconds = Number(match[1] ?? 0);
				rises += last !== undefined && seconds > last ? 1 : 0;
				last = seconds;
			}
			return rises >= 2;
		},
		'the countdown to the next try to start again after a try, twice',
		BACKOFF_CAP_MS + 15_000,
	);
}

async function stillAnswers(explorer: TerminalRig) {
	await explorer.press('?');
	await explorer.waitFor('Keys (? or esc to close)');
	await explorer.press(KEYS.escape);
	await explorer.waitForGone('Keys (? or esc to close)');
	await explorer.press('q');
	expect(await explorer.waitForExit()).toMatchObject({exitCode: 0});
}

// Each test waits out backoffs in an explorer of its own: side by side.
describe.concurrent('the explorer on AWS with nothing set up', () => {
	it('without credentials: one line in the status bar, tried again with backoff, never a crash', async ({
		expect,
		onTestFinished,
	}) => {
		const message =
			'⚠ No AWS credentials found: set AWS_PROFILE or --profile, run aws configure, or use --local.';
		const rig = new TerminalRig(['--region', 'eu-west-1'], {columns: 160, rows: 30, env: noAws()});
		onTestFinished(() => rig.kill());
		const screen = await rig.waitFor(message);
		expect(screen.split('\n')[0]).toMatch(
			/^kinesis-explorer ● AWS eu-west-1 +retrying · \? help · q quit$/,
		);
		expect(statusBar(rig)).toMatch(/^⚠ No AWS credentials found: .* Retrying (in \d+ s|now)\.$/);
		await triedAgain(rig, message);
		await stillAnswers(rig);
	});

	it('without a region: one line in the status bar, tried again with backoff, never a crash', async ({
		expect,
		onTestFinished,
	}) => {
		const message =
			'⚠ No AWS region: pass --region or set AWS_REGION (or give your profile a region).';
		const rig = new TerminalRig([], {
			columns: 160,
			rows: 30,
			env: {
				...noAws(),
				AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
				AWS_SECRET_ACCESS_KEY: 'secret-never-shown',
			},
		});
		onTestFinished(() => rig.kill());
		const screen = await rig.waitFor(message);
		expect(screen.split('\n')[0]).toMatch(
			/^kinesis-explorer ● AWS no region +retrying · \? help · q quit$/,
		);
		await triedAgain(rig, message);
		expect(rig.rawOutput()).not.toContain('secret-never-shown');
		await stillAnswers(rig);
	});
});
