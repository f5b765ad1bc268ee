// The baselines for put --file: a bare SDK loop over the lines of an NDJSON file, either PutRecords
// with 500 records a call, one call at a time, or one PutRecord call a record (the seed's way).
// Usage: bare-put.js <endpoint> <stream> <file> batch|single <records>
import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import process from 'node:process';
import {PutRecordCommand, PutRecordsCommand} from '@aws-sdk/client-kinesis';
import {benchClient} from './engine.js';

const [endpoint = '', stream = '', file = '', mode = 'batch', countText = '0'] =
	process.argv.slice(2);
const client = benchClient(endpoint);
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, Number(countText));

if (mode === 'single') {
	for (const line of lines) {
		await client.send(
			new PutRecordCommand({
				StreamName: stream,
				PartitionKey: randomUUID(),
				Data: Buffer.from(line),
			}),
		);
	}
} else {
	for (let start = 0; start < lines.length; start += 500) {
		let entries = lines
			.slice(start, start + 500)
			.map((line) => ({PartitionKey: randomUUID(), Data: Buffer.from(line)}));
		while (entries.length > 0) {
			const result = await client.send(
				new PutRecordsCommand({StreamName: stream, Records: entries}),
			);
			entries = entries.filter((_, index) => result.Records?.[index]?.ErrorCode);
		}
	}
}
process.stdout.write(`${lines.length}\n`);
client.destroy();
