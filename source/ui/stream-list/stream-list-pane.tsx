import {Box, Text} from 'ink';
import {useEffect, useMemo} from 'react';
import {sanitizeLine} from '../../format/sanitize.js';
import type {StreamListService} from '../../services/stream-list.js';
import type {StreamDetailSnapshot, StreamManagerService} from '../../services/stream-manager.js';
import type {StreamListing, StreamSummary} from '../../model/stream.js';
import {ActionDialogView} from '../action-dialog/action-dialog.js';
import {FieldText} from '../components/field-text.js';
import {OperationLine, operationRows} from '../components/operation-line.js';
import {Pane, paneContentSize} from '../components/pane.js';
import {useCopyText} from '../clipboard.js';
import {usePaneTable} from '../key-router.js';
import type {Size} from '../layout.js';
import {resolveWindow} from '../list-window.js';
import {truncate} from '../../format/text-width.js';
import {useSyncReducer} from '../use-sync-reducer.js';
import {
	type Column,
	fitCell,
	fitColumns,
	streamHeader,
	type StatusTone,
	statusTone,
	streamCells,
} from '../../format/stream-columns.js';
import {currentDialog, type StreamContext} from './stream-forms.js';
import {type StreamListKeyContext, streamListKeys} from './stream-list-keys.js';
import {streamDetailLines} from './stream-detail.js';
import {filterStreams, initialStreamListState, streamListReducer} from './stream-list-state.js';
import {useStore} from '../use-store.js';

export type StreamListPaneProps = {
	service: StreamListService;
	/** Management actions, and the tags and consumers of the selected stream. */
	manager: StreamManagerService;
	/** Under --read-only the actions are shown disabled, with the reason. */
	readOnly: boolean;
	size: Size;
	focused: boolean;
	onSelect: (name: string | undefined) => void;
	/** Enter on a stream: the frame moves on to its shards. */
	onOpen: (name: string) => void;
};

/** The list keeps at least this many rows; the detail takes up to all six of its lines. */
const MIN_LIST_ROWS = 5;
const MAX_DETAIL_ROWS = 6;

const TONE_COLORS: Record<StatusTone, string | undefined> = {
	ok: 'green',
	changing: 'yellow',
	ending: 'red',
	unknown: undefined,
};

export function StreamListPane({
	service,
	manager,
	readOnly,
	size,
	focused,
	onSelect,
	onOpen,
}: StreamListPaneProps) {
	const snapshot = useStore(service);
	const detail = useStore(manager);
	const [state, dispatch, current] = useSyncReducer(streamListReducer, initialStreamListState);
	const content = paneContentSize(size);
	const showFilter = state.filtering || state.filter !== '';
	const fixedRows = 1 + operationRows(detail.operation, content.width) + (showFilter ? 1 : 0);
	const detailRows = Math.max(
		2,
		Math.min(MAX_DETAIL_ROWS, content.height - fixedRows - MIN_LIST_ROWS),
	);
	const listHeight = Math.max(1, content.height - fixedRows - detailRows);
	const streams = useMemo(
		() => filterStreams(snapshot.streams, state.filter),
		[snapshot.streams, state.filter],
	);
	const keys = useMemo(() => streams.map((stream) => stream.name), [streams]);
	const view = resolveWindow(state.window, keys, listHeight);
	const rows = streams.slice(view.offset, view.offset + listHeight);
	const columns = fitColumns(content.width);

	const onScreen = rows.map((stream) => stream.name);
	const onScreenKey = onScreen.join('\n');
	// The joined names stand for the list: a new array each frame must not re-run the effect.
	useEffect(() => {
		service.show(onScreen);
	}, [service, onScreenKey]);
	useEffect(() => {
		service.select(view.selectedKey);
		manager.select(view.selectedKey);
		onSelect(view.selectedKey);
	}, [service, manager, view.selectedKey, onSelect]);

	const streamContext = (): StreamContext => {
		const latest = service.getSnapshot();
		const stream = resolveWindow(current().window, keys, listHeight).selectedKey;
		const own = manager.getSnapshot();
		return {
			stream,
			summary: stream === undefined ? undefined : latest.summaries.get(stream),
			tags: own.stream === stream ? own.tags : undefined,
			consumers: own.stream === stream ? own.consumers : undefined,
			names: latest.streams.map((listing) => listing.name),
			readOnly,
		};
	};
	const copy = useCopyText();
	const keyContext = (): StreamListKeyContext => ({
		state: current(),
		dispatch,
		keys,
		listHeight,
		selected: resolveWindow(current().window, keys, listHeight).selectedKey,
		service,
		manager,
		streamContext,
		onOpen,
		copy,
	});
	usePaneTable(streamListKeys, keyContext, {isActive: focused});

	const count =
		streams.length === snapshot.streams.length
			? `${snapshot.streams.length}`
			: `${streams.length} of ${snapshot.streams.length}`;
	const selected =
		view.selectedKey === undefined ? undefined : snapshot.summaries.get(view.selectedKey);

	return (
		<Pane
			number={1}
			title="Streams"
			info={snapshot.loaded ? count : undefined}
			size={size}
			focused={focused}
		>
			{showFilter ? (
				<Box height={1}>
					<Text wrap="truncate">
						<Text color="cyan">/</Text>
						<FieldText
							text={state.filter}
							cursor={state.filterCursor}
							editing={state.filtering}
							width={Math.max(1, content.width - 1)}
						/>
					</Text>
				</Box>
			) : null}
			{state.dialog ? (
				<ActionDialogView
					dialog={currentDialog(state.dialog, streamContext())}
					width={content.width}
					height={content.height - (showFilter ? 1 : 0)}
				/>
			) : null}
			<Box flexDirection="column" display={state.dialog ? 'none' : 'flex'}>
				<Text bold dimColor wrap="truncate">
					{streamHeader(columns)}
				</Text>
				<Box flexDirection="column" height={listHeight}>
					{rows.length > 0 ? (
						rows.map((stream) => (
							<StreamRow
								key={stream.name}
								stream={stream}
								summary={snapshot.summaries.get(stream.name)}
								columns={columns}
								selected={stream.name === view.selectedKey}
								focused={focused}
							/>
						))
					) : (
						<Text dimColor wrap="truncate">
							{emptyMessage(snapshot.loaded, snapshot.streams.length, state.filter)}
						</Text>
					)}
				</Box>
				{detail.operation ? (
					<OperationLine operation={detail.operation} width={content.width} />
				) : null}
				<StreamDetail summary={selected} detail={detail} rows={detailRows} width={content.width} />
			</Box>
		</Pane>
	);
}

function StreamRow({
	stream,
	summary,
	columns,
	selected,
	focused,
}: {
	stream: StreamListing;
	summary?: StreamSummary;
	columns: readonly Column[];
	selected: boolean;
	focused: boolean;
}) {
	const cells = streamCells(stream, summary);
	return (
		<Text wrap="truncate" inverse={selected && focused} bold={selected}>
			{columns.map((column, index) => (
				<Text
					key={column.id}
					color={column.id === 'status' ? TONE_COLORS[statusTone(cells.status)] : undefined}
				>
					{index > 0 ? ' ' : ''}
					{fitCell(cells[column.id], column)}
				</Text>
			))}
		</Text>
	);
}

function StreamDetail({
	summary,
	detail,
	rows,
	width,
}: {
	summary?: StreamSummary;
	detail: StreamDetailSnapshot;
	rows: number;
	width: number;
}) {
	const lines = summary ? streamDetailLines(summary, detail).slice(0, rows) : [];
	return (
		<Box flexDirection="column" height={rows}>
			{lines.map((line, index) => (
				// The lines come in a fixed order: their place is their identity.
				<Text key={index} dimColor wrap="truncate">
					{truncate(line, width)}
				</Text>
			))}
		</Box>
	);
}

function emptyMessage(loaded: boolean, total: number, filter: string): string {
	if (!loaded) {
		return 'Listing streams…';
	}
	if (total === 0) {
		return 'No streams here yet. Try --local for the embedded engine with demo streams.';
	}
	return `No stream name holds "${sanitizeLine(filter)}" (esc clears the filter).`;
}
