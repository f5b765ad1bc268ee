import type {Key} from 'ink';

/**
 * Every key the explorer answers to, in one place: the handlers ask `matches(command, …)` and the help
 * overlay lists the same table, so the two cannot drift apart. Keys follow k9s and lazygit.
 */
export type KeyBinding = {
	/** A printable key, as Ink reports it in `input`. */
	input?: string;
	/** A named key, as Ink reports it in `key`. */
	key?: NamedKey;
	ctrl?: boolean;
	/** Alt (or option), which terminals send as esc before the key. */
	meta?: boolean;
	shift?: boolean;
};

type NamedKey =
	| 'upArrow'
	| 'downArrow'
	| 'leftArrow'
	| 'rightArrow'
	| 'pageUp'
	| 'pageDown'
	| 'home'
	| 'end'
	| 'return'
	| 'escape'
	| 'tab'
	| 'backspace'
	| 'delete';

type CommandSpec = {keys: readonly KeyBinding[]; description: string; section: Section};

export type Section =
	| 'Global'
	| 'Lists'
	| 'Text fields'
	| 'Streams and shards'
	| 'Tail'
	| 'Put form'
	| 'Consumers'
	| 'Capacity';

const commands = {
	quit: {keys: [{input: 'q'}, {input: 'c', ctrl: true}], description: 'quit', section: 'Global'},
	help: {keys: [{input: '?'}], description: 'show or hide this help', section: 'Global'},
	nextPane: {keys: [{key: 'tab'}], description: 'next pane', section: 'Global'},
	previousPane: {
		keys: [{key: 'tab', shift: true}],
		description: 'previous pane',
		section: 'Global',
	},
	streamsPane: {keys: [{input: '1'}], description: 'streams pane', section: 'Global'},
	shardsPane: {keys: [{input: '2'}], description: 'shards pane', section: 'Global'},
	tailPane: {keys: [{input: '3'}], description: 'tail pane', section: 'Global'},
	putPane: {keys: [{input: '4'}], description: 'put pane', section: 'Global'},
	zoom: {
		keys: [{input: 'z'}],
		description: 'zoom the pane, and back',
		section: 'Global',
	},
	refresh: {keys: [{input: 'r'}], description: 'refresh now', section: 'Global'},
	consumersView: {
		keys: [{input: 'c'}],
		description: 'consumers and their lag',
		section: 'Global',
	},
	capacityView: {
		keys: [{input: 'h'}],
		description: 'capacity: hot shards',
		section: 'Global',
	},
	up: {keys: [{input: 'k'}, {key: 'upArrow'}], description: 'move up', section: 'Lists'},
	down: {keys: [{input: 'j'}, {key: 'downArrow'}], description: 'move down', section: 'Lists'},
	pageUp: {
		keys: [{key: 'pageUp'}, {input: 'b', ctrl: true}],
		description: 'page up',
		section: 'Lists',
	},
	pageDown: {
		keys: [{key: 'pageDown'}, {input: 'f', ctrl: true}],
		description: 'page down',
		section: 'Lists',
	},
	top: {keys: [{input: 'g'}, {key: 'home'}], description: 'first', section: 'Lists'},
	bottom: {keys: [{input: 'G'}, {key: 'end'}], description: 'last', section: 'Lists'},
	open: {keys: [{key: 'return'}], description: 'open', section: 'Lists'},
	back: {keys: [{key: 'escape'}], description: 'back, close, no filter', section: 'Lists'},
	filter: {keys: [{input: '/'}], description: 'filter by name', section: 'Lists'},
	// A field that has the keys takes them all, so its keys may be a list's (home, end) as well.
	cursorLeft: {keys: [{key: 'leftArrow'}], description: 'a character left', section: 'Text fields'},
	cursorRight: {
		keys: [{key: 'rightArrow'}],
		description: 'a character right',
		section: 'Text fields',
	},
	wordLeft: {
		keys: [
			{input: 'b', meta: true},
			{key: 'leftArrow', ctrl: true},
		],
		description: 'a word left',
		section: 'Text fields',
	},
	wordRight: {
		keys: [
			{input: 'f', meta: true},
			{key: 'rightArrow', ctrl: true},
		],
		description: 'a word right',
		section: 'Text fields',
	},
	lineStart: {
		keys: [{key: 'home'}, {input: 'a', ctrl: true}],
		description: "to the line's start",
		section: 'Text fields',
	},
	lineEnd: {
		keys: [{key: 'end'}, {input: 'e', ctrl: true}],
		description: "to the line's end",
		section: 'Text fields',
	},
	deleteBack: {
		keys: [{key: 'backspace'}],
		description: 'delete backwards',
		section: 'Text fields',
	},
	deleteForward: {
		keys: [{key: 'delete'}],
		description: 'delete forwards',
		section: 'Text fields',
	},
	deleteWordBack: {
		keys: [{input: 'w', ctrl: true}],
		description: 'delete the word before',
		section: 'Text fields',
	},
	deleteToStart: {
		keys: [{input: 'u', ctrl: true}],
		description: 'delete to the start',
		section: 'Text fields',
	},
	deleteToEnd: {
		keys: [{input: 'k', ctrl: true}],
		description: 'delete to the end',
		section: 'Text fields',
	},
	actions: {
		keys: [{input: 'm'}],
		description: 'manage stream, shards',
		section: 'Streams and shards',
	},
	copyId: {
		keys: [{input: 'y'}],
		description: 'copy ARN or shard id',
		section: 'Streams and shards',
	},
	openOnly: {
		keys: [{input: 'o'}],
		description: 'open shards only / all',
		section: 'Streams and shards',
	},
	tailSelected: {
		keys: [{input: 'l'}],
		description: 'tail the selected stream',
		section: 'Global',
	},
	tailPause: {keys: [{input: ' '}], description: 'pause or resume', section: 'Tail'},
	tailNew: {
		keys: [{input: 'n'}],
		description: 'choose a new tail',
		section: 'Tail',
	},
	copyData: {
		keys: [{input: 'y'}],
		description: "copy the record's data",
		section: 'Tail',
	},
	copyRecord: {
		keys: [{input: 'Y'}],
		description: 'copy the record as tail --json',
		section: 'Tail',
	},
	copySequence: {
		keys: [{input: 'i'}],
		description: 'copy its sequence number',
		section: 'Tail',
	},
	saveRecords: {
		keys: [{input: 'w'}],
		description: 'save the records in view',
		section: 'Tail',
	},
	tailFromHere: {
		keys: [{input: 'f'}],
		description: 'tail on from the record',
		section: 'Tail',
	},
	sendAgain: {
		keys: [{input: 's'}],
		description: 'send again, from the put form',
		section: 'Tail',
	},
	tailBinary: {
		keys: [{input: 'x'}],
		description: 'hex or base64 (a record)',
		section: 'Tail',
	},
	editField: {
		keys: [{input: 'e'}],
		description: 'edit the field (or enter)',
		section: 'Put form',
	},
	send: {
		keys: [{input: 's'}],
		description: 'send (a sent one: again)',
		section: 'Put form',
	},
	randomKey: {keys: [{input: 'u'}], description: 'a random partition key', section: 'Put form'},
	dataFormat: {
		keys: [{input: 't'}],
		description: 'data as text, JSON or base64',
		section: 'Put form',
	},
	sendFile: {keys: [{input: 'f'}], description: 'send a file of records', section: 'Put form'},
	deregister: {
		keys: [{input: 'd'}],
		description: 'deregister (type its name)',
		section: 'Consumers',
	},
	// The views over the panes have keys of their own: a pane's key means nothing while they are open.
	capacityTail: {
		keys: [{input: 't'}],
		description: 'measure the tail, or 5 min',
		section: 'Capacity',
	},
	capacitySplit: {
		keys: [{input: 's'}],
		description: 'split the hot shard (asks)',
		section: 'Capacity',
	},
} satisfies Record<string, CommandSpec>;

export type Command = keyof typeof commands;

export const keymap: Readonly<Record<Command, CommandSpec>> = commands;

export function matches(command: Command, input: string, key: Key): boolean {
	return keymap[command].keys.some((binding) => bindingMatches(binding, input, key));
}

/** The list motions, by the keys that make them. */
export type Motion = 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom';

const MOTIONS: readonly Motion[] = ['up', 'down', 'pageUp', 'pageDown', 'top', 'bottom'];

/** The motion a key makes in a list, if it makes one. */
export function motionOf(input: string, key: Key): Motion | undefined {
	return MOTIONS.find((motion) => matches(motion, input, key));
}

function bindingMatches(binding: KeyBinding, input: string, key: Key): boolean {
	if (Boolean(binding.ctrl) !== key.ctrl) {
		return false;
	}
	// Ink reports esc itself as meta: it is the prefix alt sends.
	if (Boolean(binding.meta) !== key.meta && binding.key !== 'escape') {
		return false;
	}
	if (binding.key) {
		return key[binding.key] && Boolean(binding.shift) === key.shift;
	}
	return input === binding.input;
}

const KEY_LABELS: Record<NamedKey, string> = {
	upArrow: '↑',
	downArrow: '↓',
	leftArrow: '←',
	rightArrow: '→',
	pageUp: 'pgup',
	pageDown: 'pgdn',
	home: 'home',
	end: 'end',
	return: 'enter',
	escape: 'esc',
	tab: 'tab',
	backspace: 'backspace',
	delete: 'del',
};

export function bindingLabel(binding: KeyBinding): string {
	const name = binding.key
		? KEY_LABELS[binding.key]
		: binding.input === ' '
			? 'space'
			: (binding.input ?? '');
	return `${binding.ctrl ? 'ctrl+' : ''}${binding.meta ? 'alt+' : ''}${binding.shift ? 'shift+' : ''}${name}`;
}

export function keysLabel(command: Command): string {
	return keymap[command].keys.map(bindingLabel).join('/');
}

export type HelpEntry = {keys: string; description: string};

/** The help overlay's content, a section at a time, in the order the keymap lists them. */
export function helpSections(): Array<{section: Section; entries: HelpEntry[]}> {
	const sections = new Map<Section, HelpEntry[]>();
	for (const command of Object.keys(keymap) as Command[]) {
		const {section, description} = keymap[command];
		sections.set(section, [
			...(sections.get(section) ?? []),
			{keys: keysLabel(command), description},
		]);
	}
	return [...sections].map(([section, entries]) => ({section, entries}));
}
