// The baseline for stats: a bare SDK loop reading every shard of a stream over a window, from
// AT_TIMESTAMP at its start to its end (the moment it starts), with GetRecords at its largest limit
// and no pause between calls, counting the records. Usage: bare-window.js <endpoint> <stream> <from ISO>
import process from 'node:process';
import {
	GetRecordsCommand,
	GetShardIteratorCommand,
	ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import {benchClient} from './engine.js';

const [endpoint = '', stream = '', fromText = ''] = process.argv.slice(2);
const from = new Date(fromText);
const until = new Date();
const client = benchClient(endpoint);
let read = 0;

async function readShard(shardId: string) {
	let {ShardIterator: iterator} = await client.send(
		new GetShardIteratorCommand({
			StreamName: stream,
			ShardId: shardId,
			ShardIteratorType: 'AT_TIMESTAMP',
			Timestamp: from,
		}),
	);
	while (iterator) {
		const page = await client.send(new GetRecordsCommand({ShardIterator: iterator, Limit: 10_000}));
		const records = page.Records ?? [];
		const inWindow = records.filter((record) => record.ApproximateArrivalTimestamp! <= until);
		read += inWindow.length;
		if (
			inWindow.length < records.length ||
			(records.length === 0 && page.MillisBehindLatest === 0)
		) {
			return;
		}
		iterator = page.NextShardIterator;
	}
}

const {Shards: shards = []} = await client.send(new ListShardsCommand({StreamName: stream}));
await Promise.all(shards.map((shard) => readShard(shard.ShardId!)));
client.destroy();
process.stderr.write(`read ${read} records\n`);
