import {Box, Text} from 'ink';
import {useCallback, useEffect, useMemo} from 'react';
import stringWidth from 'string-width';
import {
	type PositionType,
	positionLabel,
	positionNeeds,
	positionOf,
} from '../../model/positions.js';
import {shortBytes} from '../../format/bytes.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {draftOf, type PutDraft} from '../../model/put-draft.js';
import {
	defaultSavePath,
	FileExistsError,
	recordJson,
	SaveError,
	saveRecords,
} from '../../services/tail/record-export.js';
import {useClipboard} from '../clipboard.js';
import {currentMessage} from '../timed-message.js';
import {atEnd} from '../text-edit.js';
import type {ReadonlyRing} from '../../lib/ring-buffer.js';
import type {TailRecord, TailService} from '../../services/tail/tail-service.js';
import {FieldText} from '../components/field-text.js';
import {Pane, paneContentSize} from '../components/pane.js';
import {usePaneTable} from '../key-router.js';
import {keysLabel} from '../keymap.js';
import type {Size} from '../layout.js';
import {useSyncReducer} from '../use-sync-reducer.js';
import {useNow} from '../use-now.js';
import {useStore} from '../use-store.js';
import {headRows, RecordDetail} from './record-detail.js';
import type {ShardOptions} from './shard-menu.js';
import {chooserMenuRows, TailChooser} from './tail-chooser.js';
import {type RecordActions, type TailKeyContext, tailKeys} from './tail-keys.js';
import {ALL_SHARDS, chooserMenu} from './tail-menus.js';
import {
	type ChooserState,
	initialTailState,
	type SaveState,
	quickChoice,
	tailReducer,
	valueOf,
} from './tail-state.js';
import {TailStatusLines} from './tail-status-lines.js';
import {tailRow, tailHeader, rowColumns} from './tail-rows.js';
import {matcherOf, resolveTailWindow} from './record-list.js';
import {useRecordList, useRecordRows} from './use-record-list.js';
import type {TailShardsService, TailShardsSnapshot} from '../../services/tail/tail-shards.js';

export type TailPaneProps = {
	service: TailService;
	/** The shards the chooser offers. */
	shards: TailShardsService;
	/** The stream selected in the stream list. */
	stream?: string;
	/** The shard chosen in the shard tree: the chooser offers it first. */
	shardId?: string;
	/**
	 * Counts the frame's requests for a tail in one key: each new count tails the selected stream,
	 * every shard, from the last position used (see quickChoice).
	 */
	quickTails?: number;
	/** Under --read-only: fan-out (which registers a consumer) is not offered. */
	readOnly?: boolean;
	/** A record to send again: the put form takes its partition key and data. */
	onSendAgain?: (draft: PutDraft) => void;
	size: Size;
	focused: boolean;
};

/** Rows above the records: the status, the lag, the column names. */
const HEAD_ROWS = 3;

/**
 * The live tail: choose a shard (or all) and where to start, then records scroll in as they arrive.
 * Space pauses, the arrows scroll back, enter opens a record whole, / filters by text or /regex/.
 */
export function TailPane({
	service,
	shards,
	stream,
	shardId,
	quickTails = 0,
	onSendAgain,
	readOnly = false,
	size,
	focused,
}: TailPaneProps) {
	const clipboard = useClipboard();
	const snapshot = useStore(service);
	// A pane drawn again over a tail that runs (after the help, say) shows its records.
	const [state, dispatch, current] = useSyncReducer(
		tailReducer,
		snapshot.target ? {...initialTailState, mode: 'tail'} : initialTailState,
	);
	// The clock ticks while a message shows, so that it goes after its time.
	const now = useNow(1000, state.message !== undefined);
	const choices = useStore(shards);
	const shardOptions = shardOptionsOf(choices, stream);
	const content = paneContentSize(size);
	const tailing = snapshot.target;

	// Another stream selected while choosing: its choices start over.
	useEffect(() => {
		if (current().mode === 'choose') {
			dispatch({type: 'choose', stream});
		}
	}, [stream, current, dispatch]);

	// The chooser lists the shards of the stream it would tail, while it is open.
	useEffect(() => {
		shards.select(state.mode === 'choose' ? stream : undefined);
	}, [shards, stream, state.mode]);

	const filter = useMemo(() => matcherOf(state.filter), [state.filter]);
	const list = useRecordList(snapshot, filter.match);
	const showFilter = state.filtering || state.filter !== '';
	const matchCount = `  ${list.size} match${list.size === 1 ? '' : 'es'}`;
	// The filter takes the row but for the slash and the match count (or half the row for its error).
	const filterWidth = Math.max(
		1,
		content.width -
			1 -
			(filter.error
				? Math.min(stringWidth(filter.error) + 2, Math.floor(content.width / 2))
				: matchCount.length),
	);
	const listHeight = Math.max(1, content.height - HEAD_ROWS - 1 - (showFilter ? 1 : 0));
	const window = resolveTailWindow(state, list, listHeight);
	const selected = window.selectedIndex >= 0 ? list.at(window.selectedIndex) : undefined;
	const opened = state.detail ? findRecord(snapshot.records, state.detail.id) : undefined;
	const detailRows = useRecordRows(opened, state.detail, content.width);
	const detailHeight = Math.max(
		1,
		content.height - 1 - (opened ? headRows(opened, content.width) : 0),
	);

	const start = useCallback(
		(chooser: ChooserState) => {
			if (stream === undefined) {
				return;
			}
			const parsed = positionOf(chooser.positionType, valueOf(chooser), new Date());
			if ('error' in parsed) {
				dispatch({type: 'refuse', error: parsed.error});
				return;
			}
			service.start({
				stream,
				shardId: chooser.shardId,
				position: parsed.position,
				consumer: chooser.fanOut ? chooser.consumer.text.trim() : undefined,
			});
			dispatch({type: 'started', stream, choice: chooser});
		},
		[service, stream, dispatch],
	);

	// A tail in one key, asked for by the frame: the selected stream, as quickChoice says.
	useEffect(() => {
		if (quickTails > 0 && stream !== undefined) {
			start({...current().chooser, ...quickChoice(current(), stream)});
		}
		// Only a new request starts a tail, not a new stream or a new `start`.
	}, [quickTails]);
	/** What the menu's cursor picked: the next step, or the tail itself. */
	const pick = (value: string) => {
		const {chooser} = current();
		switch (chooser.step) {
			case 'shard': {
				dispatch({type: 'chooseShard', shardId: value === ALL_SHARDS ? undefined : value});
				break;
			}
			case 'position': {
				const type = value as PositionType;
				dispatch({
					type: 'choosePosition',
					positionType: type,
					needsValue: positionNeeds(type) !== undefined,
				});
				break;
			}
			case 'reader': {
				if (value === 'efo') {
					dispatch({type: 'chooseReader', fanOut: true});
				} else {
					start({...chooser, fanOut: false});
				}
				break;
			}
			case 'value':
			case 'consumer': {
				break;
			}
		}
	};

	const say = (text: string, tone: 'info' | 'error' = 'info') =>
		dispatch({type: 'showMessage', message: {text, tone, at: Date.now()}});
	const tailedStream = snapshot.target?.stream ?? stream ?? '';
	const recordActions: RecordActions = {
		copy(record, what) {
			const named = {
				data: "the record's data",
				record: 'the record',
				sequence: 'its sequence number',
			};
			clipboard.copy(
				what === 'data'
					? record.data
					: new TextEncoder().encode(
							what === 'record' ? recordJson(tailedStream, record) : record.sequenceNumber,
						),
				named[what],
			);
		},
		tailFromHere(record) {
			service.start({
				stream: tailedStream,
				shardId: record.shardId,
				position: {type: 'AT_SEQUENCE_NUMBER', sequenceNumber: record.sequenceNumber},
			});
			dispatch({
				type: 'started',
				stream: tailedStream,
				choice: {
					...current().chooser,
					shardId: record.shardId,
					positionType: 'AT_SEQUENCE_NUMBER',
					values: {...current().chooser.values, AT_SEQUENCE_NUMBER: atEnd(record.sequenceNumber)},
					fanOut: false,
				},
			});
		},
		sendAgain(record) {
			if (!onSendAgain) {
				return;
			}
			onSendAgain(draftOf(record));
			say('The put form holds the record: s sends it (to the stream selected in pane 1).');
		},
	};
	const save = (path: string, overwrite: boolean) => {
		if (path === '') {
			say('Type the path of the file to save to.', 'error');
			return;
		}
		const records = Array.from({length: list.size}, (_, index) => list.at(index)).filter(
			(record): record is TailRecord => record !== undefined,
		);
		saveRecords(path, tailedStream, records, {overwrite}).then(
			(saved) => {
				dispatch({type: 'endSave'});
				say(
					`Saved ${saved.records.toLocaleString('en-US')} record${saved.records === 1 ? '' : 's'} (${shortBytes(saved.bytes)}) to ${sanitizeLine(path)}.`,
				);
			},
			(error: unknown) => {
				if (error instanceof FileExistsError) {
					dispatch({type: 'saveExists'});
					return;
				}
				dispatch({type: 'endSave'});
				const why = error instanceof SaveError ? error.message : String(error);
				// The reason first: a long path is cut at the row's end.
				say(`Not saved, ${why}: ${sanitizeLine(path)}`, 'error');
			},
		);
	};

	const keyContext = (): TailKeyContext => {
		const view = current();
		// The selection as the last key left it: keys read in one go come before the frame they make.
		const latest = resolveTailWindow(view, list, listHeight);
		const chosen = latest.selectedIndex >= 0 ? list.at(latest.selectedIndex) : undefined;
		const latestMenu = chooserMenu(view.chooser, shardOptions, shardId, readOnly);
		// The shard menu shows once the shards are listed: until then there is nothing to pick.
		const shown =
			view.chooser.step === 'shard' && shardOptions.state === 'loading' ? undefined : latestMenu;
		return {
			state: view,
			dispatch,
			service,
			stream,
			status: snapshot.status,
			list,
			listHeight,
			selected: chosen,
			detailLines: detailRows.rows.length,
			detailHeight,
			menu: shown && {...shown, rows: chooserMenuRows(content, view.chooser)},
			pick,
			start,
			opened,
			recordActions,
			save,
			savePath: () => defaultSavePath(tailedStream, new Date()),
		};
	};
	usePaneTable(tailKeys, keyContext, {isActive: focused});

	// The tail stays on its stream when another is selected: the title says so, and how to move it.
	const elsewhere =
		tailing && stream !== undefined && stream !== tailing.stream
			? ` · ${sanitizeLine(stream)} is selected: ${keysLabel('tailSelected')} tails it`
			: '';
	const title = tailing
		? `${sanitizeLine(tailing.stream)} · ${tailing.shardId === undefined ? 'all shards' : sanitizeLine(tailing.shardId)} · ${positionLabel(tailing.position)}${tailing.consumer ? ` · fan-out ${sanitizeLine(tailing.consumer)}` : ''}${elsewhere}`
		: undefined;

	if (state.mode === 'choose') {
		return (
			<Pane number={3} title="Tail" info={title} size={size} focused={focused}>
				{stream === undefined ? (
					<Text dimColor>Select a stream in pane 1 to tail it.</Text>
				) : (
					<TailChooser
						stream={stream}
						chooser={state.chooser}
						shardOptions={shardOptions}
						treeShardId={shardId}
						readOnly={readOnly}
						size={content}
						focused={focused}
					/>
				)}
			</Pane>
		);
	}

	// What the last key did, until the next key or for its time.
	const message = currentMessage(state.message, now);

	if (state.detail && opened) {
		return (
			<Pane number={3} title="Tail" info={`record ${opened.id}`} size={size} focused={focused}>
				<RecordDetail
					record={opened}
					rows={detailRows.rows}
					about={detailRows.about}
					scroll={state.detail.scroll}
					size={{width: content.width, height: content.height - 1}}
				/>
				{message ? (
					<Text wrap="truncate" color={message.tone === 'error' ? 'red' : 'green'}>
						{message.text}
					</Text>
				) : (
					<Text dimColor wrap="truncate">
						esc back · ↑/↓ pgup/pgdn scroll
						{opened.kind.endsWith('bytes') ? ` · ${keysLabel('tailBinary')} hex/base64` : ''}
					</Text>
				)}
			</Pane>
		);
	}

	const columns = rowColumns(content.width);
	const rows = Array.from({length: Math.min(listHeight, list.size - window.offset)}, (_, index) =>
		list.at(window.offset + index),
	);
	// Scrolled back, the records that came below the window since.
	const newer = list.size - (window.offset + rows.length);
	const footer = message
		? {text: message.text, color: message.tone === 'error' ? 'red' : 'green'}
		: snapshot.problem
			? {
					text: `⚠ ${snapshot.problem.message} (${keysLabel('tailNew')} to choose again)`,
					color: 'red',
				}
			: snapshot.notice
				? {text: snapshot.notice, color: 'yellow'}
				: !state.follow && newer > 0
					? {
							text: `↓ ${newer.toLocaleString('en-US')} newer · ${keysLabel('bottom')} follows the newest`,
							color: 'cyan',
						}
					: {text: state.follow && list.size > 0 ? 'following the newest' : ' ', color: undefined};
	return (
		<Pane number={3} title="Tail" info={title} size={size} focused={focused}>
			<TailStatusLines snapshot={snapshot} width={content.width} />
			{showFilter ? (
				// One row whatever the filter's length: a long one shows the part around its cursor, and
				// the match count keeps its place.
				<Box height={1} overflow="hidden">
					<Box flexShrink={0}>
						<Text color="cyan">/</Text>
					</Box>
					<Box flexShrink={0}>
						<Text wrap="truncate">
							<FieldText
								text={state.filter}
								cursor={state.filterCursor}
								editing={state.filtering}
								width={filterWidth}
							/>
						</Text>
					</Box>
					{filter.error ? (
						<Text color="red" wrap="truncate">
							{'  '}
							{filter.error}
						</Text>
					) : (
						<Box flexShrink={0}>
							<Text dimColor>{matchCount}</Text>
						</Box>
					)}
				</Box>
			) : null}
			<Text bold dimColor wrap="truncate">
				{tailHeader(columns)}
			</Text>
			<Box flexDirection="column" height={listHeight}>
				{rows.length === 0 ? (
					<Text dimColor wrap="truncate">
						{emptyMessage(snapshot.status, tailing !== undefined, state.filter)}
					</Text>
				) : (
					rows.map((record) =>
						record ? (
							<Text
								key={record.id}
								wrap="truncate"
								inverse={focused && record.id === selected?.id && !state.follow}
								color={record.warning ? 'yellow' : undefined}
							>
								{tailRow(record, columns)}
							</Text>
						) : null,
					)
				)}
			</Box>
			{state.save ? (
				<SaveLine save={state.save} count={list.size} width={content.width} />
			) : (
				<Text wrap="truncate" color={footer.color} dimColor={footer.color === undefined}>
					{footer.text}
				</Text>
			)}
		</Pane>
	);
}

/** The save line: the path being typed, or the question whether to replace the file there. */
function SaveLine({save, count, width}: {save: SaveState; count: number; width: number}) {
	if (save.exists) {
		return (
			<Text wrap="truncate" color="yellow">
				{sanitizeLine(save.path.text)} is there already: enter replaces it, esc keeps it.
			</Text>
		);
	}
	const label = `Save ${count.toLocaleString('en-US')} record${count === 1 ? '' : 's'} to: `;
	return (
		<Box height={1} overflow="hidden">
			<Text color="cyan">{label}</Text>
			<Text wrap="truncate">
				<FieldText
					text={save.path.text}
					cursor={save.path.cursor}
					editing
					width={Math.max(1, width - label.length)}
				/>
			</Text>
		</Box>
	);
}

/** Ids are consecutive in the ring: a record is found by its distance from the oldest. */
function findRecord(ring: ReadonlyRing<TailRecord>, id: number): TailRecord | undefined {
	const first = ring.at(0)?.id;
	return first === undefined ? undefined : ring.at(id - first);
}

function emptyMessage(status: string, started: boolean, filter: string): string {
	if (!started) {
		return `Nothing tailed yet: press ${keysLabel('tailNew')} to choose a shard and where to start.`;
	}
	if (filter !== '') {
		return 'No record here matches the filter (esc clears it).';
	}
	return status === 'starting' ? 'Starting…' : 'No records yet: they show here as they arrive.';
}

/** The chooser's shards of `stream`: listed, failed to list (tried again), or on their way. */
function shardOptionsOf(choices: TailShardsSnapshot, stream: string | undefined): ShardOptions {
	if (choices.stream !== stream || stream === undefined) {
		return {state: 'loading'};
	}
	if (choices.shards) {
		return {state: 'loaded', shards: choices.shards};
	}
	return choices.problem ? {state: 'failed', error: choices.problem.message} : {state: 'loading'};
}
