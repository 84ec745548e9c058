import { deleteGroup, getGroup, patchGroup, replaceGroup } from "@/lib/scim/groups";
import { scimJson, scimRoute } from "@/lib/scim/route";

type P = { id: string };

export const GET = scimRoute<P>(async ({ db, caller, url }, { id }) => scimJson(await getGroup(db, caller, id, url.searchParams)));
export const PUT = scimRoute<P>(async ({ db, caller, body }, { id }) => scimJson(await replaceGroup(db, caller, id, body)));
// Entra ID and Okta need no body back from a group PATCH; 204 spares listing a large team's members.
export const PATCH = scimRoute<P>(async ({ db, caller, body }, { id }) => {
  await patchGroup(db, caller, id, body);
  return new Response(null, { status: 204 });
});
export const DELETE = scimRoute<P>(async ({ db, caller }, { id }) => {
  await deleteGroup(db, caller, id);
  return new Response(null, { status: 204 });
});
