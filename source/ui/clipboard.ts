import {createContext, useContext} from 'react';

/**
 * The system clipboard, reached through the terminal: OSC 52 asks the terminal to put the bytes
 * there. It works where the explorer runs over SSH, and through tmux with `set-clipboard on`; a
 * terminal that does not know it ignores it. Nothing is printed.
 */
export type Clipboard = {
	/** Copies the bytes; `what` names them for the status bar ("the record's data"). */
	copy(bytes: Uint8Array, what: string): void;
};

/** The escape sequence that puts `bytes` on the clipboard (`c`), base64 as OSC 52 wants them. */
export function osc52(bytes: Uint8Array): string {
	return `\u001B]52;c;${Buffer.from(bytes).toString('base64')}\u0007`;
}

/** Writes to the terminal and says nothing: the explorer's frame gives one that also tells. */
export const ClipboardContext = createContext<Clipboard>({
	copy(bytes) {
		process.stdout.write(osc52(bytes));
	},
});

export const useClipboard = (): Clipboard => useContext(ClipboardContext);

/** Copies text (an ARN, an id), as UTF-8. */
export function useCopyText(): (text: string, what: string) => void {
	const clipboard = useClipboard();
	return (text, what) => clipboard.copy(new TextEncoder().encode(text), what);
}
