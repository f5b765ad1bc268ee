import {generateKeyPairSync, randomBytes, sign} from 'node:crypto';

/**
 * A self-signed certificate for the embedded engine's TLS port, made at each start. The one shipped
 * with kinesis-local names no host (its subject is "CN=Unknown"), so a client that checks the host
 * name, as every HTTPS client should, refuses it at 127.0.0.1 and at localhost alike. This one names
 * both, and a client that trusts it (--ca-bundle) connects with the usual checks on. Node can sign but
 * not build a certificate, hence the few lines of DER below.
 */

export type Certificate = {
	/** The certificate, PEM: what a client trusts. */
	cert: string;
	/** Its private key, PEM (PKCS#8): what the engine serves it with. */
	key: string;
};

const DAY_MS = 86_400_000;

export function selfSignedCertificate(
	{hosts = ['localhost'], addresses = ['127.0.0.1'], days = 365} = {},
	now = new Date(),
): Certificate {
	const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'prime256v1'});
	const name = sequence(set(sequence(oid('2.5.4.3'), utf8('kinesis-explorer local engine'))));
	const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
	const subjectAltName = sequence(
		...hosts.map((host) => tagged(0x82, Buffer.from(host, 'ascii'))),
		...addresses.map((address) => tagged(0x87, Buffer.from(address.split('.').map(Number)))),
	);
	const extensions = sequence(
		sequence(oid('2.5.29.19'), boolean(true), octets(sequence(boolean(true)))),
		sequence(oid('2.5.29.17'), octets(subjectAltName)),
	);
	const serial = randomBytes(16);
	// A positive number of 16 bytes: the high bit of its first byte clear, and the byte not zero (a
	// leading zero byte would not be DER's shortest form, which OpenSSL refuses as "illegal padding").
	serial[0] = ((serial[0] as number) & 0x7f) | 0x40;
	const certificate = sequence(
		tagged(0xa0, integer(Buffer.of(2))),
		integer(serial),
		ecdsaWithSha256,
		name,
		sequence(
			utcTime(new Date(now.getTime() - DAY_MS)),
			utcTime(new Date(now.getTime() + days * DAY_MS)),
		),
		name,
		publicKey.export({type: 'spki', format: 'der'}),
		tagged(0xa3, extensions),
	);
	const signature = sign('sha256', certificate, privateKey);
	const der = sequence(certificate, ecdsaWithSha256, bitString(signature));
	return {
		cert: pem('CERTIFICATE', der),
		key: privateKey.export({type: 'pkcs8', format: 'pem'}).toString(),
	};
}

function tagged(tag: number, content: Buffer): Buffer {
	const length = content.length;
	const header =
		length < 0x80
			? Buffer.of(tag, length)
			: length < 0x100
				? Buffer.of(tag, 0x81, length)
				: Buffer.of(tag, 0x82, length >> 8, length & 0xff);
	return Buffer.concat([header, content]);
}

const sequence = (...parts: Buffer[]) => tagged(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tagged(0x31, Buffer.concat(parts));
const octets = (content: Buffer) => tagged(0x04, content);
const utf8 = (text: string) => tagged(0x0c, Buffer.from(text, 'utf8'));
const boolean = (value: boolean) => tagged(0x01, Buffer.of(value ? 0xff : 0));
const bitString = (content: Buffer) => tagged(0x03, Buffer.concat([Buffer.of(0), content]));

/** A non-negative INTEGER in DER's shortest form: no leading zero bytes but the one a high bit needs. */
function integer(value: Buffer): Buffer {
	let start = 0;
	while (start < value.length - 1 && value[start] === 0) {
		start++;
	}
	const digits = value.subarray(start);
	return tagged(
		0x02,
		(digits[0] as number) & 0x80 ? Buffer.concat([Buffer.of(0), digits]) : digits,
	);
}

function oid(dotted: string): Buffer {
	const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
	const bytes = [first * 40 + second];
	for (const arc of rest) {
		const base128 = [arc & 0x7f];
		for (let value = arc >> 7; value > 0; value >>= 7) {
			base128.unshift((value & 0x7f) | 0x80);
		}
		bytes.push(...base128);
	}
	return tagged(0x06, Buffer.from(bytes));
}

/** YYMMDDHHMMSSZ: UTCTime, as certificates write dates before 2050. */
function utcTime(date: Date): Buffer {
	const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
	return tagged(0x17, Buffer.from(`${text}Z`, 'ascii'));
}

function pem(label: string, der: Buffer): string {
	const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
