import {Box, Text} from 'ink';
import {useEffect, useMemo} from 'react';
import {SLOW_CALL_MS} from '../../kinesis/deadlines.js';
import {placeRecord} from '../../model/placement.js';
import {type DraftField, type DraftProblems, draftProblems} from '../../model/put-draft.js';
import type {PutService, PutSnapshot} from '../../services/put/put-service.js';
import {shortBytes} from '../../format/bytes.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {Pane, paneContentSize} from '../components/pane.js';
import {TextField} from '../components/text-field.js';
import {usePaneTable} from '../key-router.js';
import {noKeys} from '../key-table.js';
import {type PutFormKeyContext, putFormKeys} from './put-form-keys.js';
import {keysLabel} from '../keymap.js';
import type {Size} from '../layout.js';
import {truncate} from '../../format/text-width.js';
import {useNow} from '../use-now.js';
import {useSyncReducer} from '../use-sync-reducer.js';
import {useStore} from '../use-store.js';
import {DataView} from './data-view.js';
import {FilePanel} from './file-panel.js';
import {
	type FormRows,
	formRows,
	initialPutFormState,
	MIN_FORM_ROWS,
	type PutFormState,
	putFormReducer,
} from './put-form-state.js';
import {SentHistory} from './sent-history.js';
import {shardLabel} from '../../format/shard-text.js';

export type PutFormPaneProps = {
	service: PutService;
	/** The stream selected in the stream list: records go there. */
	stream?: string;
	readOnly: boolean;
	size: Size;
	focused: boolean;
};

const LABELS: Record<DraftField, string> = {
	partitionKey: 'Partition key',
	explicitHashKey: 'Hash key',
	sequenceNumberForOrdering: 'Order after',
	data: 'Data',
};

const PLACEHOLDERS: Partial<Record<DraftField, string>> = {
	partitionKey: `${keysLabel('randomKey')} for a random one`,
	explicitHashKey: 'optional: 0 to 2^128−1, places the record',
	sequenceNumberForOrdering: 'optional: a sequence number it must follow',
};

/**
 * Room on the partition key's line for the predicted shard: "→ shardId-000000000003", or in a
 * narrow pane "→ shard 3".
 */
const PREDICTION_WIDTH = 23;
const SHORT_PREDICTION_WIDTH = 12;
const FULL_PREDICTION_MIN_WIDTH = 60;

export function PutFormPane({service, stream, readOnly, size, focused}: PutFormPaneProps) {
	const snapshot = useStore(service);
	const [state, dispatch, current] = useSyncReducer(putFormReducer, initialPutFormState);
	const content = paneContentSize(size);
	const rows = formRows(content.height);
	const sending =
		snapshot.file?.phase === 'sending' ||
		snapshot.file?.phase === 'checking' ||
		snapshot.send?.phase === 'sending';
	const now = useNow(500, sending);
	const history = useMemo(
		() => snapshot.history.filter((record) => record.stream === stream),
		[snapshot.history, stream],
	);
	const problems = useMemo(() => draftProblems(state.draft), [state.draft]);

	useEffect(() => {
		service.watch(stream);
	}, [service, stream]);

	const keyContext = (): PutFormKeyContext => ({
		state: current(),
		dispatch,
		service,
		history,
		fields: rows?.fields ?? [],
		stream,
	});
	// Read-only, or too small for the form: the pane takes no key.
	const usable = !readOnly && rows !== undefined;
	usePaneTable(usable ? putFormKeys : noKeys, keyContext, {isActive: focused});

	const info = stream === undefined ? undefined : sanitizeLine(stream);
	return (
		<Pane number={4} title="Put" info={info} size={size} focused={focused}>
			{readOnly ? (
				<Text color="yellow" wrap="wrap">
					Read-only: sending is off (--read-only).
				</Text>
			) : !rows ? (
				<Text color="yellow" wrap="truncate">
					Too small for the form: it needs {MIN_FORM_ROWS} rows, it has {content.height}.
				</Text>
			) : state.file && stream !== undefined ? (
				<FilePanel
					panel={state.file}
					job={snapshot.file}
					stream={stream}
					formKey={state.draft.partitionKey}
					focused={focused}
					now={now}
					width={content.width}
					height={content.height}
				/>
			) : (
				<Form
					now={now}
					state={state}
					snapshot={snapshot}
					rows={rows}
					problems={problems}
					history={history}
					stream={stream}
					focused={focused}
					width={content.width}
				/>
			)}
		</Pane>
	);
}

type FormProps = {
	state: PutFormState;
	snapshot: PutSnapshot;
	rows: FormRows;
	problems: DraftProblems;
	history: PutSnapshot['history'];
	stream?: string;
	focused: boolean;
	width: number;
	now: number;
};

function Form({state, snapshot, rows, problems, history, stream, focused, width, now}: FormProps) {
	const {draft, selection, editing} = state;
	const selected = (field: DraftField) =>
		focused && selection.kind === 'field' && selection.field === field;
	const short = width < FULL_PREDICTION_MIN_WIDTH;
	const fieldWidth = (field: DraftField) =>
		field === 'partitionKey'
			? Math.max(10, width - (short ? SHORT_PREDICTION_WIDTH : PREDICTION_WIDTH))
			: width;
	const dataBytes = problems.data ? undefined : Buffer.byteLength(draft.data, 'utf8');
	return (
		<Box flexDirection="column">
			{rows.fields
				.filter((field) => field !== 'data')
				.map((field) => (
					<Box key={field} flexDirection="row" height={1}>
						<Box width={fieldWidth(field)}>
							<SingleLine
								field={field}
								value={draft[field as Exclude<DraftField, 'data'>]}
								selected={selected(field)}
								editing={selected(field) && editing}
								invalid={problems[field] !== undefined && draft[field] !== ''}
								width={fieldWidth(field)}
							/>
						</Box>
						{field === 'partitionKey' ? (
							<Prediction snapshot={snapshot} state={state} short={short} />
						) : null}
					</Box>
				))}
			<Text wrap="truncate">
				<Text
					color={selected('data') ? 'cyan' : undefined}
					bold={selected('data')}
					inverse={selected('data') && !editing}
				>
					Data
				</Text>
				<Text dimColor>
					{' '}
					· {draft.format}
					{problems.data
						? ' ✗'
						: dataBytes === undefined
							? ''
							: ` ✓ ${shortBytes(dataBytes)}`} · {keysLabel('dataFormat')} format
				</Text>
			</Text>
			<DataView
				text={draft.data}
				cursor={state.dataCursor}
				editing={selected('data') && editing}
				lines={rows.dataLines}
				width={width}
			/>
			<StatusLine
				state={state}
				snapshot={snapshot}
				problems={problems}
				stream={stream}
				width={width}
				now={now}
			/>
			<SentHistory
				history={history}
				selected={selection.kind === 'history' ? selection.index : undefined}
				focused={focused}
				lines={rows.historyLines}
				width={width}
			/>
		</Box>
	);
}

function SingleLine({
	field,
	value,
	selected,
	editing,
	invalid,
	width,
}: {
	field: DraftField;
	value: string;
	selected: boolean;
	editing: boolean;
	invalid: boolean;
	width: number;
}) {
	const label = `${selected && !editing ? '›' : ' '}${LABELS[field]}${invalid ? ' ✗' : ''}`;
	// TextField shows a value's start; while typing, its end (where the cursor is) matters more.
	const room = Math.max(1, width - label.length - 4);
	const shown = editing && value.length > room ? `…${value.slice(-(room - 1))}` : value;
	return (
		<TextField
			label={label}
			value={shown}
			focused={editing}
			placeholder={PLACEHOLDERS[field]}
			width={width}
		/>
	);
}

function Prediction({
	snapshot,
	state,
	short,
}: {
	snapshot: PutSnapshot;
	state: PutFormState;
	short: boolean;
}) {
	if (snapshot.stream === undefined) {
		return null;
	}
	if (!snapshot.shards) {
		return <Text dimColor>{snapshot.problem ? '→ ?' : '→ …'}</Text>;
	}
	const placement = placeRecord(snapshot.shards, state.draft);
	if (!placement) {
		return <Text dimColor>→ ?</Text>;
	}
	if (!placement.shard) {
		return <Text color="yellow">→ no open shard</Text>;
	}
	return (
		<Text color="green" wrap="truncate">
			→ {short ? shardLabel(placement.shard.shardId) : sanitizeLine(placement.shard.shardId)}
		</Text>
	);
}

function StatusLine({
	state,
	snapshot,
	problems,
	stream,
	width,
	now,
}: {
	state: PutFormState;
	snapshot: PutSnapshot;
	problems: DraftProblems;
	stream?: string;
	width: number;
	now: number;
}) {
	const line = statusOf(state, snapshot, problems, width, now, stream);
	return (
		<Text color={line.color} dimColor={line.dim} wrap="truncate">
			{line.text}
		</Text>
	);
}

type Status = {text: string; color?: string; dim?: boolean};

function statusOf(
	state: PutFormState,
	snapshot: PutSnapshot,
	problems: DraftProblems,
	width: number,
	now: number,
	stream?: string,
): Status {
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
