import {
	fromMenu,
	type StreamContext,
	type StreamDialog,
	type StreamPurpose,
} from './stream-forms.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {StreamRequest} from '../../services/stream-manager.js';
import {
	MAX_TAGS,
	parseCapacity,
	parseKmsKeyId,
	parseRetentionHours,
	parseStreamName,
	parseTagKeys,
	parseTags,
} from '../../model/stream-rules.js';
import {SHARD_LEVEL_METRICS} from '../../model/stream.js';
import {
	checkedIds,
	fieldValues,
	type Outcome,
	refuse,
} from '../action-dialog/action-dialog-state.js';
import {retentionLabel} from '../../format/stream-columns.js';

/**
 * A stream dialog filled in, as a request to the stream manager, or the next dialog. Each form
 * refuses bad input with the reason before any call; the destructive ones (delete, retention
 * decrease, mode switch, encryption stop) say what will happen and wait for a yes.
 */
export function submitStreamDialog(
	dialog: StreamDialog,
	context: StreamContext,
): Outcome<StreamPurpose, StreamRequest> {
	const {purpose} = dialog;
	switch (purpose.action) {
		case 'menu': {
			return fromMenu(dialog, context);
		}
		case 'create': {
			const [nameText = '', capacityText = ''] = fieldValues(dialog);
			const name = parseStreamName(nameText);
			if ('error' in name) {
				return refuse(dialog, name.error);
			}
			if (context.names.includes(name.value)) {
				return refuse(dialog, `A stream named ${name.value} exists already.`);
			}
			const capacity = parseCapacity(capacityText);
			if ('error' in capacity) {
				return refuse(dialog, capacity.error);
			}
			return {request: {type: 'create', stream: {name: name.value, ...capacity.value}}};
		}
		case 'delete': {
			const [typed = ''] = fieldValues(dialog);
			if (typed.trim() !== purpose.stream) {
				return refuse(
					dialog,
					`That is not the name: type ${sanitizeLine(purpose.stream)} exactly, or esc to keep it.`,
				);
			}
			if (purpose.consumers.length === 0) {
				return {request: {type: 'delete', stream: purpose.stream}};
			}
			return {dialog: deleteWithConsumers(purpose.stream, purpose.consumers)};
		}
		case 'retention': {
			const [text = ''] = fieldValues(dialog);
			const hours = parseRetentionHours(text);
			if ('error' in hours) {
				return refuse(dialog, hours.error);
			}
			if (hours.value === purpose.current) {
				return refuse(dialog, `It keeps records ${purpose.current} h already.`);
			}
			const request: StreamRequest = {
				type: 'retention',
				stream: purpose.stream,
				hours: hours.value,
				currentHours: purpose.current,
			};
			if (hours.value > purpose.current) {
				return {request};
			}
			return {
				dialog: {
					kind: 'confirm',
					title: `Shorten the retention of ${sanitizeLine(purpose.stream)} to ${hours.value} h?`,
					purpose: {action: 'confirm', request},
					tone: 'danger',
					verb: 'shorten',
					lines: [
						`Records older than ${hours.value} h (${retentionLabel(hours.value)}) become unreadable at once, for every consumer.`,
					],
				},
			};
		}
		case 'tags': {
			const [addText = '', removeText = ''] = fieldValues(dialog);
			const add = parseTags(addText);
			if ('error' in add) {
				return refuse(dialog, add.error);
			}
			const remove = parseTagKeys(removeText, purpose.tags);
			if ('error' in remove) {
				return refuse(dialog, remove.error);
			}
			if (add.value.length === 0 && remove.value.length === 0) {
				return refuse(dialog, 'Nothing to change: add key=value pairs, or name keys to remove.');
			}
			const after = new Set(purpose.tags.map((tag) => tag.key));
			for (const key of remove.value) {
				after.delete(key);
			}
			for (const tag of add.value) {
				after.add(tag.key);
			}
			if (after.size > MAX_TAGS) {
				return refuse(
					dialog,
					`A stream holds at most ${MAX_TAGS} tags; this would make ${after.size}.`,
				);
			}
			return {
				request: {type: 'tags', stream: purpose.stream, add: add.value, remove: remove.value},
			};
		}
		case 'monitoring': {
			const ticked = new Set(checkedIds(dialog));
			const enabled = new Set(context.summary?.enhancedMetrics ?? []);
			const enable = SHARD_LEVEL_METRICS.filter(
				(metric) => ticked.has(metric) && !enabled.has(metric),
			);
			const disable = SHARD_LEVEL_METRICS.filter(
				(metric) => !ticked.has(metric) && enabled.has(metric),
			);
			if (enable.length === 0 && disable.length === 0) {
				return refuse(dialog, 'Nothing changed: tick or untick a metric with space.');
			}
			return {request: {type: 'monitoring', stream: purpose.stream, enable, disable}};
		}
		case 'encrypt': {
			const [text = ''] = fieldValues(dialog);
			const keyId = parseKmsKeyId(text);
			if ('error' in keyId) {
				return refuse(dialog, keyId.error);
			}
			return {request: {type: 'encrypt', stream: purpose.stream, keyId: keyId.value}};
		}
		case 'confirm': {
			return {request: purpose.request};
		}
	}
}

/** The second confirmation, for a stream with consumers: they are deleted with it, by name. */
function deleteWithConsumers(stream: string, consumers: readonly string[]): StreamDialog {
	const count = consumers.length;
	return {
		kind: 'confirm',
		title: `Delete ${sanitizeLine(stream)} and its ${count} consumer${count > 1 ? 's' : ''}?`,
		purpose: {action: 'confirm', request: {type: 'delete', stream, withConsumers: consumers}},
		tone: 'danger',
		verb: 'delete all',
		lines: [
			sanitizeLine(`Deleted with it: ${consumers.join(', ')}.`),
			'The applications that read through them stop getting records.',
		],
	};
}
