import {benchClient, createStream, deleteStream, type Engine} from './engine.js';
import {CLI, median, runNode, sampleProcess} from './measure.js';
import type {Result} from './result.js';
import {Screen} from './screen.js';

/**
 * The bare baseline: a node process doing one ListStreams with the SDK, as `node -e` would. It says
 * its resident memory on stderr as it ends, for the explorer's memory to stand beside.
 */
const BARE_LIST = `
import {KinesisClient, ListStreamsCommand} from '@aws-sdk/client-kinesis';
import {NodeHttpHandler} from '@smithy/node-http-handler';
const client = new KinesisClient({endpoint: process.argv[1], region: 'us-east-1',
	credentials: {accessKeyId: 'bench', secretAccessKey: 'bench'}, requestHandler: new NodeHttpHandler()});
const page = await client.send(new ListStreamsCommand({}));
console.log(JSON.stringify(page.StreamNames));
client.destroy();
process.stderr.write(\`rss \${process.memoryUsage().rss}\\n\`);
`;

/**
 * Start-up against an engine already running, alternately: the explorer from launch to the first
 * frame that shows the stream list with its streams (in a pseudo-terminal) and its resident memory
 * then, `ls --json` to its exit, and a bare `node -e` with one ListStreams to its exit.
 */
export async function startupBenchmark(engine: Engine, rounds: number): Promise<Result[]> {
	const client = benchClient(engine.endpoint);
	const names = ['bench-start-a', 'bench-start-b', 'bench-start-c'];
	for (const name of names) {
		await createStream(client, name, 1);
	}
	const explorer: number[] = [];
	const memory: number[] = [];
	const ls: number[] = [];
	const bare: number[] = [];
	const bareMemory: number[] = [];
	for (let round = 0; round < rounds; round++) {
		const launched = performance.now();
		const screen = new Screen(['--endpoint-url', engine.endpoint]);
		try {
			explorer.push((await screen.waitFor(/bench-start-c +ACTIVE/, 60_000, 2)) - launched);
			memory.push(sampleProcess(screen.pid, 0).rssMb);
			await screen.quit();
		} finally {
			screen.kill();
		}
		const list = await runNode([CLI, 'ls', '--json', '--endpoint-url', engine.endpoint]);
		const one = await runNode(['--input-type=module', '-e', BARE_LIST, engine.endpoint]);
		if (list.code !== 0 || one.code !== 0) {
			throw new Error(
				`ls exited ${list.code}, the bare ListStreams ${one.code}: ${list.stderr}${one.stderr}`,
			);
		}
		ls.push(list.wallMs);
		bare.push(one.wallMs);
		bareMemory.push(Number(/rss (\d+)/.exec(one.stderr)?.[1]) / 1024 / 1024);
	}
	for (const name of names) {
		await deleteStream(client, name);
	}
	client.destroy();
	const bareList = {name: 'node -e, one bare ListStreams', value: median(bare)};
	return [
		{
			benchmark: 'start-up',
			figure: 'explorer: launch → first frame with the stream list',
			value: median(explorer),
			unit: 'ms',
			baseline: bareList,
			goal: 'within 2× the bare ListStreams',
			met: median(explorer) <= 2 * bareList.value,
			engine: 'kinesalite',
			samples: {explorer, bare},
		},
		{
			benchmark: 'start-up',
			figure: '… its resident memory at that frame',
			value: median(memory),
			unit: 'MB',
			baseline: {name: 'the bare ListStreams process as it ends', value: median(bareMemory)},
			goal: 'at most 90 MB',
			met: median(memory) <= 90,
			engine: 'kinesalite',
			samples: {memory, bareMemory},
		},
		{
			benchmark: 'start-up',
			figure: 'ls --json (3 streams, each described): wall time',
			value: median(ls),
			unit: 'ms',
			baseline: bareList,
			goal: 'within 1.3× the bare ListStreams',
			met: median(ls) <= 1.3 * bareList.value,
			engine: 'kinesalite',
			samples: {ls},
		},
	];
}
