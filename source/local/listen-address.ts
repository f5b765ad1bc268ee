import net from 'node:net';

/** The address the embedded engines listen on unless told another: this machine only. */
export const LOOPBACK = '127.0.0.1';

const LOOPBACK_ADDRESSES = new net.BlockList();
LOOPBACK_ADDRESSES.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK_ADDRESSES.addAddress('::1', 'ipv6');

/**
 * An address a server can listen on: an IPv4 or IPv6 literal. A name (localhost) would leave the
 * choice of address to the resolver, and an IPv6 zone (fe80::1%eth0) cannot be written in the
 * endpoint's URL.
 */
export function isListenAddress(host: string): boolean {
	return net.isIP(host) !== 0 && !host.includes('%');
}

export function isLoopback(host: string): boolean {
	return LOOPBACK_ADDRESSES.check(host, net.isIPv6(host) ? 'ipv6' : 'ipv4');
}

/** Listening on it means listening on every address of the machine (0.0.0.0, ::). */
export function isUnspecified(host: string): boolean {
	return /^[0.:]+$/.test(host);
}

/** Where a client on this machine reaches a server that listens on `host`. */
export function reachableAddress(host: string): string {
	if (!isUnspecified(host)) {
		return host;
	}
	return net.isIPv6(host) ? '::1' : LOOPBACK;
}

/** The host part of a URL: IPv6 addresses go in brackets. */
export function urlHost(address: string): string {
	return net.isIPv6(address) ? `[${address}]` : address;
}
