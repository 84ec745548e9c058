import {
  CONFIG_SCHEMA,
  ENTERPRISE_SCHEMA,
  GROUP_SCHEMA,
  listResponse,
  MAX_PAGE,
  MAX_PATCH_OPERATIONS,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  scimNotFound,
  USER_SCHEMA,
} from "./protocol";

/** What the service provider supports (RFC 7644 §4, RFC 7643 §5-7): said once, read by every client. */

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [CONFIG_SCHEMA],
    documentationUri: `${baseUrl.replace(/\/api\/scim\/v2$/, "")}/people/provisioning`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: "oauthbearertoken", name: "Bearer token", description: "A token HR creates under People → Directory sync.", primary: true },
    ],
    maxPatchOperations: MAX_PATCH_OPERATIONS,
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

const resourceTypeList = (baseUrl: string) => [
  {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: "User",
    name: "User",
    endpoint: "/Users",
    description: "A person in the organisation's directory",
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
  },
  {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: "Group",
    name: "Group",
    endpoint: "/Groups",
    description: "A team",
    schema: GROUP_SCHEMA,
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
  },
];

export function resourceTypes(baseUrl: string, id?: string) {
  const all = resourceTypeList(baseUrl);
  if (id === undefined) return listResponse(all, all.length, 1);
  const found = all.find((r) => r.id === id);
  if (!found) throw scimNotFound();
  return found;
}

type Attribute = {
  name: string;
  type: "string" | "boolean" | "complex" | "reference" | "dateTime";
  multiValued: boolean;
  required: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "default" | "never";
  uniqueness: "none" | "server" | "global";
  caseExact?: boolean;
  description?: string;
  subAttributes?: Attribute[];
  referenceTypes?: string[];
};

const a = (name: string, type: Attribute["type"], more: Partial<Attribute> = {}): Attribute => ({
  name,
  type,
  multiValued: false,
  required: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  caseExact: false,
  ...more,
});

const schemaList = (baseUrl: string) => [
  {
    id: USER_SCHEMA,
    name: "User",
    description: "A person in the directory",
    attributes: [
      a("userName", "string", { required: true, uniqueness: "server", description: "The work e-mail address the person signs in with." }),
      a("name", "complex", { subAttributes: [a("formatted", "string"), a("givenName", "string"), a("familyName", "string")] }),
      a("displayName", "string"),
      a("active", "boolean", { description: "false ends the person's access to this organisation; nothing is deleted." }),
      a("emails", "complex", { multiValued: true, subAttributes: [a("value", "string"), a("type", "string"), a("primary", "boolean")] }),
    ],
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${USER_SCHEMA}` },
  },
  {
    id: ENTERPRISE_SCHEMA,
    name: "EnterpriseUser",
    description: "The line manager and the team",
    attributes: [
      a("department", "string", { description: "The person's team." }),
      a("manager", "complex", {
        subAttributes: [
          a("value", "string", { description: "The line manager's id." }),
          a("$ref", "reference", { referenceTypes: ["User"] }),
        ],
      }),
    ],
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${ENTERPRISE_SCHEMA}` },
  },
  {
    id: GROUP_SCHEMA,
    name: "Group",
    description: "A team",
    attributes: [
      a("displayName", "string", { required: true, uniqueness: "server" }),
      a("members", "complex", {
        multiValued: true,
        subAttributes: [a("value", "string", { mutability: "immutable" }), a("display", "string", { mutability: "readOnly" })],
      }),
    ],
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${GROUP_SCHEMA}` },
  },
];

export function schemas(baseUrl: string, id?: string) {
  const all = schemaList(baseUrl).map((s) => ({ schemas: [SCHEMA_SCHEMA], ...s }));
  if (id === undefined) return listResponse(all, all.length, 1);
  // The id is a URN; a client may send its colons percent-encoded (and a malformed escape names nothing).
  let decoded = id;
  try {
    decoded = decodeURIComponent(id);
  } catch {
    throw scimNotFound();
  }
  const found = all.find((s) => s.id === id || s.id === decoded);
  if (!found) throw scimNotFound();
  return found;
}
