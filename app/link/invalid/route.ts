import { statusPage } from "@/lib/status-page";

/** Where a survey link that cannot be used leads: 404, whatever the reason. */
export function GET() {
  return statusPage(
    404,
    "This link does not work",
    "It may have been replaced by a newer invitation e-mail, or it was copied incompletely. Check your e-mail for the most recent link from Twofold.",
  );
}
