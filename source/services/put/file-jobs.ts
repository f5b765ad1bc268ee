import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext} from '../../kinesis/errors.js';
import {expandHome} from '../../lib/home-path.js';
import type {BulkProgress} from '../../model/bulk-progress.js';
import {checkRecordFile, createProgress, type FileCheck, sendRecordFile} from './file-sender.js';
import {describeFileError} from './record-file.js';
import {keySourceOf} from './record-from-item.js';

export type FileRequest = {
	path: string;
	/** A dotted field of each JSON record; else the fixed key, else a random key a record. */
	keyField?: string;
	fixedKey?: string;
};

export type FileJob =
	| {phase: 'checking'; request: FileRequest}
	| {phase: 'checked'; request: FileRequest; check: FileCheck}
	| {phase: 'sending'; request: FileRequest; check: FileCheck; progress: BulkProgress}
	| {
			phase: 'done';
			request: FileRequest;
			check: FileCheck;
			progress: BulkProgress;
			finishedAt: number;
			stopped: boolean;
			error?: string;
	  }
	| {phase: 'failed'; request: FileRequest; error: string};

export type FileJobs = {
	check(request: FileRequest): void;
	/** Sends the checked file's good records to the stream (its bad lines were shown: skipped). */
	send(stream: string): void;
	/** Stops a check or a send; what was sent stays sent. */
	cancel(): void;
	close(): void;
	stop(): void;
};

/**
 * A file sent from the put form, a step at a time as the form asks: checked (every line, nothing sent),
 * then sent, its progress published every `progressMs`. `job` reads the current step, `publish`
 * writes the next.
 */
export function createFileJobs(
	client: KinesisClient,
	{
		errorContext,
		progressMs,
		job,
		publish,
	}: {
		errorContext: ErrorContext;
		progressMs: number;
		job: () => FileJob | undefined;
		publish: (file: FileJob | undefined) => void;
	},
): FileJobs {
	let controller: AbortController | undefined;
	const restart = () => {
		controller?.abort();
		controller = new AbortController();
		return controller.signal;
	};
	const reading = (request: FileRequest, signal: AbortSignal) => ({
		key: keySourceOf({field: request.keyField, fixed: request.fixedKey}),
		signal,
	});

	return {
		check(request) {
			const signal = restart();
			publish({phase: 'checking', request});
			checkRecordFile(expandHome(request.path), reading(request, signal)).then(
				(check) => {
					if (signal.aborted) {
						return;
					}
					publish(
						check.broken
							? {
									phase: 'failed',
									request,
									error: `Line ${check.broken.line}: ${check.broken.error}`,
								}
							: {phase: 'checked', request, check},
					);
				},
				(error: unknown) => {
					if (!signal.aborted) {
						publish({
							phase: 'failed',
							request,
							error: `Cannot read the file: ${describeFileError(error)}.`,
						});
					}
				},
			);
		},
		send(stream) {
			const file = job();
			if (file?.phase !== 'checked' || file.check.records === 0) {
				return;
			}
			const {request, check} = file;
			const signal = restart();
			const progress = createProgress(check.records);
			const sending = () =>
				publish({phase: 'sending', request, check, progress: progress.snapshot()});
			sending();
			const timer = setInterval(sending, progressMs);
			const finish = (stopped: boolean, error?: string) => {
				clearInterval(timer);
				publish({
					phase: 'done',
					request,
					check,
					progress: progress.snapshot(),
					finishedAt: Date.now(),
					stopped,
					error,
				});
			};
			sendRecordFile(client, stream, expandHome(request.path), {
				...reading(request, signal),
				progress,
			}).then(
				({stopped}) => finish(stopped),
				(error: unknown) => finish(true, describeError(error, {...errorContext, stream})),
			);
		},
		cancel() {
			controller?.abort();
			if (job()?.phase === 'checking') {
				publish(undefined);
			}
		},
		close() {
			if (job()?.phase === 'sending') {
				return;
			}
			controller?.abort();
			publish(undefined);
		},
		stop() {
			controller?.abort();
		},
	};
}
