import { getDb } from "@/lib/db";
import { DEMO_ACCOUNTS, isDemoSeeded } from "./seed-demo";

/** The demo accounts to offer on the sign-in page, when this installation has the demo data. */
export async function demoAccounts(): Promise<readonly { email: string; role: string }[]> {
  return (await isDemoSeeded(await getDb())) ? DEMO_ACCOUNTS : [];
}
