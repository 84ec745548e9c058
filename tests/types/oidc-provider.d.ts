// The parts of oidc-provider (which ships no types) that tests/support/oidc-provider-server.ts uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  interface Context {
    oidc: {
      result?: { consent?: { grantId?: string } };
      session?: { accountId: string; grantIdFor(clientId: string): string | undefined };
      client?: { clientId: string };
      provider: Provider;
    };
  }
  export interface Configuration {
    clients: Record<string, unknown>[];
    findAccount(ctx: Context, id: string): Promise<{ accountId: string; claims(): Promise<Record<string, unknown>> }>;
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    loadExistingGrant?(ctx: Context): Promise<Grant | undefined>;
    cookies?: { keys: string[] };
    features?: Record<string, { enabled: boolean }>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    Grant: { new (init: { clientId: string; accountId: string }): Grant; find(id: string): Promise<Grant | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  }
}
