import { createGroup, listGroups } from "@/lib/scim/groups";
import { scimJson, scimRoute } from "@/lib/scim/route";

export const GET = scimRoute(async ({ db, caller, url }) => scimJson(await listGroups(db, caller, url.searchParams)));

export const POST = scimRoute(async ({ db, caller, body }) => {
  const group = await createGroup(db, caller, body);
  return scimJson(group, 201, { Location: group.meta.location });
});
