import {Box, Text} from 'ink';
import {placeRecord} from '../../model/placement.js';
import {type DraftField, type DraftProblems, encodeData} from '../../model/put-draft.js';
import type {PutSnapshot} from '../../services/put/put-service.js';
import {shortBytes} from '../../format/bytes.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {TextField} from '../components/text-field.js';
import {keysLabel} from '../keymap.js';
import {DataView} from './data-view.js';
import {type FormRows, type PutFormState} from './put-form-state.js';
import {SentHistory} from './sent-history.js';
import {shardLabel} from '../../format/shard-text.js';
import {statusOf} from './put-status.js';

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

export type FormProps = {
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

/** The draft's fields, the predicted shard, the data, the status line and the records sent. */
export function DraftForm({
	state,
	snapshot,
	rows,
	problems,
	history,
	stream,
	focused,
	width,
	now,
}: FormProps) {
	const {draft, selection, editing} = state;
	const selected = (field: DraftField) =>
		focused && selection.kind === 'field' && selection.field === field;
	const short = width < FULL_PREDICTION_MIN_WIDTH;
	const fieldWidth = (field: DraftField) =>
		field === 'partitionKey'
			? Math.max(10, width - (short ? SHORT_PREDICTION_WIDTH : PREDICTION_WIDTH))
			: width;
	// The bytes the record will carry: base64 counts what it decodes to, not its letters.
	const encoded = problems.data ? undefined : encodeData(draft.data, draft.format);
	const dataBytes = encoded && 'bytes' in encoded ? encoded.bytes.length : undefined;
	return (
		<Box flexDirection="column">
			{rows.fields
				.filter((field) => field !== 'data')
				.map((field) => (
					<Box key={field} flexDirection="row" height={1}>
						<Box width={fieldWidth(field)}>
							<SingleLine
								field={field}
								value={draft[field]}
								cursor={state.cursors[field]}
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
					{problems.data ? ' ✗' : dataBytes === undefined ? '' : ` ✓ ${shortBytes(dataBytes)}`}
					{state.formatNote ? '' : ` · ${keysLabel('dataFormat')} format`}
				</Text>
				{state.formatNote ? <Text color="yellow"> · {state.formatNote}</Text> : null}
			</Text>
			<DataView
				text={draft.data}
				cursor={state.cursors.data}
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
	cursor,
	selected,
	editing,
	invalid,
	width,
}: {
	field: DraftField;
	value: string;
	cursor: number;
	selected: boolean;
	editing: boolean;
	invalid: boolean;
	width: number;
}) {
	const label = `${selected && !editing ? '›' : ' '}${LABELS[field]}${invalid ? ' ✗' : ''}`;
	return (
		<TextField
			label={label}
			value={value}
			cursor={cursor}
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
