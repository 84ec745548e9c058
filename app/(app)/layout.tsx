import Link from "next/link";
import type { ReactNode } from "react";
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
        ]
      : []),
  ];
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="no-print border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-tight text-accent-800">
            Twofold
          </Link>
          <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto">
            <ul className="flex flex-wrap gap-1">
              {nav.map((item) => (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    className="inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium text-slate-700 hover:bg-slate-100"
                  >
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3">
            <OrganisationSwitcher current={viewer.organisation} organisations={viewer.organisations} />
            <span className="hidden text-sm text-slate-600 md:inline">
              {viewer.email}
              {hasRole(viewer, "hr") ? " · HR" : ""}
            </span>
            <a href="/api/me/export" className="text-sm font-medium text-accent-700 underline-offset-2 hover:underline">
              My data
            </a>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
