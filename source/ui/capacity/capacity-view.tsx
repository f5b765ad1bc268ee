import {Box, Text} from 'ink';
import {useEffect, useMemo, useState} from 'react';
import {sanitizeLine} from '../../format/sanitize.js';
import type {CapacityService} from '../../services/capacity/capacity-service.js';
import type {StreamManagerService} from '../../services/stream-manager.js';
import {ActionDialogView} from '../action-dialog/action-dialog.js';
import {OperationLine, operationRows} from '../components/operation-line.js';
import {Pane, paneContentSize} from '../components/pane.js';
import {usePaneTable} from '../key-router.js';
import type {Size} from '../layout.js';
import {useStore} from '../use-store.js';
import {useSyncReducer} from '../use-sync-reducer.js';
import {type CapacityKeyContext, capacityKeys} from './capacity-keys.js';
import {
	type CapacityRow,
	progressCells,
	reportRows,
	type Segment,
	statusText,
	type Tone,
} from './capacity-rows.js';
import {
	capacityViewReducer,
	initialCapacityViewState,
	offeredSplit,
	scrollStops,
	topRow,
} from './capacity-state.js';

export type CapacityViewProps = {
	service: CapacityService;
	/** Runs the split the view offers. */
	manager: StreamManagerService;
	/** The stream selected in the stream list. */
	stream?: string;
	readOnly: boolean;
	size: Size;
	focused: boolean;
	onClose: () => void;
};

const TONES: Record<Tone, {color?: string; dimColor?: boolean; bold?: boolean}> = {
	hot: {color: 'red'},
	warm: {color: 'yellow'},
	calm: {color: 'green'},
	dim: {dimColor: true},
	heading: {bold: true},
};

/** The progress bar's width while a window is read. */
const PROGRESS_CELLS = 20;

/**
 * Where the selected stream's writes go, shard by shard, and what to do about it: measured when the
 * view opens (the last 5 minutes), again on a key, over the whole screen below the header.
 */
export function CapacityView({
	service,
	manager,
	stream,
	readOnly,
	size,
	focused,
	onClose,
}: CapacityViewProps) {
	// Opening measures; closing abandons a read in flight (its GetRecords calls are the stream's).
	useEffect(() => {
		service.select(stream);
		service.measure({kind: 'window'});
		return () => service.select(undefined);
	}, [service, stream]);
	const snapshot = useStore(service);
	const detail = useStore(manager);
	// The answer to a split asked for here, not whatever the stream list last did.
	const [earlier] = useState(() => manager.getSnapshot().operation);
	const operation = detail.operation === earlier ? undefined : detail.operation;
	const [state, dispatch, currentState] = useSyncReducer(
		capacityViewReducer,
		initialCapacityViewState,
	);
	const content = paneContentSize(size);
	const report = snapshot.stream === stream ? snapshot.report : undefined;
	const rows = useMemo(
		() => (report ? reportRows(report, {width: content.width, readOnly}) : []),
		[report, content.width, readOnly],
	);
	const answerRows = operationRows(operation, content.width);
	const height = Math.max(1, content.height - 1 - answerRows);
	const stops = useMemo(() => scrollStops(rows, height), [rows, height]);
	const top = topRow(state, stops, height);

	const keyContext = (): CapacityKeyContext => {
		const latest = currentState();
		return {
			state: latest,
			dispatch,
			stops,
			height,
			stream,
			snapshot: service.getSnapshot(),
			readOnly,
			offered: offeredSplit(report, rows, topRow(latest, stops, height)),
			service,
			manager,
			onClose,
		};
	};
	usePaneTable(capacityKeys, keyContext, {isActive: focused});

	const shown = rows.slice(top, top + height);
	const info =
		stream === undefined
			? undefined
			: `${sanitizeLine(stream)}${rows.length > height ? ` · rows ${top + 1}–${top + shown.length} of ${rows.length}` : ''}`;
	return (
		<Pane title="Capacity" info={info} size={size} focused={focused}>
			{stream === undefined ? (
				<Text dimColor wrap="wrap">
					Select a stream in 1 Streams to measure where its writes go.
				</Text>
			) : (
				<>
					<StatusLine snapshot={snapshot} width={content.width} />
					{state.dialog ? (
						<ActionDialogView dialog={state.dialog} width={content.width} height={height} />
					) : (
						<Box flexDirection="column" height={height}>
							{shown.map((row) => (
								<ReportRow key={row.key} row={row} />
							))}
						</Box>
					)}
					{operation ? <OperationLine operation={operation} width={content.width} /> : null}
				</>
			)}
		</Pane>
	);
}

function StatusLine({
	snapshot,
	width,
}: {
	snapshot: ReturnType<CapacityService['getSnapshot']>;
	width: number;
}) {
	const text = statusText(snapshot);
	if (snapshot.status === 'reading') {
		const cells = progressCells(snapshot.progress.fraction, Math.min(PROGRESS_CELLS, width / 4));
		return (
			<Text wrap="truncate">
				<Text color="cyan">{cells.filled}</Text>
				<Text dimColor>{cells.empty}</Text> {text}
			</Text>
		);
	}
	return (
		<Text
			wrap="truncate"
			color={snapshot.status === 'failed' ? 'red' : undefined}
			dimColor={snapshot.status !== 'failed'}
		>
			{text}
		</Text>
	);
}

function ReportRow({row}: {row: CapacityRow}) {
	return (
		<Text wrap="truncate">{row.segments.length === 0 ? ' ' : row.segments.map(drawSegment)}</Text>
	);
}

function drawSegment(segment: Segment, index: number) {
	// A row's parts come in a fixed order: their place is their identity.
	return (
		<Text key={index} {...(segment.tone ? TONES[segment.tone] : {})}>
			{segment.text}
		</Text>
	);
}
