import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {TestProject} from 'vitest/node';
import {type LocalEngine, startLocalEngine} from '../../source/local/engine.js';
import {QUICK_ENGINE} from './quick-engine.js';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The embedded engine every integration test shares, started once per run. */
		endpoint: string;
		/** The same engine over HTTPS (HTTP/2, as clients speak to AWS). */
		tlsEndpoint: string;
		/** A PEM file of the certificate the TLS port serves, for a client (or --ca-bundle) to trust. */
		caBundle: string;
	}
}

let engine: LocalEngine | undefined;
let directory: string | undefined;

export async function setup(project: TestProject) {
	engine = await startLocalEngine({nodePath: process.execPath, settings: QUICK_ENGINE});
	directory = await mkdtemp(path.join(tmpdir(), 'kinesis-explorer-tests-'));
	const caBundle = path.join(directory, 'engine-ca.pem');
	await writeFile(caBundle, engine.certificate);
	project.provide('endpoint', engine.endpoint);
	project.provide('tlsEndpoint', engine.tlsEndpoint);
	project.provide('caBundle', caBundle);
}

export async function teardown() {
	await engine?.stop();
	if (directory) {
		await rm(directory, {recursive: true, force: true});
	}
}
