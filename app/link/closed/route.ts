/**
 * Where a survey link whose feedback has closed leads: a small page with status 410 Gone. It says
 * nothing about whose feedback it was. (A page component cannot choose a 410, a route handler can.)
 */
const html = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Feedback closed · Twofold</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f8fafc; color: #0f172a; }
  header { background: #fff; border-bottom: 1px solid #e2e8f0; padding: 12px 16px; font-weight: 700; color: #3730a3; font-size: 1.125rem; }
  main { max-width: 32rem; margin: 0 auto; padding: 48px 16px; text-align: center; }
  h1 { font-size: 1.5rem; margin: 0 0 8px; }
  p { color: #475569; line-height: 1.5; margin: 0; }
</style>
</head>
<body>
<header>Twofold</header>
<main id="main">
<h1>This feedback has closed</h1>
<p>The link is no longer collecting answers. Thank you for your time.</p>
</main>
</body>
</html>`;

export function GET() {
  return new Response(html, {
    status: 410,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}
