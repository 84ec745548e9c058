import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { withInstallationProvidersOnly, withSsoProblems } from "@/lib/auth/sso";

// A failed sign-in with the identity provider ends on its problem page (lib/auth/sso.ts), and the
// public list of providers names no organisation's.
export const GET = (request: NextRequest) => withInstallationProvidersOnly(request, (r) => withSsoProblems(r, handlers.GET));
export const POST = (request: NextRequest) => withSsoProblems(request, handlers.POST);
