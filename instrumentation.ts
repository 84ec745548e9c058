// Next awaits register() before serving, so the database is migrated and checked first.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` also loads instrumentation; it must not open (or lock) the database.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Before serving: rate limits need the connection's address, which Next does not hand to app code.
  const { stampPeerAddress } = await import("./lib/http/peer");
  stampPeerAddress();
  const { startServer } = await import("./lib/server-start");
  await startServer();
}
