/**
 * What keeps a service from showing what it should, as one line for the screen, and when it tries
 * again (none: it will not, by itself). `badInput`: the user's own input is wrong (a table named
 * that is not one), which no retry cures and a command reports with exit code 2.
 */
export type Problem = {message: string; retryAt?: number; badInput?: boolean};
