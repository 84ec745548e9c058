/**
 * A small self-contained HTML page for statuses a page component cannot set (410, 429): the
 * survey link pages use these. It says nothing about whose feedback a link belongs to.
 */
/**
 * The app's own font stack (--font-sans in app/globals.css; keep the two the same): these pages
 * sit between the survey's pages and must not look like another site. A journey compares them.
 */
const APP_FONT = `-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function statusPage(status: number, title: string, message: string, extraHeaders: Record<string, string> = {}): Response {
  const html = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<title>${escape(title)} · Twofold</title>
<style>
  body { margin: 0; font-family: ${APP_FONT}; background: #f8fafc; color: #0f172a; -webkit-font-smoothing: antialiased; }
  header { background: #fff; border-bottom: 1px solid #e2e8f0; padding: 12px 16px; font-weight: 700; color: #3730a3; font-size: 1.125rem; }
  main { max-width: 32rem; margin: 0 auto; padding: 48px 16px; text-align: center; }
  h1 { font-size: 1.5rem; margin: 0 0 8px; }
  p { color: #475569; line-height: 1.5; margin: 0; }
</style>
</head>
<body>
<header>Twofold</header>
<main id="main">
<h1>${escape(title)}</h1>
<p>${escape(message)}</p>
</main>
</body>
</html>`;
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'",
      ...extraHeaders,
    },
  });
}
