import { statusPage } from "@/lib/status-page";

/** Where too many attempts with a survey link lead: 429. */
export function GET() {
  return statusPage(429, "Too many attempts", "This link was opened too many times in a short while. Please wait an hour and try again.", {
    "Retry-After": "3600",
  });
}
