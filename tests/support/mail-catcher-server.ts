/**
 * The SMTP catcher as a process of its own, for Playwright: the app under test sends to its SMTP
 * port, and tests read what arrived over a small HTTP API.
 *   GET /messages            all messages (JSON)
 *   DELETE /messages         forget them
 *   POST /refuse?on=1|0      make the server refuse mail (or stop refusing)
 *   GET /health              200 when listening
 */
import http from "node:http";
import { startSmtpCatcher } from "./smtp-catcher";

const smtpPort = Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 2526);
const httpPort = Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 2527);

async function main() {
  const catcher = await startSmtpCatcher(smtpPort);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/health") return json(200, { ok: true });
    if (url.pathname === "/messages" && req.method === "GET") return json(200, catcher.messages);
    if (url.pathname === "/messages" && req.method === "DELETE") {
      catcher.clear();
      return json(200, { ok: true });
    }
    if (url.pathname === "/refuse" && req.method === "POST") {
      catcher.refuse = url.searchParams.get("on") === "1";
      return json(200, { refuse: catcher.refuse });
    }
    json(404, { error: "not found" });
  });
  server.listen(httpPort, "127.0.0.1", () => {
    console.log(`mail catcher: SMTP on 127.0.0.1:${catcher.port}, HTTP on 127.0.0.1:${httpPort}`);
  });
  const stop = async () => {
    server.close();
    await catcher.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
