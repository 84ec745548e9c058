import { serviceProviderConfig } from "@/lib/scim/discovery";
import { scimBaseUrl, scimJson, scimRoute } from "@/lib/scim/route";

export const GET = scimRoute(async () => scimJson(serviceProviderConfig(scimBaseUrl())));
