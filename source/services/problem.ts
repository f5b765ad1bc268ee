/**
 * What keeps a service from showing what it should, as one line for the screen, and when it tries
 * again (none: it will not, by itself).
 */
export type Problem = {message: string; retryAt?: number};
