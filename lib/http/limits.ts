/**
 * The largest server-action body the app reads. next.config.ts gives it to Next as
 * serverActions.bodySizeLimit and proxy.ts refuses anything larger with a 413 before Next reads it,
 * so the two can never disagree. (No imports: next.config.ts loads this file.)
 */
// The largest input any action takes is the directory import: 1,000,000 characters, checked by its
// schema with a plain sentence. Sent as JSON in UTF-8 a character can take up to 6 bytes (3 for
// most scripts, 6 for an escaped control character), so with 1 MB here a 0.9 MB file could fail
// before that check ran (issue 19, finding 9).
export const ACTION_BODY_LIMIT_BYTES = 6 * 1024 * 1024;
