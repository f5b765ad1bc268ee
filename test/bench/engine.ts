import {spawn} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {createInterface} from 'node:readline';
import {
	CreateStreamCommand,
	DeleteStreamCommand,
	DescribeStreamSummaryCommand,
	KinesisClient,
	PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import {NodeHttpHandler} from '@smithy/node-http-handler';

export type Engine = {endpoint: string; pid: number; stop: () => void};

/** kinesalite in a child process (test/bench/kinesalite-server.mjs); it exits when we do. */
export async function startKinesalite(): Promise<Engine> {
	const child = spawn(process.execPath, [path.resolve('test/bench/kinesalite-server.mjs')], {
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	const endpoint = await new Promise<string>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`kinesalite exited with ${code}`)));
		createInterface({input: child.stdout}).once('line', resolve);
	});
	return {
		endpoint,
		pid: child.pid!,
		stop() {
			child.stdin.end();
			child.kill();
		},
	};
}

/** A bare SDK client as any script would make one for a plain http:// endpoint. */
export function benchClient(endpoint: string): KinesisClient {
	return new KinesisClient({
		endpoint,
		region: 'us-east-1',
		credentials: {accessKeyId: 'bench', secretAccessKey: 'bench'},
		requestHandler: new NodeHttpHandler(),
	});
}

export async function createStream(client: KinesisClient, name: string, shards: number) {
	await client.send(new CreateStreamCommand({StreamName: name, ShardCount: shards}));
	for (;;) {
		const {StreamDescriptionSummary: summary} = await client.send(
			new DescribeStreamSummaryCommand({StreamName: name}),
		);
		if (summary?.StreamStatus === 'ACTIVE') {
			return;
		}
		await sleep(20);
	}
}

export async function deleteStream(client: KinesisClient, name: string) {
	await client.send(new DeleteStreamCommand({StreamName: name}));
}

/** A payload of exactly `size` bytes of JSON text, carrying its index. */
export function payload(index: number, size: number): string {
	const head = `{"i":${index},"pad":"`;
	return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
}

/**
 * Fills a stream with `count` records of `size` bytes, PutRecords of 500, four calls in flight; each
 * record to the shard its partition key hashes to, or to the one `hashKeyOf` names.
 */
export async function fillStream(
	client: KinesisClient,
	name: string,
	count: number,
	size: number,
	hashKeyOf?: (index: number) => string,
) {
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const start = next;
			next = Math.min(count, next + 500);
			let entries = Array.from({length: next - start}, (_, offset) => ({
				PartitionKey: `key-${start + offset}`,
				ExplicitHashKey: hashKeyOf?.(start + offset),
				Data: Buffer.from(payload(start + offset, size)),
			}));
			while (entries.length > 0) {
				const result = await client.send(
					new PutRecordsCommand({StreamName: name, Records: entries}),
				);
				entries = entries.filter((_, index) => result.Records?.[index]?.ErrorCode);
			}
		}
	};
	await Promise.all([worker(), worker(), worker(), worker()]);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
