import type {Problem} from '../services/problem.js';

/** A service's problem as a line: what went wrong, and when it is tried again. */
export function problemText(problem: Problem, now: number): string {
	if (problem.retryAt === undefined) {
		return problem.message;
	}
	const seconds = Math.ceil((problem.retryAt - now) / 1000);
	return `${problem.message} Retrying ${seconds > 0 ? `in ${seconds} s` : 'now'}.`;
}
