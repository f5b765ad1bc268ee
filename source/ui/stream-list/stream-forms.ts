import {sanitizeLine} from '../../format/sanitize.js';
import type {StreamRequest} from '../../services/stream-manager.js';
import {RETENTION_HOURS} from '../../model/stream-rules.js';
import {
	SHARD_LEVEL_METRICS,
	type ShardLevelMetric,
	type StreamConsumer,
	type StreamSummary,
	type Tag,
} from '../../model/stream.js';
import {
	type ActionDialog,
	type Choice,
	chosenId,
	type Outcome,
	READ_ONLY_NOTE,
	READ_ONLY_REASON,
	refuse,
} from '../action-dialog/action-dialog-state.js';
import {modeLabel, retentionLabel} from '../../format/stream-columns.js';

/**
 * Managing streams from the list: create, delete, retention, tags, enhanced monitoring, encryption,
 * capacity mode. Here, the menu and the dialog each of its actions opens; what a filled dialog asks
 * of the service is stream-actions.ts's to say.
 */
export type StreamPurpose =
	| {action: 'menu'}
	| {action: 'create'}
	/** `consumers`: those registered when the dialog opened, to be confirmed by name. */
	| {action: 'delete'; stream: string; consumers: readonly string[]}
	| {action: 'retention'; stream: string; current: number}
	| {action: 'tags'; stream: string; tags: readonly Tag[]}
	| {action: 'monitoring'; stream: string}
	| {action: 'encrypt'; stream: string}
	| {action: 'confirm'; request: StreamRequest};

export type StreamContext = {
	/** The selected stream, and what is known of it. */
	stream?: string;
	summary?: StreamSummary;
	tags?: readonly Tag[];
	consumers?: readonly StreamConsumer[];
	/** Every stream listed: a new one cannot take a name that is there. */
	names: readonly string[];
	readOnly: boolean;
};

export type StreamDialog = ActionDialog<StreamPurpose>;

export function streamMenu(context: StreamContext): StreamDialog {
	const {stream, summary, tags, readOnly} = context;
	const name = stream === undefined ? undefined : sanitizeLine(stream);
	const needsStream = name === undefined ? 'Select a stream first.' : undefined;
	const needsSummary = needsStream ?? (summary ? undefined : 'Its description is on its way.');
	const encrypted = summary?.encryption === 'KMS';
	const toMode = summary?.mode === 'ON_DEMAND' ? 'PROVISIONED' : 'ON_DEMAND';
	const choices: Choice[] = [
		{id: 'create', letter: 'c', label: 'create a stream'},
		{id: 'delete', letter: 'd', label: `delete ${name ?? 'the stream'}`, disabled: needsStream},
		{
			id: 'retention',
			letter: 'r',
			label: `retention period${summary?.retentionHours ? ` (${summary.retentionHours} h now)` : ''}`,
			disabled: needsSummary,
		},
		{
			id: 'tags',
			letter: 't',
			label: `tags${tags ? ` (${tags.length})` : ''}`,
			disabled: needsStream ?? (tags ? undefined : 'Its tags are on their way.'),
		},
		{
			id: 'monitoring',
			letter: 'e',
			label: 'enhanced monitoring (shard-level metrics)',
			disabled: needsSummary,
		},
		{
			id: 'encryption',
			letter: 'k',
			label: encrypted ? 'stop server-side encryption' : 'start server-side encryption (KMS)',
			disabled: needsSummary,
		},
		{
			id: 'mode',
			letter: 'p',
			label: `switch to ${modeLabel(toMode)} capacity`,
			disabled:
				needsSummary ?? (summary?.arn ? undefined : 'The service did not give the stream an ARN.'),
		},
	].map((choice) => (readOnly ? {...choice, disabled: READ_ONLY_REASON} : choice));
	return {
		kind: 'menu',
		title: name === undefined ? 'Streams' : `Manage ${name}`,
		purpose: {action: 'menu'},
		lines: readOnly
			? [READ_ONLY_NOTE]
			: summary && summary.status !== 'ACTIVE'
				? [`It is ${summary.status}: Kinesis refuses most changes until it is ACTIVE again.`]
				: undefined,
		verb: 'choose',
		choices,
		index: 0,
	};
}

/**
 * The dialog as it stands now. The menu follows the stream's detail, which may come after the menu
 * opened (its tags and consumers are fetched once the selection rests): an action waiting for them
 * becomes available in the open menu, its cursor kept. Forms keep what they were opened with.
 */
export function currentDialog(dialog: StreamDialog, context: StreamContext): StreamDialog {
	if (dialog.kind !== 'menu' || dialog.purpose.action !== 'menu') {
		return dialog;
	}
	const menu = streamMenu(context);
	if (menu.kind !== 'menu') {
		return dialog;
	}
	// A choice refused as not available yet: the refusal goes once the choice is available.
	const stillRefused = menu.choices.some((choice) => choice.disabled === dialog.error);
	return {...menu, index: dialog.index, error: stillRefused ? dialog.error : undefined};
}

/** The form, checklist or confirmation that the action chosen in the menu opens. */
export function fromMenu(
	dialog: StreamDialog,
	context: StreamContext,
): Outcome<StreamPurpose, StreamRequest> {
	const {stream, summary} = context;
	if (chosenId(dialog) === 'create') {
		return {
			dialog: {
				kind: 'form',
				title: 'Create a stream',
				purpose: {action: 'create'},
				verb: 'create',
				lines: [
					'A name of letters, digits, _ - and . (up to 128); shards: a number, or on-demand.',
				],
				fields: [
					{label: 'Name', value: ''},
					{label: 'Shards', value: '1', placeholder: 'a number, or on-demand'},
				],
				focus: 0,
			},
		};
	}
	if (stream === undefined) {
		return refuse(dialog, 'Select a stream first.');
	}
	const name = sanitizeLine(stream);
	switch (chosenId(dialog)) {
		case 'delete': {
			const consumers = (context.consumers ?? []).map((consumer) => consumer.name);
			// Until its consumers are listed, the count is all there is: a delete then is refused, and
			// the refusal names them.
			const counted = context.consumers ? 0 : (summary?.consumerCount ?? 0);
			return {
				dialog: {
					kind: 'form',
					title: `Delete ${name}?`,
					purpose: {action: 'delete', stream, consumers},
					tone: 'danger',
					verb: 'delete',
					lines: [
						`Deleting ${name} deletes every record in it, for good.`,
						...(consumers.length > 0
							? [
									sanitizeLine(`Consumers registered on it: ${consumers.join(', ')}.`),
									'Kinesis deletes it only with them: you choose that next.',
								]
							: []),
						...(counted > 0
							? [
									`It has ${counted} registered consumer${counted > 1 ? 's' : ''}: Kinesis deletes it only with them.`,
								]
							: []),
						"Type the stream's name to confirm.",
					],
					fields: [{label: 'Name', value: ''}],
					focus: 0,
				},
			};
		}
		case 'retention': {
			const current = summary?.retentionHours ?? RETENTION_HOURS.min;
			return {
				dialog: {
					kind: 'form',
					title: `Retention of ${name}`,
					purpose: {action: 'retention', stream, current},
					verb: 'apply',
					lines: [
						// Said once: "168 h (7d)", "24 h", never "24 h (24h)".
						`It keeps records ${current} h${retentionLabel(current).endsWith('d') ? ` (${retentionLabel(current)})` : ''} now.`,
						`From ${RETENTION_HOURS.min} h (1 day) to ${RETENTION_HOURS.max} h (365 days); longer costs more.`,
					],
					fields: [{label: 'Hours', value: String(current)}],
					focus: 0,
				},
			};
		}
		case 'tags': {
			const tags = context.tags ?? [];
			return {
				dialog: {
					kind: 'form',
					title: `Tags of ${name}`,
					purpose: {action: 'tags', stream, tags},
					verb: 'apply',
					lines: [
						tags.length > 0
							? sanitizeLine(`Now: ${tags.map((tag) => `${tag.key}=${tag.value}`).join(', ')}`)
							: 'No tags yet.',
					],
					fields: [
						{label: 'Add', value: '', placeholder: 'key=value, key=value'},
						{label: 'Remove', value: '', placeholder: 'key, key'},
					],
					focus: 0,
				},
			};
		}
		case 'monitoring': {
			const enabled = new Set(summary?.enhancedMetrics ?? []);
			return {
				dialog: {
					kind: 'checklist',
					title: `Enhanced monitoring of ${name}`,
					purpose: {action: 'monitoring', stream},
					verb: 'apply',
					lines: ['Shard-level metrics sent to CloudWatch each minute (each one is billed).'],
					choices: SHARD_LEVEL_METRICS.map((metric: ShardLevelMetric) => ({
						id: metric,
						label: metric,
						checked: enabled.has(metric),
					})),
					index: 0,
				},
			};
		}
		case 'encryption': {
			if (summary?.encryption === 'KMS') {
				const keyId = summary.keyId ?? '';
				return {
					dialog: {
						kind: 'confirm',
						title: `Stop encrypting ${name}?`,
						purpose: {action: 'confirm', request: {type: 'decrypt', stream, keyId}},
						tone: 'danger',
						verb: 'stop',
						lines: [
							sanitizeLine(`It is encrypted with ${keyId || 'a KMS key'}.`),
							'New records are stored unencrypted; the ones there now stay encrypted.',
						],
					},
				};
			}
			return {
				dialog: {
					kind: 'form',
					title: `Encrypt ${name}`,
					purpose: {action: 'encrypt', stream},
					verb: 'start',
					lines: [
						'New records are encrypted at rest with this KMS key; producers and consumers need permission to use it.',
					],
					fields: [{label: 'KMS key', value: 'alias/aws/kinesis'}],
					focus: 0,
				},
			};
		}
		case 'mode': {
			const mode = summary?.mode === 'ON_DEMAND' ? 'PROVISIONED' : 'ON_DEMAND';
			const arn = summary?.arn ?? '';
			return {
				dialog: {
					kind: 'confirm',
					title: `Switch ${name} to ${modeLabel(mode)}?`,
					purpose: {action: 'confirm', request: {type: 'mode', stream, arn, mode}},
					tone: 'danger',
					verb: 'switch',
					lines: [
						mode === 'ON_DEMAND'
							? 'Kinesis manages its shards and bills by the data written and read.'
							: `You manage its shards (${summary?.openShardCount ?? '?'} open now) and pay for each by the hour.`,
						'Kinesis allows two switches a day per stream.',
					],
				},
			};
		}
		default: {
			return refuse(dialog, 'Choose an action.');
		}
	}
}
