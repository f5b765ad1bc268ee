import type {FanOutConsumer} from '../../services/consumers/consumers-service.js';
import type {TailSnapshot} from '../../services/tail/tail-service.js';

/** What the consumers view needs to know of the tail: what it reads, and whether it still runs. */
export type TailUse = Pick<TailSnapshot, 'target' | 'status'>;

/**
 * The explorer's own fan-out consumer of the stream that no fan-out tail reads through any more:
 * registered for a tail that has ended, it is the one the view offers to deregister.
 */
export function unusedOwnConsumer(
	fanOut: readonly FanOutConsumer[] | undefined,
	stream: string | undefined,
	tail: TailUse,
): string | undefined {
	const {target, status} = tail;
	const reading =
		target?.stream === stream &&
		(status === 'starting' || status === 'running' || status === 'paused')
			? target?.consumer
			: undefined;
	return fanOut?.find((consumer) => consumer.own && consumer.name !== reading)?.name;
}
