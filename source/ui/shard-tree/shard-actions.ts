import {
	fractionPercent,
	isValidSplitKey,
	parseHashKey,
	sharePercent,
	splitMidpoint,
} from '../../model/hash-keys.js';
import {equalShare} from '../../model/uniform-scaling.js';
import {adjacentOpenShards, type Lineage} from '../../model/lineage.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {ShardRequest} from '../../services/shard-tree.js';
import type {Shard} from '../../model/shard.js';
import {parseTargetShardCount, scalingBounds} from '../../model/stream-rules.js';
import type {StreamSummary} from '../../model/stream.js';
import {
	type ActionDialog,
	type Choice,
	chosenId,
	fieldValues,
	type Outcome,
	READ_ONLY_NOTE,
	READ_ONLY_REASON,
	refuse,
} from '../action-dialog/action-dialog-state.js';
import {shortRange} from '../../model/hash-keys.js';

/**
 * Resharding from the tree: split the selected open shard, merge it with an open neighbour, or
 * scale the stream's open shards uniformly. Each asks for what it needs, refuses bad input with the
 * reason, and says what will happen before anything is sent.
 */
export type ShardPurpose =
	| {action: 'menu'}
	| {action: 'split'; shard: ShardCut}
	| {action: 'pickNeighbour'; shard: Shard}
	| {action: 'scale'; openCount: number}
	| {action: 'confirm'; request: ShardRequest};

/** What a split needs of a shard: where its hash keys lie. */
export type ShardCut = Pick<Shard, 'shardId' | 'hashKeyRange'>;

export type ShardContext = {
	stream: string;
	summary?: StreamSummary;
	lineage?: Lineage;
	/** The shard selected in the tree. */
	shardId?: string;
	readOnly: boolean;
};

type ShardDialog = ActionDialog<ShardPurpose>;

export function shardMenu(context: ShardContext): ShardDialog {
	const {lineage, shardId, summary, readOnly} = context;
	const id = shardId === undefined ? 'the selected shard' : sanitizeLine(shardId);
	const node = shardId === undefined ? undefined : lineage?.nodes.get(shardId);
	const open = node?.state === 'OPEN';
	const notActive =
		summary && summary.status !== 'ACTIVE'
			? `The stream is ${summary.status}: Kinesis reshards only ACTIVE streams. Wait a moment.`
			: undefined;
	// Kinesis refuses the three there; not every engine does, so the form says so before any call.
	const onDemand =
		summary?.mode === 'ON_DEMAND'
			? 'Kinesis manages the shards of an on-demand stream and refuses SplitShard, MergeShards and UpdateShardCount there: switch it to provisioned first.'
			: undefined;
	const refusal = notActive ?? onDemand;
	const neighbours = open && lineage && shardId ? adjacentOpenShards(lineage, shardId) : [];
	const choices: Choice[] = [
		{
			id: 'split',
			letter: 's',
			label: `split ${id} in two`,
			disabled: open
				? undefined
				: `Only an open shard can be split; ${id} is ${node?.state ?? 'not there'}.`,
		},
		{
			id: 'merge',
			letter: 'm',
			label: `merge ${id} with an adjacent open shard`,
			disabled: !open
				? `Only an open shard can be merged; ${id} is ${node?.state ?? 'not there'}.`
				: neighbours.length === 0
					? `${id} has no open neighbour to merge with.`
					: undefined,
		},
		{
			id: 'scale',
			letter: 'u',
			label: `update the shard count (${lineage?.open.length ?? '?'} open now)`,
			disabled: lineage === undefined ? 'The shards are still being listed.' : undefined,
		},
	].map((choice) => ({
		...choice,
		disabled: readOnly ? READ_ONLY_REASON : (refusal ?? choice.disabled),
	}));
	return {
		kind: 'menu',
		title: `Reshard ${sanitizeLine(context.stream)}`,
		purpose: {action: 'menu'},
		lines: readOnly ? [READ_ONLY_NOTE] : refusal ? [refusal] : undefined,
		verb: 'choose',
		choices,
		index: 0,
	};
}

export function submitShardDialog(
	dialog: ShardDialog,
	context: ShardContext,
): Outcome<ShardPurpose, ShardRequest> {
	const {purpose} = dialog;
	const {stream} = context;
	switch (purpose.action) {
		case 'menu': {
			const node =
				context.shardId === undefined ? undefined : context.lineage?.nodes.get(context.shardId);
			const shard = node?.shard;
			switch (chosenId(dialog)) {
				case 'split': {
					return shard ? {dialog: splitForm(shard)} : refuse(dialog, 'Select an open shard.');
				}
				case 'merge': {
					const neighbours =
						shard && context.lineage ? adjacentOpenShards(context.lineage, shard.shardId) : [];
					const [only] = neighbours;
					if (!shard || !only) {
						return refuse(dialog, 'Select an open shard with an open neighbour.');
					}
					return {
						dialog:
							neighbours.length === 1
								? mergeConfirmation(stream, shard, only)
								: neighbourPicker(shard, neighbours),
					};
				}
				default: {
					return {dialog: scaleForm(context.lineage?.open.length ?? 0)};
				}
			}
		}
		case 'split': {
			const [text = ''] = fieldValues(dialog);
			const parsed = parseHashKey(text);
			if ('error' in parsed) {
				return refuse(dialog, parsed.error);
			}
			const range = purpose.shard.hashKeyRange;
			if (!isValidSplitKey(range, parsed.key)) {
				return refuse(
					dialog,
					`The new starting hash key must be above ${range.start} and at most ${range.end}.`,
				);
			}
			const low = {start: range.start, end: parsed.key - 1n};
			const high = {start: parsed.key, end: range.end};
			const id = sanitizeLine(purpose.shard.shardId);
			return {
				dialog: {
					kind: 'confirm',
					title: `Split ${id}?`,
					purpose: {
						action: 'confirm',
						request: {
							type: 'split',
							stream,
							shardId: purpose.shard.shardId,
							newStartingHashKey: parsed.key,
						},
					},
					tone: 'danger',
					verb: 'split',
					lines: [
						`${id} closes: no new records, its records stay readable.`,
						`One new shard takes ${shortRange(low)} (${sharePercent(low)}),`,
						`the other ${shortRange(high)} (${sharePercent(high)}).`,
					],
				},
			};
		}
		case 'pickNeighbour': {
			const neighbours = context.lineage
				? adjacentOpenShards(context.lineage, purpose.shard.shardId)
				: [];
			const neighbour = neighbours.find((shard) => shard.shardId === chosenId(dialog));
			return neighbour
				? {dialog: mergeConfirmation(stream, purpose.shard, neighbour)}
				: refuse(dialog, 'That shard is no longer an open neighbour: the tree has changed.');
		}
		case 'scale': {
			const [text = ''] = fieldValues(dialog);
			const parsed = parseTargetShardCount(text, purpose.openCount);
			if ('error' in parsed) {
				return refuse(dialog, parsed.error);
			}
			const target = parsed.value;
			return {
				dialog: {
					kind: 'confirm',
					title: `Scale ${sanitizeLine(stream)} from ${purpose.openCount} to ${target} open shards?`,
					purpose: {action: 'confirm', request: {type: 'scale', stream, target}},
					tone: 'danger',
					verb: 'scale',
					lines: [
						`Uniform scaling asks for ${target} open shards of ${fractionPercent(equalShare(target))} of the key space each.`,
						'Kinesis splits and merges to get there; the shards it closes stay readable until their records age out.',
						'Not every engine cuts them equally: once it has run, the tree says what it made.',
					],
				},
			};
		}
		case 'confirm': {
			return {request: purpose.request};
		}
	}
}

/**
 * The split form of a shard, filled in with `key` and `why` it is there: by default its midpoint; the
 * capacity view fills in where the shard's traffic halves.
 */
export function splitForm(
	shard: ShardCut,
	key = splitMidpoint(shard.hashKeyRange),
	why = 'the midpoint splits evenly',
): ShardDialog {
	const range = shard.hashKeyRange;
	return {
		kind: 'form',
		title: `Split ${sanitizeLine(shard.shardId)}`,
		purpose: {action: 'split', shard},
		verb: 'next',
		lines: [
			`Its hash keys: ${range.start}`,
			`           to ${range.end}`,
			`Key: the new starting hash key, where the upper half begins (${why}).`,
		],
		// A short label leaves the field room for all 39 digits.
		fields: [{label: 'Key', value: key?.toString() ?? ''}],
		focus: 0,
	};
}

function neighbourPicker(shard: Shard, neighbours: readonly Shard[]): ShardDialog {
	return {
		kind: 'menu',
		title: `Merge ${sanitizeLine(shard.shardId)} with…`,
		purpose: {action: 'pickNeighbour', shard},
		verb: 'choose',
		lines: ['Only the open shards next to it in the key space can be merged with it.'],
		choices: neighbours.map((neighbour) => ({
			id: neighbour.shardId,
			label: `${neighbour.hashKeyRange.start < shard.hashKeyRange.start ? 'below' : 'above'}: ${sanitizeLine(neighbour.shardId)} ${shortRange(neighbour.hashKeyRange)}`,
		})),
		index: 0,
	};
}

function mergeConfirmation(stream: string, shard: Shard, neighbour: Shard): ShardDialog {
	const [low, high] =
		shard.hashKeyRange.start < neighbour.hashKeyRange.start
			? [shard, neighbour]
			: [neighbour, shard];
	const union = {start: low.hashKeyRange.start, end: high.hashKeyRange.end};
	const a = sanitizeLine(shard.shardId);
	const b = sanitizeLine(neighbour.shardId);
	return {
		kind: 'confirm',
		title: 'Merge two shards?',
		purpose: {
			action: 'confirm',
			request: {type: 'merge', stream, shardId: shard.shardId, adjacentShardId: neighbour.shardId},
		},
		tone: 'danger',
		verb: 'merge',
		lines: [
			`${a} and ${b}`,
			'both close: no new records, their records stay readable.',
			`One new shard takes ${shortRange(union)} (${sharePercent(union)}).`,
		],
	};
}

function scaleForm(openCount: number): ShardDialog {
	const {min, max} = scalingBounds(openCount);
	return {
		kind: 'form',
		title: 'Update the shard count',
		purpose: {action: 'scale', openCount},
		verb: 'next',
		lines: [
			`${openCount} open shards now; one step scales to between ${min} and ${max} (uniform scaling).`,
		],
		fields: [{label: 'Open shards', value: '', placeholder: `${min} to ${max}`}],
		focus: 0,
	};
}
