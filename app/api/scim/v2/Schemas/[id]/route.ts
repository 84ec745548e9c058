import { schemas } from "@/lib/scim/discovery";
import { scimBaseUrl, scimJson, scimRoute } from "@/lib/scim/route";

export const GET = scimRoute<{ id: string }>(async (_scim, { id }) => scimJson(schemas(scimBaseUrl(), id)));
