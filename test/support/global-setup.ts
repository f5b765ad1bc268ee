import process from 'node:process';
import type {TestProject} from 'vitest/node';
import {type LocalEngine, startLocalEngine} from '../../source/local/engine.js';
import {QUICK_ENGINE} from './quick-engine.js';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The embedded engine every integration test shares, started once per run. */
		endpoint: string;
	}
}

let engine: LocalEngine | undefined;

export async function setup(project: TestProject) {
	engine = await startLocalEngine({nodePath: process.execPath, settings: QUICK_ENGINE});
	project.provide('endpoint', engine.endpoint);
}

export async function teardown() {
	await engine?.stop();
}
