// Loaded into the CLI (`node --import`) by tests that must know whether it started a process (the
// embedded engine): every child_process.spawn is written down, one line each, in SPAWN_PROBE_LOG.
import childProcess from 'node:child_process';
import {appendFileSync} from 'node:fs';
import {syncBuiltinESMExports} from 'node:module';
import process from 'node:process';

const log = process.env.SPAWN_PROBE_LOG;
const spawn = childProcess.spawn;
childProcess.spawn = function (...args) {
	if (log) {
		appendFileSync(log, `${JSON.stringify(args[0])}\n`);
	}
	return Reflect.apply(spawn, this, args);
};
// `import {spawn} from 'node:child_process'` elsewhere sees the same function.
syncBuiltinESMExports();
