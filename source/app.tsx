import {Box, type Key, Text} from 'ink';
import {useCallback, useState, useSyncExternalStore} from 'react';
import type {ReadableStore} from './lib/store.js';
import type {StreamListService} from './services/stream-list.js';
import type {Services} from './services/services.js';
import {appReducer, initialAppState, type PaneId} from './ui/app-state.js';
import {type ConnectionInfo, Header} from './ui/components/header.js';
import {HelpOverlay} from './ui/components/help-overlay.js';
import {StatusBar} from './ui/components/status-bar.js';
import type {Notice} from './services/session.js';
import {createKeyRouter, KeyRouterContext, useFrameKeys} from './ui/key-router.js';
import {type Command, keysLabel, matches} from './ui/keymap.js';
import {layoutFor, MIN_COLUMNS, MIN_ROWS} from './ui/layout.js';
import {PutFormPane} from './ui/put-form/put-form-pane.js';
import {ShardTreePane} from './ui/shard-tree/shard-tree-pane.js';
import {StreamListPane} from './ui/stream-list/stream-list-pane.js';
import {useStreamList} from './ui/stream-list/use-stream-list.js';
import {TailPane} from './ui/tail/tail-pane.js';
import {problemText} from './ui/problem-text.js';
import {useNow} from './ui/use-now.js';
import {useSyncReducer} from './ui/use-sync-reducer.js';
import {useTerminalSize} from './ui/use-terminal-size.js';

export type AppProps = {
	connection: ConnectionInfo;
	services: Services;
	/** Messages from outside the panes: the demo producer, the embedded engine. */
	notices: ReadableStore<Notice | undefined>;
	onQuit: () => void;
};

const PANE_KEYS: Record<PaneId, Command> = {
	streams: 'streamsPane',
	shards: 'shardsPane',
	tail: 'tailPane',
	put: 'putPane',
};

type Hint = [Command, string];

/** The keys worth knowing in each pane, shown in the status bar while nothing else needs saying. */
const PANE_HINTS: Record<PaneId, Hint[]> = {
	streams: [
		['down', 'move'],
		['filter', 'filter'],
		['open', 'shards'],
		['actions', 'manage'],
		['refresh', 'refresh'],
	],
	shards: [
		['down', 'move'],
		['open', 'ranges'],
		['actions', 'split/merge/scale'],
		['openOnly', 'open only'],
	],
	tail: [
		['tailPause', 'pause'],
		['open', 'record'],
		['filter', 'filter'],
		['tailNew', 'new tail'],
	],
	put: [
		['editField', 'edit'],
		['send', 'send'],
		['randomKey', 'random key'],
		['sendFile', 'file'],
	],
};

const GLOBAL_HINTS: Hint[] = [
	['nextPane', 'next pane'],
	['help', 'help'],
	['quit', 'quit'],
];

export function App({connection, services, notices, onQuit}: AppProps) {
	const {streamList, tail} = services;
	const {columns, rows} = useTerminalSize();
	const [state, dispatch, currentState] = useSyncReducer(appReducer, initialAppState);
	const [selectedStream, setSelectedStream] = useState<string>();
	// The shard selected in the tree: the one the tail will read.
	const [selectedShard, setSelectedShard] = useState<string>();
	const [router] = useState(createKeyRouter);
	const onOpenStream = useCallback(() => dispatch({type: 'focus', pane: 'shards'}), []);

	useFrameKeys(router, (input, key) => {
		const before = currentState();
		handleKey(input, key);
		return currentState() !== before;
	});

	function handleKey(input: string, key: Key) {
		if (key.ctrl && input === 'c') {
			onQuit();
			return;
		}
		const {help} = currentState();
		if (help) {
			if (matches('help', input, key) || matches('back', input, key)) {
				dispatch({type: 'closeHelp'});
			} else {
				// The help is the only one listening now: it scrolls on a small terminal.
				router.offer(input, key);
			}
			return;
		}
		// The focused pane goes first: while it takes text (a filter, a form) it keeps every key.
		if (router.offer(input, key)) {
			return;
		}
		if (matches('quit', input, key)) {
			onQuit();
		} else if (matches('help', input, key)) {
			dispatch({type: 'toggleHelp'});
		} else if (matches('nextPane', input, key)) {
			dispatch({type: 'focusNext'});
		} else if (matches('previousPane', input, key)) {
			dispatch({type: 'focusPrevious'});
		} else {
			const pane = (Object.keys(PANE_KEYS) as PaneId[]).find((id) =>
				matches(PANE_KEYS[id], input, key),
			);
			if (pane) {
				dispatch({type: 'focus', pane});
			}
		}
	}

	const layout = layoutFor(columns, rows);
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
	const focused = (pane: PaneId) => state.focus === pane && !state.help;
	const {panes} = layout;
	return (
		<KeyRouterContext.Provider value={router}>
			<Box flexDirection="column" width={layout.width} height={layout.height}>
				<Header connection={connection} width={layout.width} />
				{state.help ? (
					<HelpOverlay size={{width: layout.width, height: layout.height - 2}} />
				) : null}
				{/* Hidden, not unmounted, under the help: the panes keep their selection and filters. */}
				<Box flexDirection="row" display={state.help ? 'none' : 'flex'}>
					<Box flexDirection="column">
						<StreamListPane
							service={streamList}
							manager={services.streamManager}
							readOnly={connection.readOnly}
							size={panes.streams}
							focused={focused('streams')}
							onSelect={setSelectedStream}
							onOpen={onOpenStream}
						/>
						<ShardTreePane
							service={services.shardTree}
							stream={selectedStream}
							size={panes.shards}
							focused={focused('shards')}
							readOnly={connection.readOnly}
							onSelectShard={setSelectedShard}
						/>
					</Box>
					<Box flexDirection="column">
						<TailPane
							service={tail}
							stream={selectedStream}
							size={panes.tail}
							focused={focused('tail')}
							shardId={selectedShard}
						/>
						<PutFormPane
							service={services.put}
							stream={selectedStream}
							readOnly={connection.readOnly}
							size={panes.put}
							focused={focused('put')}
						/>
					</Box>
				</Box>
				<AppStatusBar
					width={layout.width}
					streamList={streamList}
					notices={notices}
					focus={state.focus}
				/>
			</Box>
		</KeyRouterContext.Provider>
	);
}

function AppStatusBar({
	width,
	streamList,
	notices,
	focus,
}: {
	width: number;
	streamList: StreamListService;
	notices: ReadableStore<Notice | undefined>;
	focus: PaneId;
}) {
	const snapshot = useStreamList(streamList);
	const notice = useSyncExternalStore(notices.subscribe, notices.getSnapshot);
	const {problem} = snapshot;
	const now = useNow(1000, problem !== undefined || snapshot.listedAt !== undefined);
	const message: Notice | undefined = problem
		? {text: problemText(problem, now), tone: 'error'}
		: notice;
	const hints = [...PANE_HINTS[focus], ...GLOBAL_HINTS]
		.map(([command, label]) => `${keysLabel(command)} ${label}`)
		.join(' · ');
	const listed =
		snapshot.listedAt === undefined
			? ''
			: ` · listed ${Math.max(0, Math.round((now - snapshot.listedAt) / 1000))} s ago`;
	return (
		<StatusBar
			width={width}
			message={message}
			hints={hints}
			info={snapshot.loaded ? `${snapshot.streams.length} streams${listed}` : undefined}
		/>
	);
}
