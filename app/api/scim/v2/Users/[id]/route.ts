import { scimJson, scimRoute } from "@/lib/scim/route";
import { deleteUser, getUser, patchUser, replaceUser } from "@/lib/scim/users";

type P = { id: string };

export const GET = scimRoute<P>(async ({ db, caller }, { id }) => scimJson(await getUser(db, caller, id)));
export const PUT = scimRoute<P>(async ({ db, caller, body }, { id }) => scimJson(await replaceUser(db, caller, id, body)));
export const PATCH = scimRoute<P>(async ({ db, caller, body }, { id }) => scimJson(await patchUser(db, caller, id, body)));
export const DELETE = scimRoute<P>(async ({ db, caller }, { id }) => {
  await deleteUser(db, caller, id);
  return new Response(null, { status: 204 });
});
