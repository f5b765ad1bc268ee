// The baseline for copy: a bare SDK loop reading every shard of a stream from TRIM_HORIZON to its
// end with GetRecords at its largest limit, each page put into the target with PutRecords of 500,
// one call at a time a shard, the failed entries sent again. The shards go at once, as bare-tail's.
// Usage: bare-copy.js <endpoint> <source> <target>
import process from 'node:process';
import {
	GetRecordsCommand,
	GetShardIteratorCommand,
	ListShardsCommand,
	PutRecordsCommand,
	type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import {benchClient} from './engine.js';

const [endpoint = '', source = '', target = ''] = process.argv.slice(2);
const client = benchClient(endpoint);
let copied = 0;

async function copyShard(shardId: string) {
	let {ShardIterator: iterator} = await client.send(
		new GetShardIteratorCommand({
			StreamName: source,
			ShardId: shardId,
			ShardIteratorType: 'TRIM_HORIZON',
		}),
	);
	while (iterator) {
		const page = await client.send(new GetRecordsCommand({ShardIterator: iterator, Limit: 10_000}));
		const records = page.Records ?? [];
		for (let start = 0; start < records.length; start += 500) {
			let entries: PutRecordsRequestEntry[] = records
				.slice(start, start + 500)
				.map((record) => ({PartitionKey: record.PartitionKey, Data: record.Data}));
			while (entries.length > 0) {
				const result = await client.send(
					new PutRecordsCommand({StreamName: target, Records: entries}),
				);
				copied += entries.length - (result.FailedRecordCount ?? 0);
				entries = entries.filter((_, index) => result.Records?.[index]?.ErrorCode);
			}
		}
		if (records.length === 0 && page.MillisBehindLatest === 0) {
			return;
		}
		iterator = page.NextShardIterator;
	}
}

const {Shards: shards = []} = await client.send(new ListShardsCommand({StreamName: source}));
await Promise.all(shards.map((shard) => copyShard(shard.ShardId!)));
client.destroy();
process.stderr.write(`copied ${copied} records\n`);
