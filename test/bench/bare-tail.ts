// The baseline for the tail: a bare SDK loop reading every shard of a stream from TRIM_HORIZON with
// GetRecords at its largest limit, writing the same NDJSON. Usage: bare-tail.js <endpoint> <stream> <max>
import process from 'node:process';
import {
	GetRecordsCommand,
	GetShardIteratorCommand,
	ListShardsCommand,
	type _Record,
} from '@aws-sdk/client-kinesis';
import {benchClient} from './engine.js';

const [endpoint = '', stream = '', maxText = '0'] = process.argv.slice(2);
const max = Number(maxText);
const client = benchClient(endpoint);
const utf8 = new TextDecoder('utf-8', {fatal: true});
let written = 0;

function line(shardId: string, record: _Record): string {
	let data: string;
	let encoding = 'utf8';
	try {
		data = utf8.decode(record.Data);
	} catch {
		data = Buffer.from(record.Data!).toString('base64');
		encoding = 'base64';
	}
	return `${JSON.stringify({
		stream,
		shardId,
		sequenceNumber: record.SequenceNumber,
		partitionKey: record.PartitionKey,
		approximateArrivalTimestamp: record.ApproximateArrivalTimestamp?.toISOString(),
		data,
		encoding,
	})}\n`;
}

async function readShard(shardId: string) {
	let {ShardIterator: iterator} = await client.send(
		new GetShardIteratorCommand({
			StreamName: stream,
			ShardId: shardId,
			ShardIteratorType: 'TRIM_HORIZON',
		}),
	);
	while (iterator && written < max) {
		const page = await client.send(new GetRecordsCommand({ShardIterator: iterator, Limit: 10_000}));
		const records = (page.Records ?? []).slice(0, max - written);
		written += records.length;
		if (
			records.length > 0 &&
			!process.stdout.write(records.map((record) => line(shardId, record)).join(''))
		) {
			await new Promise((resolve) => process.stdout.once('drain', resolve));
		}
		if (records.length === 0 && page.MillisBehindLatest === 0) {
			return;
		}
		iterator = page.NextShardIterator;
	}
}

const {Shards: shards = []} = await client.send(new ListShardsCommand({StreamName: stream}));
await Promise.all(shards.map((shard) => readShard(shard.ShardId!)));
client.destroy();
