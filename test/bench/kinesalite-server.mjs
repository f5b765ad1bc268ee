// kinesalite on a free loopback port, for the benchmarks: an engine fast enough not to be what is
// measured. Prints its endpoint URL on stdout, and exits when its stdin closes, so that a benchmark
// that dies never leaves it running.
import process from 'node:process';
import kinesalite from 'kinesalite';

const server = kinesalite({
	createStreamMs: 0,
	deleteStreamMs: 0,
	updateStreamMs: 0,
	// The limit counts the shards of every stream together: the scale benchmark makes thousands.
	shardLimit: 100_000,
});
server.listen(0, '127.0.0.1', () => {
	process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
