/**
 * Whether calls seen at these times (ms, in order) kept to a token bucket of `perSecond` with a
 * burst of `burst`: any run of them, from the i-th to the j-th, holds at most burst + perSecond × its
 * span. `slackMs` widens each span by how late one call may reach the proxy behind the next (both
 * leave the same process a moment apart; the event loop can hold one back). A slow machine only
 * spreads calls out: this can fail only when calls come too fast.
 *
 * Returns the runs that were too dense (none: an empty list), for the failure message.
 */
export function tooDense(
	times: readonly number[],
	{perSecond, burst, slackMs = 250}: {perSecond: number; burst: number; slackMs?: number},
): string[] {
	const problems: string[] = [];
	for (let first = 0; first < times.length; first++) {
		for (let last = first + 1; last < times.length; last++) {
			const span = times[last]! - times[first]! + slackMs;
			const allowed = burst + (perSecond * span) / 1000;
			if (last - first + 1 > allowed) {
				problems.push(
					`${last - first + 1} calls in ${span - slackMs} ms (at most ${allowed.toFixed(1)})`,
				);
			}
		}
	}
	return problems.slice(0, 5);
}
