/**
 * The largest server-action body the app reads. next.config.ts gives it to Next as
 * serverActions.bodySizeLimit and proxy.ts refuses anything larger with a 413 before Next reads it,
 * so the two can never disagree. (No imports: next.config.ts loads this file.)
 */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
