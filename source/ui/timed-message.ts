/** A message that says what the last key did: shown until it is replaced, or for MESSAGE_MS. */
export type TimedMessage = {text: string; tone: 'info' | 'error'; at: number};

export const MESSAGE_MS = 10_000;

/** The message while it is still to be shown at `now`. */
export function currentMessage(
	message: TimedMessage | undefined,
	now: number,
): TimedMessage | undefined {
	return message && now - message.at < MESSAGE_MS ? message : undefined;
}
