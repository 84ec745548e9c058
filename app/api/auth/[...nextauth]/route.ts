import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { withSsoProblems } from "@/lib/auth/sso";

// A failed sign-in with the identity provider ends on its problem page (lib/auth/sso.ts).
export const GET = (request: NextRequest) => withSsoProblems(request, handlers.GET);
export const POST = (request: NextRequest) => withSsoProblems(request, handlers.POST);
