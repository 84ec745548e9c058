import { scimJson, scimRoute } from "@/lib/scim/route";
import { createUser, listUsers } from "@/lib/scim/users";

export const GET = scimRoute(async ({ db, caller, url }) => scimJson(await listUsers(db, caller, url.searchParams)));

export const POST = scimRoute(async ({ db, caller, body }) => {
  const user = await createUser(db, caller, body);
  return scimJson(user, 201, { Location: user.meta.location });
});
