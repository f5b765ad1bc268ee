import {Box, Text} from 'ink';
import {useEffect, useMemo} from 'react';
import {sanitizeLine} from '../../format/sanitize.js';
import type {ReadableStore} from '../../lib/store.js';
import type {
	ConsumersService,
	ConsumersSnapshot,
} from '../../services/consumers/consumers-service.js';
import {ActionDialogView} from '../action-dialog/action-dialog.js';
import {OperationLine, operationRows} from '../components/operation-line.js';
import {Pane, paneContentSize} from '../components/pane.js';
import {usePaneTable} from '../key-router.js';
import {keysLabel} from '../keymap.js';
import type {Size} from '../layout.js';
import {resolveWindow} from '../list-window.js';
import {problemText} from '../problem-text.js';
import {useNow} from '../use-now.js';
import {useStore} from '../use-store.js';
import {useSyncReducer} from '../use-sync-reducer.js';
import {type ConsumersKeyContext, consumersKeys} from './consumers-keys.js';
import {type ConsumerRow, consumerRows, type RowTone} from './consumers-rows.js';
import {consumersViewReducer, initialConsumersViewState} from './consumers-state.js';
import {type TailUse, unusedOwnConsumer} from './own-consumer.js';

export type ConsumersViewProps = {
	service: ConsumersService;
	/** The stream selected in the stream list. */
	stream?: string;
	/** The explorer's tail: its own fan-out consumer is offered for deregistration once no tail uses it. */
	tail: ReadableStore<TailUse>;
	readOnly: boolean;
	size: Size;
	focused: boolean;
	onClose: () => void;
};

/**
 * Who reads the selected stream: its enhanced fan-out consumers, and the KCL applications whose
 * lease tables name its shards, lease by lease. Over the whole screen until esc (or a pane's key).
 */
export function ConsumersView({
	service,
	stream,
	tail,
	readOnly,
	size,
	focused,
	onClose,
}: ConsumersViewProps) {
	// The service reads (Kinesis, DynamoDB, a GetRecords a shard each 10 s) only while the view is
	// open: closed, it follows no stream.
	useEffect(() => {
		service.select(stream);
		return () => service.select(undefined);
	}, [service, stream]);
	const snapshot = useStore(service);
	const current = snapshot.stream === stream ? snapshot : undefined;
	return (
		<Pane
			number={keysLabel('consumersView')}
			title="Consumers"
			info={stream === undefined ? undefined : sanitizeLine(stream)}
			size={size}
			focused={focused}
		>
			{/* Another stream starts at its top, with no dialog. */}
			<ConsumersBody
				key={stream ?? ''}
				service={service}
				stream={stream}
				snapshot={current}
				tail={tail}
				readOnly={readOnly}
				size={paneContentSize(size)}
				focused={focused}
				onClose={onClose}
			/>
		</Pane>
	);
}

type BodyProps = Omit<ConsumersViewProps, 'size'> & {snapshot?: ConsumersSnapshot; size: Size};

const TONES: Record<RowTone, {color?: string; bold?: boolean; dimColor?: boolean}> = {
	title: {bold: true},
	header: {dimColor: true},
	dim: {dimColor: true},
	warn: {color: 'yellow'},
	error: {color: 'red'},
	own: {color: 'cyan'},
};

function ConsumersBody({
	service,
	stream,
	snapshot,
	tail,
	readOnly,
	size,
	focused,
	onClose,
}: BodyProps) {
	const [state, dispatch, currentState] = useSyncReducer(
		consumersViewReducer,
		initialConsumersViewState,
	);
	const tailUse = useStore(tail);
	// Owners stalled "for how long", and the retry countdown, move with the clock.
	const now = useNow(1000, snapshot !== undefined);
	const ownUnused = unusedOwnConsumer(snapshot?.fanOut, stream, tailUse);
	const rows = useMemo(
		() => (snapshot ? consumerRows({snapshot, width: size.width, now, ownUnused}) : []),
		[snapshot, size.width, now, ownUnused],
	);
	const keys = useMemo(() => rows.map((row) => row.key), [rows]);
	const operation = snapshot?.operation;
	const answerRows = operationRows(operation, size.width);
	const refusalRows = state.refusal ? 1 : 0;
	const listHeight = Math.max(1, size.height - 1 - answerRows - refusalRows);
	const view = resolveWindow(state.window, keys, listHeight);

	const targetOf = (index: number): ConsumersKeyContext['target'] => {
		const name = rows[index]?.consumer ?? ownUnused;
		const consumer = snapshot?.fanOut?.find((each) => each.name === name);
		return consumer
			? {name: consumer.name, own: consumer.own, unused: consumer.name === ownUnused}
			: undefined;
	};
	const keyContext = (): ConsumersKeyContext => ({
		state: currentState(),
		dispatch,
		keys,
		listHeight,
		stream,
		target: targetOf(resolveWindow(currentState().window, keys, listHeight).index),
		readOnly,
		service,
		onClose,
	});
	usePaneTable(consumersKeys, keyContext, {isActive: focused});

	if (stream === undefined) {
		return <Text dimColor>Select a stream in 1 Streams to see who reads it.</Text>;
	}
	return (
		<Box flexDirection="column">
			<StatusLine stream={stream} snapshot={snapshot} now={now} />
			{state.dialog ? (
				<ActionDialogView dialog={state.dialog} width={size.width} height={size.height - 1} />
			) : (
				<>
					<Box flexDirection="column" height={listHeight}>
						{rows.slice(view.offset, view.offset + listHeight).map((row) => (
							<Row
								key={row.key}
								row={row}
								selected={row.key === view.selectedKey}
								focused={focused}
							/>
						))}
					</Box>
					{state.refusal ? (
						<Text color="red" wrap="truncate">
							⚠ {state.refusal}
						</Text>
					) : null}
					{operation ? <OperationLine operation={operation} width={size.width} /> : null}
				</>
			)}
		</Box>
	);
}

function Row({row, selected, focused}: {row: ConsumerRow; selected: boolean; focused: boolean}) {
	const tone = row.tone ? TONES[row.tone] : {};
	return (
		<Text wrap="truncate" {...tone} inverse={selected && focused}>
			{/* An empty row still takes its line, and shows the selection. */}
			{row.text || ' '}
		</Text>
	);
}

function StatusLine({
	stream,
	snapshot,
	now,
}: {
	stream: string;
	snapshot?: ConsumersSnapshot;
	now: number;
}) {
	if (snapshot?.problem) {
		return (
			<Text color="red" wrap="truncate">
				⚠ {problemText(snapshot.problem, now)}
			</Text>
		);
	}
	if (!snapshot || snapshot.loading) {
		return (
			<Text dimColor wrap="truncate">
				Looking at who reads {sanitizeLine(stream)}…
			</Text>
		);
	}
	const applications = snapshot.applications?.length ?? 0;
	const parts = [
		`${snapshot.fanOut?.length ?? 0} fan-out consumer${snapshot.fanOut?.length === 1 ? '' : 's'}`,
		snapshot.leaseProblem
			? 'KCL applications unknown'
			: `${applications} KCL application${applications === 1 ? '' : 's'}`,
		snapshot.settled
			? 'every lag measured, every owner seen'
			: 'watching the lease counters and measuring lag (a read a shard each 10 s)…',
	];
	return (
		<Text dimColor wrap="truncate">
			{parts.join(' · ')}
		</Text>
	);
}
