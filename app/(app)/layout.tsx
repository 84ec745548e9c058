import Link from "next/link";
import type { ReactNode } from "react";
import { MainNav } from "@/app/_components/main-nav";
import { Email } from "@/app/_components/ui";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { OrganisationSwitcher } from "@/app/_components/organisation-switcher";
import { hasRole, requireViewer } from "@/lib/auth/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  const nav = [
    { href: "/", label: "Home" },
    { href: "/cycles", label: "Cycles" },
    ...(hasRole(viewer, "hr")
      ? [
          { href: "/people", label: "People" },
          { href: "/dashboards", label: "Team dashboard" },
          { href: "/audit", label: "Audit log" },
          { href: "/settings/sign-in", label: "Settings" },
        ]
      : []),
  ];
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="no-print border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 md:py-3">
          <Link href="/" className="inline-flex min-h-11 items-center text-lg font-bold tracking-tight text-accent-800">
            Twofold
          </Link>
          <MainNav
            items={nav}
            account={
              <>
                <OrganisationSwitcher current={viewer.organisation} organisations={viewer.organisations} />
                <span className="text-sm text-slate-600 md:hidden lg:inline">
                  <Email address={viewer.email} />
                  {hasRole(viewer, "hr") ? " · HR" : ""}
                </span>
                <a href="/api/me/export" className="text-sm font-medium text-accent-700 underline-offset-2 hover:underline">
                  My data
                </a>
                <SignOutButton />
              </>
            }
          />
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
