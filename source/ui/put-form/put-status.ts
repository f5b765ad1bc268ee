import {SLOW_CALL_MS} from '../../kinesis/deadlines.js';
import type {DraftProblems} from '../../model/put-draft.js';
import type {PutSnapshot} from '../../services/put/put-service.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {keysLabel} from '../keymap.js';
import {truncate} from '../../format/text-width.js';
import type {PutFormState} from './put-form-state.js';
import {shardLabel} from '../../format/shard-text.js';

export type PutStatus = {text: string; color?: string; dim?: boolean};

/** The form's status line: what to do next, the send under way, or how it went. */
export function statusOf(
	state: PutFormState,
	snapshot: PutSnapshot,
	problems: DraftProblems,
	width: number,
	now: number,
	stream?: string,
): PutStatus {
	const {selection, editing, draft} = state;
	if (stream === undefined) {
		return {text: 'Select a stream in pane 1: records go to the selected stream.', dim: true};
	}
	if (editing && selection.kind === 'field') {
		const problem = problems[selection.field];
		if (problem && draft[selection.field] !== '') {
			return {text: `✗ ${problem}`, color: 'red'};
		}
		return {
			text: selection.field === 'data' ? 'esc done · tab next field' : 'enter/esc done · tab next',
			dim: true,
		};
	}
	const send = snapshot.send;
	if (send?.phase === 'sending') {
		// A put that is slow to answer says so before its deadline gives it up and sends it again.
		const waited = now - send.since;
		const seconds = `${Math.floor(waited / 1000)} s`;
		if (send.problem) {
			return {
				text: `Sending again (${seconds}) after: ${sanitizeLine(send.problem)}`,
				color: 'yellow',
			};
		}
		return {
			text: waited >= SLOW_CALL_MS ? `Sending… no answer for ${seconds}` : 'Sending…',
			color: 'yellow',
		};
	}
	if (send?.phase === 'failed') {
		return {text: `✗ ${sanitizeLine(send.error)}`, color: 'red'};
	}
	if (send?.phase === 'sent') {
		const {record} = send;
		const moved =
			record.predictedShardId !== undefined && record.predictedShardId !== record.shardId
				? ` (predicted ${shardLabel(record.predictedShardId)}: resharded?)`
				: '';
		// Said first, where a narrow pane cannot cut it off: a call that timed out may have stored it.
		const twice = record.resentAfterTimeout ? 'maybe twice: resent after a timeout · ' : '';
		const landed = `✓ ${twice}${sanitizeLine(record.shardId)} · seq `;
		// Sequence numbers differ towards their end: when one does not fit, its middle gives way.
		const room = Math.max(12, width - landed.length - moved.length);
		return {
			text: `${landed}${elideMiddle(record.sequenceNumber, room)}${moved}`,
			color: twice ? 'yellow' : 'green',
		};
	}
	if (snapshot.problem) {
		return {text: `No predicted shard: ${snapshot.problem.message}`, color: 'yellow'};
	}
	const first = Object.values(problems)[0];
	return first
		? {text: truncate(first, 200), dim: true}
		: {text: `${keysLabel('send')} sends it to ${sanitizeLine(stream)}`, dim: true};
}

function elideMiddle(text: string, width: number): string {
	if (text.length <= width) {
		return text;
	}
	const half = Math.floor((width - 1) / 2);
	return `${text.slice(0, width - 1 - half)}…${text.slice(-half)}`;
}
