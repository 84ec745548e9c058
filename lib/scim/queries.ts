import type { HrViewer } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { scimBaseUrl } from "./route";
import { listScimTokens } from "./tokens";

/** The directory sync page: where identity providers connect, and the organisation's tokens. */
export async function getProvisioningPage(viewer: HrViewer) {
  return { baseUrl: scimBaseUrl(), tokens: await listScimTokens(await getDb(), viewer.organisation.id) };
}
