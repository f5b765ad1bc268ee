import {Box, type Key, Text, useStdout} from 'ink';
import {useCallback, useMemo, useState} from 'react';
import {shortBytes} from './format/bytes.js';
import {type Clipboard, ClipboardContext, osc52} from './ui/clipboard.js';
import {currentMessage, type TimedMessage} from './ui/timed-message.js';
import type {ReadableStore} from './lib/store.js';
import type {StreamListService} from './services/stream-list.js';
import type {PutDraft} from './model/put-draft.js';
import type {Services} from './services/services.js';
import {type AppAction, appReducer, initialAppState, type PaneId} from './ui/app-state.js';
import {type ConnectionInfo, Header, type Reach} from './ui/components/header.js';
import {HelpOverlay} from './ui/components/help-overlay.js';
import {StatusBar} from './ui/components/status-bar.js';
import type {Notice} from './services/session.js';
import {createKeyRouter, KeyRouterContext, useFrameKeys} from './ui/key-router.js';
import {type Hint, hintsOf, type KeyTable, runKey} from './ui/key-table.js';
import {keysLabel, matches} from './ui/keymap.js';
import {layoutFor, MIN_COLUMNS, MIN_ROWS} from './ui/layout.js';
import {PutFormPane} from './ui/put-form/put-form-pane.js';
import {ShardTreePane} from './ui/shard-tree/shard-tree-pane.js';
import {StreamListPane} from './ui/stream-list/stream-list-pane.js';
import {TailPane} from './ui/tail/tail-pane.js';
import {problemText} from './ui/problem-text.js';
import {useNow} from './ui/use-now.js';
import {useStore} from './ui/use-store.js';
import {useSyncReducer} from './ui/use-sync-reducer.js';
import {useTerminalSize} from './ui/use-terminal-size.js';
import {ConsumersView} from './ui/consumers/consumers-view.js';
import {CapacityView} from './ui/capacity/capacity-view.js';

export type AppProps = {
	connection: ConnectionInfo;
	services: Services;
	/** Messages from outside the panes: the demo producer, the embedded engine. */
	notices: ReadableStore<Notice | undefined>;
	onQuit: () => void;
	/** Where copies go: the terminal's clipboard (OSC 52) unless told otherwise. */
	writeClipboard?: (bytes: Uint8Array) => void;
};

type FrameContext = {
	dispatch: (action: AppAction) => void;
	onQuit: () => void;
	/** A stream is selected in pane 1. */
	streamSelected: boolean;
	/** Tails the selected stream in one key (the tail pane takes it from there). */
	tailSelected: () => void;
};

/** The frame's own keys: the panes had them first (a pane taking text keeps them all). */
const frameKeys: KeyTable<FrameContext> = {
	actions: [
		{command: 'nextPane', hint: 'next pane', run: ({dispatch}) => dispatch({type: 'focusNext'})},
		{command: 'previousPane', run: ({dispatch}) => dispatch({type: 'focusPrevious'})},
		{command: 'zoom', hint: 'zoom', run: ({dispatch}) => dispatch({type: 'toggleZoom'})},
		{
			command: 'tailSelected',
			hint: 'tail it',
			when: ({streamSelected}) => streamSelected,
			run: ({tailSelected}) => tailSelected(),
		},
		{
			command: 'consumersView',
			run: ({dispatch}) => dispatch({type: 'openView', view: 'consumers'}),
		},
		{
			command: 'capacityView',
			run: ({dispatch}) => dispatch({type: 'openView', view: 'capacity'}),
		},
		{command: 'help', hint: 'help', run: ({dispatch}) => dispatch({type: 'toggleHelp'})},
		{command: 'quit', hint: 'quit', run: ({onQuit}) => onQuit()},
		...(
			[
				['streamsPane', 'streams'],
				['shardsPane', 'shards'],
				['tailPane', 'tail'],
				['putPane', 'put'],
			] as const
		).map(([command, pane]) => ({
			command,
			run: ({dispatch}: FrameContext) => dispatch({type: 'focus', pane}),
		})),
	],
};

/** While the help is open, the frame's keys are only those that close it. */
const HELP_HINTS: Hint[] = [
	{keys: `${keysLabel('help')}/${keysLabel('back')}`, label: 'close help'},
];

export function App({connection, services, notices, onQuit, writeClipboard}: AppProps) {
	const {stdout} = useStdout();
	// The frame's own message (what was copied), shown until the next key or for its time: it
	// stands where the keys' hints stand.
	const [flash, setFlash] = useState<TimedMessage>();
	const clipboard = useMemo<Clipboard>(
		() => ({
			copy(bytes, what) {
				if (writeClipboard) {
					writeClipboard(bytes);
				} else {
					stdout.write(osc52(bytes));
				}
				setFlash({
					text: `Copied ${what} (${shortBytes(bytes.length)}) to the clipboard.`,
					tone: 'info',
					at: Date.now(),
				});
			},
		}),
		[stdout, writeClipboard],
	);
	const {streamList, tail} = services;
	const {columns, rows} = useTerminalSize();
	const [state, dispatch, currentState] = useSyncReducer(appReducer, initialAppState);
	const [selectedStream, setSelectedStream] = useState<string>();
	// The shard selected in the tree: the one the tail will read.
	const [selectedShard, setSelectedShard] = useState<string>();
	const [router] = useState(createKeyRouter);
	const paneHints = useStore(router.hints);
	const onOpenStream = useCallback(() => dispatch({type: 'focus', pane: 'shards'}), []);
	const [quickTails, setQuickTails] = useState(0);
	// A record from the tail, to send again from the put form.
	const [loadedDraft, setLoadedDraft] = useState<{draft: PutDraft; count: number}>();
	const onSendAgain = useCallback((draft: PutDraft) => {
		setLoadedDraft((last) => ({draft, count: (last?.count ?? 0) + 1}));
		dispatch({type: 'focus', pane: 'put'});
	}, []);

	const frame: FrameContext = {
		dispatch,
		onQuit,
		streamSelected: selectedStream !== undefined,
		tailSelected() {
			if (selectedStream !== undefined) {
				setQuickTails((count) => count + 1);
				dispatch({type: 'focus', pane: 'tail'});
			}
		},
	};
	useFrameKeys(router, (input, key) => {
		setFlash(undefined);
		const before = currentState();
		handleKey(input, key);
		return currentState() !== before;
	});

	function handleKey(input: string, key: Key) {
		if (key.ctrl && input === 'c') {
			onQuit();
			return;
		}
		if (currentState().help) {
			if (matches('help', input, key) || matches('back', input, key)) {
				dispatch({type: 'closeHelp'});
			} else {
				// The help is the only one listening now: it scrolls on a small terminal.
				router.offer(input, key);
			}
			return;
		}
		// The focused pane goes first: while it takes text (a filter, a form) it keeps every key.
		if (!router.offer(input, key)) {
			runKey(frameKeys, input, key, frame);
		}
	}

	const layout = layoutFor(columns, rows, state);
	if (!layout.fits) {
		return (
			<Box width={layout.width} height={layout.height}>
				<Text color="yellow" wrap="wrap">
					The terminal is {columns}×{rows}; the explorer needs at least {MIN_COLUMNS}×{MIN_ROWS}.
					Make the window larger, or press q to quit.
				</Text>
			</Box>
		);
	}
	const focused = (pane: PaneId) => state.focus === pane && !state.help && !state.view;
	const {panes, shown} = layout;
	const display = (pane: PaneId) => (shown[pane] ? 'flex' : 'none');
	const viewSize = {width: layout.width, height: layout.height - 2};
	const closeView = () => dispatch({type: 'closeView'});
	return (
		<ClipboardContext.Provider value={clipboard}>
			<KeyRouterContext.Provider value={router}>
				<Box flexDirection="column" width={layout.width} height={layout.height}>
					<AppHeader connection={connection} width={layout.width} streamList={streamList} />
					{state.help ? (
						<HelpOverlay size={{width: layout.width, height: layout.height - 2}} />
					) : null}
					{state.view === 'consumers' && !state.help ? (
						<ConsumersView
							service={services.consumers}
							stream={selectedStream}
							tail={tail}
							readOnly={connection.readOnly}
							size={viewSize}
							focused
							onClose={closeView}
						/>
					) : null}
					{state.view === 'capacity' && !state.help ? (
						<CapacityView
							service={services.capacity}
							manager={services.streamManager}
							stream={selectedStream}
							readOnly={connection.readOnly}
							size={viewSize}
							focused
							onClose={closeView}
						/>
					) : null}
					{/* Hidden, not unmounted, under the help and the views: the panes keep their selection
					and filters. */}
					<Box flexDirection="row" display={state.help || state.view ? 'none' : 'flex'}>
						<Box flexDirection="column">
							<Box display={display('streams')}>
								<StreamListPane
									service={streamList}
									manager={services.streamManager}
									readOnly={connection.readOnly}
									size={panes.streams}
									focused={focused('streams')}
									onSelect={setSelectedStream}
									onOpen={onOpenStream}
								/>
							</Box>
							<Box display={display('shards')}>
								<ShardTreePane
									service={services.shardTree}
									stream={selectedStream}
									size={panes.shards}
									focused={focused('shards')}
									readOnly={connection.readOnly}
									onSelectShard={setSelectedShard}
								/>
							</Box>
						</Box>
						<Box flexDirection="column">
							<Box display={display('tail')}>
								<TailPane
									service={tail}
									shards={services.tailShards}
									stream={selectedStream}
									size={panes.tail}
									focused={focused('tail')}
									shardId={selectedShard}
									quickTails={quickTails}
									readOnly={connection.readOnly}
									onSendAgain={onSendAgain}
								/>
							</Box>
							<Box display={display('put')}>
								<PutFormPane
									service={services.put}
									stream={selectedStream}
									readOnly={connection.readOnly}
									loaded={loadedDraft}
									size={panes.put}
									focused={focused('put')}
								/>
							</Box>
						</Box>
					</Box>
					<AppStatusBar
						width={layout.width}
						streamList={streamList}
						notices={notices}
						hints={[...paneHints, ...(state.help ? HELP_HINTS : hintsOf(frameKeys, frame))]}
						flash={flash}
					/>
				</Box>
			</KeyRouterContext.Provider>
		</ClipboardContext.Provider>
	);
}

/** The header, with whether the endpoint answers: the stream list asks it every few seconds. */
function AppHeader({
	connection,
	width,
	streamList,
}: {
	connection: ConnectionInfo;
	width: number;
	streamList: StreamListService;
}) {
	const {loaded, problem} = useStore(streamList);
	const reach: Reach = problem
		? problem.message.startsWith('Cannot reach')
			? 'unreachable'
			: 'retrying'
		: loaded
			? 'reachable'
			: 'connecting';
	return <Header connection={connection} width={width} reach={reach} />;
}

function AppStatusBar({
	width,
	streamList,
	notices,
	hints,
	flash,
}: {
	width: number;
	streamList: StreamListService;
	notices: ReadableStore<Notice | undefined>;
	/** The keys worth knowing now: the focused pane's, then the frame's. */
	hints: readonly Hint[];
	flash?: TimedMessage;
}) {
	const snapshot = useStore(streamList);
	const notice = useStore(notices);
	const {problem} = snapshot;
	const now = useNow(
		1000,
		problem !== undefined || snapshot.listedAt !== undefined || flash !== undefined,
	);
	const message: Notice | undefined = problem
		? {text: problemText(problem, now), tone: 'error'}
		: (currentMessage(flash, now) ?? notice);
	const listed =
		snapshot.listedAt === undefined
			? ''
			: ` · listed ${Math.max(0, Math.round((now - snapshot.listedAt) / 1000))} s ago`;
	return (
		<StatusBar
			width={width}
			message={message}
			hints={hints.map(({keys, label}) => `${keys} ${label}`).join(' · ')}
			info={snapshot.loaded ? `${snapshot.streams.length} streams${listed}` : undefined}
		/>
	);
}
