// @ts-check
/**
 * Preloaded (`node --import`) into an embedded engine's process, before the engine. The engines have
 * no authentication, and kinesis-local has no setting for the address it binds: it listens on every
 * interface (`server.listen(port)`, its TLS port too). Here, a server given a port but no address
 * listens on the address the explorer chose instead: 127.0.0.1 unless KINESIS_EXPLORER_ENGINE_HOST
 * (set by engine.ts) says otherwise. It knows nothing of any one engine, so any engine run as a
 * child process can be held to the same address.
 *
 * Plain JavaScript, not TypeScript, so that Node loads the same file from source/ (the tests) as
 * from dist/.
 */
import net from 'node:net';
import process from 'node:process';

const host = process.env.KINESIS_EXPLORER_ENGINE_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;

/** @this {net.Server} @param {unknown[]} args */
function listenOnHost(...args) {
	return Reflect.apply(listen, this, withHost(args));
}

net.Server.prototype.listen = /** @type {typeof listen} */ (listenOnHost);

/**
 * The same arguments, with the host added where Node would otherwise listen on every interface:
 * `listen([port][, host][, backlog][, callback])` or `listen(options[, callback])` with no host.
 * A pipe (`listen(path)`, `{path}`) or an inherited handle (`{fd}`, `{handle}`) is left as it is.
 * @param {unknown[]} args
 * @returns {unknown[]}
 */
function withHost(args) {
	const [first, second] = args;
	if (first !== null && typeof first === 'object') {
		const options = /** @type {Record<string, unknown>} */ (first);
		const tcp =
			Object.getPrototypeOf(options) === Object.prototype &&
			!options.host &&
			options.path === undefined &&
			options.fd === undefined &&
			options.handle === undefined &&
			options._handle === undefined;
		return tcp ? [{...options, host}, ...args.slice(1)] : args;
	}
	// Node takes a string that is not a number for a pipe's path.
	if (typeof first === 'string' && !(Number(first) >= 0)) {
		return args;
	}
	if (args.length === 0 || typeof first === 'function') {
		return [0, host, ...args];
	}
	if (typeof second === 'string' && second !== '') {
		return args;
	}
	return [first, host, ...args.slice(typeof second === 'string' ? 2 : 1)];
}
