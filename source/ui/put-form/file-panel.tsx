import {keysLabel} from '../keymap.js';
import {Box, Text} from 'ink';
import type {FileJob} from '../../services/put/file-jobs.js';
import type {FileCheck} from '../../services/put/file-sender.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {TextField} from '../components/text-field.js';
import {truncate} from '../../format/text-width.js';
import {badLineRows, badLineTexts} from './bad-lines.js';
import type {FilePanel as FilePanelState} from './put-form-state.js';
import {
	formatCount,
	progressBar,
	progressStats,
	shardLines,
	summaryLine,
} from '../../format/progress-text.js';

export type FilePanelProps = {
	panel: FilePanelState;
	job?: FileJob;
	stream: string;
	/** The form's partition key: the file's records take it when no key field is given. */
	formKey: string;
	focused: boolean;
	now: number;
	width: number;
	height: number;
};

/**
 * Sending a file from the form: its path and where each record's partition key comes from, then the
 * check of every line, the progress, and the summary per shard.
 */
export function FilePanel({
	panel,
	job,
	stream,
	formKey,
	focused,
	now,
	width,
	height,
}: FilePanelProps) {
	const editing = focused && panel.editing && job === undefined;
	const keyNote =
		formKey === '' ? 'empty: a random key a record' : `empty: "${sanitizeLine(formKey)}"`;
	const lines = jobLines(job, panel, stream, now, width, badLineRows(height));
	const room = Math.max(0, height - 3);
	return (
		<Box flexDirection="column" height={height}>
			<Text bold wrap="truncate">
				Send a file to {sanitizeLine(stream)}
			</Text>
			<TextField
				label="File"
				value={panel.path}
				cursor={panel.cursors.path}
				focused={editing && panel.field === 'path'}
				placeholder="NDJSON, a JSON array, or text lines"
				width={width}
			/>
			<TextField
				label="Key field"
				value={panel.keyField}
				cursor={panel.cursors.keyField}
				focused={editing && panel.field === 'keyField'}
				placeholder={`like user.id (${keyNote})`}
				width={width}
			/>
			{lines.slice(0, room).map((line, index) => (
				<Text key={`${index}-${line.text}`} color={line.color} dimColor={line.dim} wrap="truncate">
					{truncate(line.text, width)}
				</Text>
			))}
		</Box>
	);
}

type Line = {text: string; color?: string; dim?: boolean};

/** The bad lines under their count, every one of them: the rows that fit, scrolled by the keys. */
function badLines(check: FileCheck, offset: number, rows: number): Line[] {
	const texts = badLineTexts(check);
	const first = Math.min(offset, Math.max(0, texts.length - rows));
	const shown = texts.slice(first, first + rows);
	const scroll =
		shown.length < texts.length
			? ` ${first + 1}–${first + shown.length} of ${texts.length} (${keysLabel('down')} ${keysLabel('up')})`
			: '';
	return [
		{
			text: `${formatCount(check.invalidCount)} bad ${check.invalidCount === 1 ? 'line' : 'lines'}, skipped:${scroll}`,
			color: 'yellow',
		},
		...shown.map((text) => ({text, color: 'yellow'})),
	];
}

function jobLines(
	job: FileJob | undefined,
	panel: FilePanelState,
	stream: string,
	now: number,
	width: number,
	listRows: number,
): Line[] {
	if (!job) {
		return [{text: 'enter checks the file (nothing is sent yet) · esc closes', dim: true}];
	}
	switch (job.phase) {
		case 'checking': {
			return [
				{text: 'Checking every line…', color: 'yellow'},
				{text: 'esc stops', dim: true},
			];
		}
		case 'failed': {
			return [
				{text: sanitizeLine(job.error), color: 'red'},
				{text: 'enter back to the fields · esc closes', dim: true},
			];
		}
		case 'checked': {
			const {check} = job;
			const bad = check.invalidCount === 0 ? [] : badLines(check, panel.badLineOffset, listRows);
			return check.records === 0
				? [...bad, {text: 'No records to send · esc back', color: 'red'}]
				: [
						{text: `${formatCount(check.records)} records to send to ${sanitizeLine(stream)}.`},
						...bad,
						{
							text: `${keysLabel('open')} or ${keysLabel('send')} sends them · ${keysLabel('back')} back`,
							dim: true,
						},
					];
		}
		case 'sending': {
			return [
				{text: progressBar(job.progress, width), color: 'cyan'},
				{text: progressStats(job.progress, now)},
				{text: 'esc stops (what was sent stays sent)', dim: true},
			];
		}
		case 'done': {
			return [
				{
					text: summaryLine(job.progress, stream, job.finishedAt, job.stopped),
					color: job.error || job.progress.failed > 0 ? 'yellow' : 'green',
				},
				...(job.error ? [{text: job.error, color: 'red'}] : []),
				{text: 'enter another file · esc closes', dim: true},
				...shardLines(job.progress).map((text) => ({text: `  ${text}`})),
			];
		}
	}
}
