import { statusPage } from "@/lib/status-page";

/** Where a survey link whose feedback has closed leads: 410 Gone. */
export function GET() {
  return statusPage(410, "This feedback has closed", "The link is no longer collecting answers. Thank you for your time.");
}
