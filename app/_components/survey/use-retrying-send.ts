"use client";

import { useEffect, useRef, useState } from "react";
import { sendUntilAnswered } from "@/lib/surveys/retry";

/**
 * Sends until answered while the server cannot take it (the database is away, the connection
 * dropped): `retrying` says so at once, and leaving the page stops it.
 */
export function useRetryingSend() {
  const [retrying, setRetrying] = useState(false);
  const unmounted = useRef(new AbortController());
  useEffect(() => {
    const controller = new AbortController();
    unmounted.current = controller;
    return () => controller.abort();
  }, []);

  async function send<R extends { ok: boolean; retryable?: boolean }>(call: () => Promise<R>): Promise<R | null> {
    const result = await sendUntilAnswered(call, { onWaiting: () => setRetrying(true), signal: unmounted.current.signal });
    setRetrying(false);
    return result;
  }

  return { retrying, send };
}
