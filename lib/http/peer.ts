import http from "node:http";
import { PEER_HEADER } from "@/lib/rate-limit-header";

/**
 * Stamps every incoming request with the address of the connection it came on, replacing any
 * header of that name the client sent: app code (route handlers, server actions) never sees the
 * socket, and `X-Forwarded-For` is whatever the client wrote unless a trusted proxy wrote it
 * (TRUSTED_PROXIES, lib/rate-limit). Installed once, from instrumentation, before serving.
 */
export function stampPeerAddress(): void {
  const proto = http.Server.prototype as unknown as { emit: (event: string, ...args: unknown[]) => boolean; __twofoldPeer?: boolean };
  if (proto.__twofoldPeer) return;
  const emit = proto.emit;
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  };
  proto.__twofoldPeer = true;
}
