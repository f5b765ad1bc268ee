import {helpSections} from './ui/keymap.js';
import {POSITION_HELP} from './model/positions.js';
import {DEFAULT_BUFFER} from './services/tail/tail-service.js';
import {DEFAULT_SINCE} from './flags.js';

/** The explorer's keys from its keymap, as the help overlay shows them: written once. */
function keyList(): string {
	return helpSections()
		.map(({section, entries}) =>
			[
				`    ${section}`,
				...entries.map(({keys, description}) => `      ${keys.padEnd(22)} ${description}`),
			].join('\n'),
		)
		.join('\n');
}

export const HELP = `
  Explore Amazon Kinesis Data Streams from the terminal: streams, shards, live records.

  Usage
    $ kinesis-explorer [options]                     open the explorer
    $ kinesis-explorer ls [--json]                   list streams
    $ kinesis-explorer shards <stream> [--json]      shard lineage tree: states, hash key ranges
    $ kinesis-explorer tail <stream> [--shard <id>|all] [--from <position>] [--until <time>|now] [--max <n>]
                      [--grep <text|/regex/>] [--where <path>=<value>]… [--json] [--efo <consumer>]
                                                     print a stream's records as they arrive, or a
                                                     window of them
    $ kinesis-explorer serve [--port <n>] [--demo] [--host <address>]
                                                     run the embedded engines (Kinesis, DynamoDB) in
                                                     the foreground
    $ kinesis-explorer put <stream> (--data <text> | --file <path>|-) [--partition-key <key>] [--explicit-hash-key <n>] [--json]
                                                     send one record, or every record of a file
    $ kinesis-explorer copy <source> <target> [--from <position>] [--until <time>|now] [--grep …] [--where …] [--ordered]
                                                     replay a stream's records into another
    $ kinesis-explorer consumers <stream> [--kcl-table <name>]… [--failover <time>] [--json]
                                                     who reads the stream (fan-out consumers, KCL
                                                     applications) and how far behind they are
    $ kinesis-explorer stats <stream> [--since <10m|2h|time>] [--json]
                                                     where the writes went: each shard against its
                                                     limits, hot shards, top keys, where to split

  Connection (as in the aws CLI; a flag wins over the environment)
    --local                  Start the embedded engines (Kinesis, and DynamoDB for lease tables) for
                             this run, with demo streams and a demo KCL application (no AWS account
                             or credentials needed); they stop when the explorer does
    --endpoint-url <url>     Any Kinesis-compatible endpoint, e.g. http://localhost:4566 (LocalStack);
                             DynamoDB is read there too [env AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL]
    --dynamodb-endpoint-url <url>  Where the KCL lease tables are read instead (only DescribeTable,
                             ListTables, Scan and Query are ever sent) [env AWS_ENDPOINT_URL_DYNAMODB]
    --region <region>        AWS region [env AWS_REGION, or the profile's region]
    --profile <name>         Named profile from ~/.aws/config [env AWS_PROFILE]
    --ca-bundle <file>       Certificates (PEM) to check an HTTPS endpoint against instead of Node's
                             own list: a local engine's, a company proxy's [env AWS_CA_BUNDLE]
    --read-only              Refuse every call that writes (put, create, delete, split, merge …)
    Credentials come from the AWS SDK's default chain. Local endpoints (localhost, 127.*) work
    without any: placeholders are used when none are configured.

  Options
    --json                   ls, shards: JSON for scripts instead of a table or a tree
    --port <n>               serve: the Kinesis engine's port (default 4567); DynamoDB takes a free
                             one. stdout: the Kinesis endpoint, then the DynamoDB endpoint, a line each
    --host <address>         serve: the IP address the engines listen on (default 127.0.0.1: this
                             machine only; 0.0.0.0 for every address). The engines have no
                             authentication: whoever reaches them can read, write and delete streams
    --demo                   serve: create the demo streams and write to them (on by default with
                             --local; --no-demo turns it off)
    --demo-rate <n>          Demo records written per second, in all (default 4; 0 stops the producer)
    --shard <id>|all         tail: one shard (then its children), or every shard (default all)
    --from <position>        tail: where to start (default latest; copy: trim-horizon):
                             ${POSITION_HELP}
                             (a time without a zone is UTC; 10m, 2h, 1d mean that long ago). A
                             sequence number without --shard: the shard that holds it is found
    --until <time>|now       tail, copy: end once every shard is read to this time (ISO 8601, or
                             10m, 2h, 1d ago); now: the moment the command started (copy's default)
    --grep <text|/regex/>    tail, copy: only records whose partition key or data holds the text
                             (any case) or matches the regular expression (/err(or)?/i)
    --where <path>=<value>   tail, copy: only records whose JSON data has this value at the dot
                             path (user.id=42; a number, true, false, null, or a string: "42" in
                             quotes is the string); repeat for more: all must hold
    --max <n>                tail: stop after n records written (sub-records of KPL aggregates count
                             one each; records the filter leaves out do not count)
    --json                   tail: one JSON object a line (NDJSON); data is text, or base64 if not UTF-8
    --efo <consumer>         tail: read by enhanced fan-out as this consumer (registered if needed)
    --buffer <n>             the explorer: records the tail pane keeps (default ${DEFAULT_BUFFER})
    --kcl-table <name>       consumers, and the explorer's consumers view: a KCL application's
                             lease table (its name, by default); repeat for more. Without it, every
                             table keyed by leaseKey whose leases name the stream's shards is found
                             (ListTables, DescribeTable, Scan). The explorer reads each for the
                             streams its leases name
    --failover <time>        consumers, and the explorer's consumers view: the application's
                             failover time (failoverTimeMillis): an owner whose lease counter stood
                             still this long is stalled (default 10s; 1500ms, 2m)
    --json                   consumers: one object a line:
                             {"kind":"efo","stream","name","status","registeredAt"}
                             {"kind":"lease","stream","application","table","shardId","owner",
                              "checkpoint","leaseCounter","stalled","millisBehindLatest"}
                              (millisBehindLatest null, with a "reason", where it cannot be measured)
                             {"kind":"unleased","stream","application","table","shardId"}
    --since <time>           stats: the window's start, ISO 8601 or a while ago (10m, 2h, 1d;
                             default ${DEFAULT_SINCE}); it ends when stats starts reading
    --json                   stats: one JSON object: the stream, the window, records, bytes, calls,
                             each shard's rates, hot, top keys, split and key over its limit,
                             and the merge candidates

  Sending records (put)
    --data <text>            One record with this text as its data
    --file <path>|-          Every record of a file (- reads standard input to its end first):
                             NDJSON (a JSON value a line), a JSON array, or plain text (a record a
                             line); blank lines are skipped. A line of tail --json is sent as the
                             record it tells of: its bytes, its partition key. Every line is checked
                             before anything is sent
    --format <f>             ndjson, json or text (default: told by the file's first character)
    --partition-key <key>    The partition key (default: a random UUID for each record)
    --partition-key-field <path>  The partition key from each JSON record's field, e.g. user.id
    --explicit-hash-key <n>  Place the records by this hash key (0 to 2^128-1), not by their key
    --skip-invalid           Send the good records of a file that has bad lines
    --ordered                put, copy: keep the order of the records of each partition key (slower)
    --json                   put: one result a line on stdout:
                             {"line","partitionKey","shardId","sequenceNumber"} or {"line","error"}
    --help                   Show this help
    --version                Show the version

  Keys in the explorer
${keyList()}
  Exit codes
    0    done (tail: at --max or --until); the explorer, tail and serve also when stopped with ctrl+c
    1    Kinesis or the engine failed, a record could not be sent, ls left out a stream it could
         not describe, or consumers could not read DynamoDB (the message says why)
    2    bad usage: a flag, argument or file that is wrong, a --kcl-table that is not the stream's
         lease table, a sequence number no shard holds, a copy target that does not exist, or no
         terminal (nothing is sent)
    130  ls, put, copy or stats stopped with ctrl+c before it was done (or any command, by a second
         ctrl+c)

  Examples
    $ kinesis-explorer --local                                  the embedded engine and demo streams
    $ kinesis-explorer --endpoint-url http://localhost:4566     LocalStack
    $ kinesis-explorer --profile prod --region eu-west-1 --read-only
    $ kinesis-explorer ls --json --endpoint-url http://localhost:4566
    $ kinesis-explorer shards clickstream --local               the demo stream's split and merge
    $ kinesis-explorer tail clickstream --local --from trim-horizon --json --max 10
    $ kinesis-explorer tail orders --from at-timestamp:10m --shard shardId-000000000001
    $ kinesis-explorer tail orders --from at-timestamp:1h --until now --json > last-hour.ndjson
    $ kinesis-explorer tail orders --from trim-horizon --until now --where status=failed --grep /timeout/i
    $ kinesis-explorer put orders-replay --file last-hour.ndjson      the same bytes, the same keys
    $ kinesis-explorer copy orders orders-test --from at-timestamp:1h
    $ kinesis-explorer serve --port 4567 --demo                 then point other tools at it
    $ kinesis-explorer serve --host 0.0.0.0                     other machines too (no authentication)
    $ kinesis-explorer put clickstream --file events.ndjson --partition-key-field user.id
    $ kinesis-explorer consumers clickstream --local            the demo's KCL application, lagging
    $ kinesis-explorer consumers orders --kcl-table orders-app --json
    $ kinesis-explorer stats clickstream --local --since 2m     which shard is hot, and where to split it
`;
