import {Box, Text} from 'ink';
import {useEffect, useMemo} from 'react';
import {countStates, type Lineage, type TreeRow} from '../../model/lineage.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {ShardTreeService, ShardTreeSnapshot} from '../../services/shard-tree.js';
import {ActionDialogView} from '../action-dialog/action-dialog.js';
import {OperationLine, operationRows} from '../components/operation-line.js';
import {Pane, paneContentSize} from '../components/pane.js';
import {useCopyText} from '../clipboard.js';
import {usePaneTable} from '../key-router.js';
import {problemText} from '../problem-text.js';
import {keysLabel} from '../keymap.js';
import type {Size} from '../layout.js';
import {resolveWindow} from '../list-window.js';
import {modeLabel} from '../../format/stream-columns.js';
import {useNow} from '../use-now.js';
import {useSyncReducer} from '../use-sync-reducer.js';
import {useStore} from '../use-store.js';
import type {ShardContext} from './shard-actions.js';
import {type ShardTreeKeyContext, shardTreeKeys} from './shard-tree-keys.js';
import {
	type BarCell,
	keySpaceBar,
	idFormFor,
	type IdForm,
	rowCells,
	STATE_COLORS,
	shardDetailLines,
	shardSummaryLines,
	visibleRows,
} from './shard-rows.js';
import {initialShardTreeState, shardTreeReducer} from './shard-tree-state.js';

export type ShardTreePaneProps = {
	service: ShardTreeService;
	/** The stream selected in the stream list. */
	stream?: string;
	size: Size;
	focused: boolean;
	readOnly: boolean;
	/** The selected shard: the one the tail reads. */
	onSelectShard: (shardId: string | undefined) => void;
};

export function ShardTreePane({
	service,
	stream,
	size,
	focused,
	readOnly,
	onSelectShard,
}: ShardTreePaneProps) {
	// The service follows the stream selected.
	useEffect(() => service.select(stream), [service, stream]);
	const snapshot = useStore(service);
	const current = snapshot.stream === stream ? snapshot : undefined;
	const status = current?.summary?.status;
	const info =
		stream === undefined
			? undefined
			: `${sanitizeLine(stream)}${status && status !== 'ACTIVE' ? ` · ${status}` : ''}`;
	const content = paneContentSize(size);
	return (
		<Pane number={2} title="Shards" info={info} size={size} focused={focused}>
			{/* A new stream starts with a fresh selection and no dialog. */}
			<ShardTreeBody
				key={stream ?? ''}
				service={service}
				stream={stream}
				snapshot={current}
				size={content}
				focused={focused}
				readOnly={readOnly}
				onSelectShard={onSelectShard}
			/>
		</Pane>
	);
}

type BodyProps = Omit<ShardTreePaneProps, 'size'> & {
	snapshot?: ShardTreeSnapshot;
	size: Size;
};

/** The selected shard under the tree: what it is, and its family (enter shows it in full). */
const SUMMARY_ROWS = 2;

const BAR_COLORS: Record<BarCell['tone'], string | undefined> = {
	even: 'cyan',
	odd: 'blue',
	selected: 'yellow',
	none: undefined,
};

function ShardTreeBody({
	service,
	stream,
	snapshot,
	size,
	focused,
	readOnly,
	onSelectShard,
}: BodyProps) {
	const [state, dispatch, currentState] = useSyncReducer(shardTreeReducer, initialShardTreeState);
	const lineage = snapshot?.lineage;
	const rows = useMemo(
		() => (lineage ? visibleRows(lineage, state.openOnly) : []),
		[lineage, state.openOnly],
	);
	const keys = useMemo(() => rows.map((row) => row.key), [rows]);
	const idForm = useMemo(() => idFormFor(rows, size.width), [rows, size.width]);
	const operation = snapshot?.operation;
	const answerRows = operationRows(operation, size.width);
	// Status and bar on top, the selected shard in two lines below when the tree can spare them.
	const summaryRows = Math.max(0, Math.min(SUMMARY_ROWS, size.height - 2 - answerRows - 3));
	const listHeight = Math.max(1, size.height - 2 - answerRows - summaryRows);
	const view = resolveWindow(state.window, keys, listHeight);
	const selectedShard = rows[view.index]?.shardId;

	useEffect(() => {
		onSelectShard(selectedShard);
	}, [selectedShard, onSelectShard]);

	const shardContext = (): ShardContext => {
		const latest = service.getSnapshot();
		const window = resolveWindow(currentState().window, keys, listHeight);
		return {
			stream: stream ?? '',
			summary: latest.stream === stream ? latest.summary : undefined,
			lineage: latest.stream === stream ? latest.lineage : undefined,
			shardId: rows[window.index]?.shardId,
			readOnly,
		};
	};
	const copy = useCopyText();
	const keyContext = (): ShardTreeKeyContext => ({
		state: currentState(),
		dispatch,
		keys,
		listHeight,
		stream,
		selectedShard: rows[resolveWindow(currentState().window, keys, listHeight).index]?.shardId,
		service,
		shardContext,
		copy,
	});
	usePaneTable(shardTreeKeys, keyContext, {isActive: focused});

	if (stream === undefined) {
		return <Text dimColor>Select a stream in 1 Streams to see its shards.</Text>;
	}
	const node = selectedShard === undefined ? undefined : lineage?.nodes.get(selectedShard);
	return (
		<Box flexDirection="column">
			<StatusLine snapshot={snapshot} openOnly={state.openOnly} />
			{state.dialog ? (
				<ActionDialogView dialog={state.dialog} width={size.width} height={size.height - 1} />
			) : state.details && node ? (
				<Box flexDirection="column">
					{shardDetailLines(node, size.width)
						.slice(0, Math.max(0, size.height - 2))
						.map((line, index) => (
							// The lines come in a fixed order: their place is their identity.
							<Text key={index} bold={index === 0} wrap="truncate">
								{line}
							</Text>
						))}
					<Text dimColor wrap="truncate">
						{`${keysLabel('open')}/${keysLabel('back')} back to the tree · ${keysLabel('down')} next shard`}
					</Text>
				</Box>
			) : (
				<>
					<Box height={1}>
						{lineage ? (
							<Text wrap="truncate">
								{keySpaceBar(lineage.open, size.width, node?.shard?.hashKeyRange).map(
									(cell, index) => (
										<Text key={index} color={BAR_COLORS[cell.tone]}>
											{cell.text}
										</Text>
									),
								)}
							</Text>
						) : null}
					</Box>
					<Box flexDirection="column" height={listHeight}>
						{lineage && rows.length > 0 ? (
							rows
								.slice(view.offset, view.offset + listHeight)
								.map((row) => (
									<ShardRow
										key={row.key}
										row={row}
										lineage={lineage}
										width={size.width}
										idForm={idForm}
										selected={row.key === view.selectedKey}
										focused={focused}
									/>
								))
						) : (
							<Text dimColor wrap="wrap">
								{emptyMessage(stream, snapshot)}
							</Text>
						)}
					</Box>
					{operation ? <OperationLine operation={operation} width={size.width} /> : null}
					<Box flexDirection="column" height={summaryRows}>
						{node
							? shardSummaryLines(node)
									.slice(0, summaryRows)
									.map((line, index) => (
										<Text key={index} dimColor={index > 0} wrap="truncate">
											{line}
										</Text>
									))
							: null}
					</Box>
				</>
			)}
		</Box>
	);
}

function StatusLine({snapshot, openOnly}: {snapshot?: ShardTreeSnapshot; openOnly: boolean}) {
	const problem = snapshot?.problem;
	const now = useNow(1000, problem !== undefined);
	if (problem) {
		return (
			<Text color="red" wrap="truncate">
				⚠ {problemText(problem, now)}
			</Text>
		);
	}
	const summary = snapshot?.summary;
	const lineage = snapshot?.lineage;
	if (!summary || !lineage) {
		return <Text> </Text>;
	}
	const counts = countStates(lineage);
	const parts = [
		summary.status,
		modeLabel(summary.mode),
		`${counts.OPEN} open`,
		`${counts.CLOSED} closed`,
		counts.EXPIRED > 0 ? `${counts.EXPIRED} expired` : '',
		openOnly ? `showing open only (${keysLabel('openOnly')}: all)` : '',
	].filter(Boolean);
	const changing = summary.status !== 'ACTIVE';
	return (
		<Text wrap="truncate" color={changing ? 'yellow' : undefined} dimColor={!changing}>
			{parts.join(' · ')}
			{summary.status === 'UPDATING' ? ' · resharding: the tree follows when ACTIVE' : ''}
		</Text>
	);
}

function ShardRow({
	row,
	lineage,
	width,
	idForm,
	selected,
	focused,
}: {
	row: TreeRow;
	lineage: Lineage;
	width: number;
	idForm: IdForm;
	selected: boolean;
	focused: boolean;
}) {
	const cells = rowCells(row, lineage, width, idForm);
	const state = lineage.nodes.get(row.shardId)?.state;
	return (
		<Text wrap="truncate" inverse={selected && focused} bold={selected} dimColor={row.ref}>
			{cells.name}
			{cells.state && state ? <Text color={STATE_COLORS[state]}> {cells.state}</Text> : null}
			{cells.range ? <Text dimColor> {cells.range}</Text> : null}
			{cells.share ? ` ${cells.share}` : ''}
		</Text>
	);
}

function emptyMessage(stream: string, snapshot?: ShardTreeSnapshot): string {
	const name = sanitizeLine(stream);
	if (snapshot?.missing) {
		return `${name} no longer exists.`;
	}
	const status = snapshot?.summary?.status;
	if (status === 'CREATING') {
		return `${name} is being created: its shards appear once it is ACTIVE.`;
	}
	if (status === 'DELETING') {
		return `${name} is being deleted.`;
	}
	if (snapshot?.lineage) {
		return `${name} has no shards to show.`;
	}
	return snapshot?.problem ? '' : `Listing the shards of ${name}…`;
}
