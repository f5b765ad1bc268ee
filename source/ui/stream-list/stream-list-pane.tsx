import {Box, Text} from 'ink';
import {useEffect, useMemo} from 'react';
import {sanitizeLine} from '../../kinesis/records.js';
import type {StreamListService} from '../../kinesis/stream-list.js';
import type {StreamListing, StreamSummary} from '../../kinesis/streams.js';
import {Pane, paneContentSize} from '../components/pane.js';
import {usePaneKeys} from '../key-router.js';
import {matches} from '../keymap.js';
import type {Size} from '../layout.js';
import {resolveWindow} from '../list-window.js';
import {truncate} from '../text.js';
import {editText} from '../text-edit.js';
import {useSyncReducer} from '../use-sync-reducer.js';
import {
	type Column,
	fitCell,
	fitColumns,
	headerRow,
	type StatusTone,
	statusTone,
	streamCells,
} from './stream-columns.js';
import {filterStreams, initialStreamListState, streamListReducer} from './stream-list-state.js';
import {useStreamList} from './use-stream-list.js';

export type StreamListPaneProps = {
	service: StreamListService;
	size: Size;
	focused: boolean;
	onSelect: (name: string | undefined) => void;
	/** Enter on a stream: the frame moves on to its shards. */
	onOpen: (name: string) => void;
};

const DETAIL_ROWS = 2;

const TONE_COLORS: Record<StatusTone, string | undefined> = {
	ok: 'green',
	changing: 'yellow',
	ending: 'red',
	unknown: undefined,
};

export function StreamListPane({service, size, focused, onSelect, onOpen}: StreamListPaneProps) {
	const snapshot = useStreamList(service);
	const [state, dispatch, current] = useSyncReducer(streamListReducer, initialStreamListState);
	const content = paneContentSize(size);
	const showFilter = state.filtering || state.filter !== '';
	const listHeight = Math.max(1, content.height - 1 - DETAIL_ROWS - (showFilter ? 1 : 0));
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
	// biome-ignore lint/correctness/useExhaustiveDependencies: the joined key stands for the names.
	useEffect(() => {
		service.show(onScreen);
	}, [service, onScreenKey]);
	useEffect(() => {
		service.select(view.selectedKey);
		onSelect(view.selectedKey);
	}, [service, view.selectedKey, onSelect]);

	usePaneKeys(
		(input, key) => {
			const {filtering, filter} = current();
			if (filtering) {
				if (matches('back', input, key)) {
					dispatch({type: 'clearFilter'});
				} else if (key.return) {
					dispatch({type: 'acceptFilter'});
				} else {
					const text = editText(filter, input, key);
					if (text !== undefined) {
						dispatch({type: 'editFilter', text});
					}
				}
				return true;
			}
			const move = (delta: number) => dispatch({type: 'move', delta, keys, height: listHeight});
			if (matches('up', input, key)) {
				move(-1);
			} else if (matches('down', input, key)) {
				move(1);
			} else if (matches('pageUp', input, key)) {
				move(-listHeight);
			} else if (matches('pageDown', input, key)) {
				move(listHeight);
			} else if (matches('top', input, key)) {
				dispatch({type: 'jump', end: 'first', keys, height: listHeight});
			} else if (matches('bottom', input, key)) {
				dispatch({type: 'jump', end: 'last', keys, height: listHeight});
			} else if (matches('filter', input, key)) {
				dispatch({type: 'startFilter'});
			} else if (matches('back', input, key) && filter !== '') {
				dispatch({type: 'clearFilter'});
			} else if (matches('refresh', input, key)) {
				service.refresh();
			} else if (matches('open', input, key) && view.selectedKey !== undefined) {
				onOpen(view.selectedKey);
			} else {
				return false;
			}
			return true;
		},
		{isActive: focused},
	);

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
					<Text color="cyan">/</Text>
					<Text>{sanitizeLine(state.filter)}</Text>
					{state.filtering ? <Text color="cyan">█</Text> : null}
				</Box>
			) : null}
			<Text bold dimColor wrap="truncate">
				{headerRow(columns)}
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
			<StreamDetail summary={selected} width={content.width} />
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

function StreamDetail({summary, width}: {summary?: StreamSummary; width: number}) {
	if (!summary) {
		return <Box height={DETAIL_ROWS} />;
	}
	const created = summary.createdAt
		? summary.createdAt.toISOString().slice(0, 16).replace('T', ' ')
		: '·';
	const metrics = summary.enhancedMetrics.length > 0 ? summary.enhancedMetrics.join(',') : 'none';
	const key = summary.encryption === 'KMS' ? ` · key ${summary.keyId ?? '?'}` : '';
	return (
		<Box flexDirection="column" height={DETAIL_ROWS}>
			<Text dimColor wrap="truncate">
				{truncate(sanitizeLine(summary.arn ?? summary.name), width)}
			</Text>
			<Text dimColor wrap="truncate">
				{sanitizeLine(`created ${created} UTC · shard metrics ${metrics}${key}`)}
			</Text>
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
