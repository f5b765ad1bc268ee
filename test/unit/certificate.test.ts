import {createSecureContext} from 'node:tls';
import {X509Certificate} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {selfSignedCertificate} from '../../source/local/certificate.js';

describe('the embedded engine’s certificate', () => {
	it('names 127.0.0.1 and localhost, and is one OpenSSL takes every time', () => {
		const {cert} = selfSignedCertificate();
		const parsed = new X509Certificate(cert);
		expect(parsed.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
		expect(parsed.checkIP('127.0.0.1')).toBe('127.0.0.1');
		// Its serial is random: one in 256 once began with a zero byte, which OpenSSL refuses
		// ("illegal padding") and the engine then failed to start. A thousand, each served.
		for (let made = 0; made < 1000; made++) {
			const {cert: each, key} = selfSignedCertificate();
			expect(() => createSecureContext({cert: each, key})).not.toThrow();
		}
	});
});
