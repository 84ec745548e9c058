import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";

/** A handful of accessible primitives; pages compose these instead of repeating class lists. */

export function cx(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(" ");
}

const buttonStyles = {
  primary: "bg-accent-700 text-white hover:bg-accent-800 disabled:bg-slate-400",
  secondary: "bg-white text-slate-900 border border-slate-300 hover:bg-slate-100 disabled:text-slate-400",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-slate-400",
  ghost: "text-accent-700 hover:bg-accent-50 underline-offset-2 hover:underline",
} as const;

type Variant = keyof typeof buttonStyles;

const buttonBase =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold transition-colors disabled:cursor-not-allowed";

export function Button({ variant = "primary", className, ...props }: ComponentProps<"button"> & { variant?: Variant }) {
  return <button className={cx(buttonBase, buttonStyles[variant], className)} {...props} />;
}

export function ButtonLink({ variant = "primary", className, ...props }: ComponentProps<typeof Link> & { variant?: Variant }) {
  return <Link className={cx(buttonBase, buttonStyles[variant], className)} {...props} />;
}

export function Card({ className, children, ...props }: ComponentProps<"section">) {
  return (
    <section className={cx("rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6", className)} {...props}>
      {children}
    </section>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 max-w-2xl text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

const badgeTones = {
  neutral: "bg-slate-100 text-slate-800",
  info: "bg-accent-50 text-accent-800",
  success: "bg-emerald-50 text-emerald-800",
  warning: "bg-amber-50 text-amber-900",
  danger: "bg-red-50 text-red-800",
} as const;

export function Badge({ tone = "neutral", children }: { tone?: keyof typeof badgeTones; children: ReactNode }) {
  return (
    <span className={cx("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold", badgeTones[tone])}>{children}</span>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

export function Notice({
  tone = "info",
  title,
  children,
}: {
  tone?: "info" | "warning" | "danger" | "success";
  title?: string;
  children: ReactNode;
}) {
  const tones = {
    info: "border-accent-100 bg-accent-50 text-accent-800",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
    danger: "border-red-200 bg-red-50 text-red-800",
    success: "border-emerald-200 bg-emerald-50 text-emerald-800",
  };
  return (
    <div className={cx("rounded-md border p-4 text-sm", tones[tone])}>
      {title ? <p className="font-semibold">{title}</p> : null}
      <div className={title ? "mt-1" : undefined}>{children}</div>
    </div>
  );
}

export function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-bold text-slate-900">{value}</dd>
      {hint ? <dd className="mt-1 text-xs text-slate-600">{hint}</dd> : null}
    </div>
  );
}

export const inputClass =
  "block w-full min-h-11 rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 aria-[invalid=true]:border-red-700";

/** Label, control, hint and error wired together with ids, so screen readers read all of them. */
export function Field({
  id,
  label,
  hint,
  error,
  labelSize = "small",
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** "body": a label that reads as a question (the survey's comments), at the size of the text. */
  labelSize?: "small" | "body";
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={cx("block font-semibold", labelSize === "small" && "text-sm text-slate-900")}>
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The aria wiring of a control inside a `Field`: invalid, and described by the error it shows. */
export function fieldAria(id: string, error?: string) {
  return { "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined } as const;
}

/** A failure, said at once to screen readers (role="alert"); nothing is rendered without one. */
export function ErrorText({ children, className }: { children: ReactNode; className?: string }) {
  if (!children) return null;
  return (
    <p role="alert" className={cx("text-sm font-medium text-red-700", className)}>
      {children}
    </p>
  );
}

/**
 * What the last action came to, red when it failed. It stays in the page while empty, so that the
 * sentence is announced when it arrives.
 */
export function OutcomeText({ outcome, className }: { outcome: { tone: "ok" | "error"; text: string } | null; className?: string }) {
  return (
    <p
      role="status"
      aria-live="polite"
      className={cx("text-sm", outcome?.tone === "error" ? "font-medium text-red-700" : "text-emerald-800", className)}
    >
      {outcome?.text}
    </p>
  );
}

/**
 * The framed list table of the HR and cycle pages: scrolls sideways on a phone, names itself to
 * screen readers, and takes its header from `columns` (numeric columns align right). The rows
 * are the caller's; each names itself with a row header cell.
 */
export function DataTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: (string | { label: string; numeric: true })[];
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" {...scrollRegion(caption)}>
      <table className="data-table min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left">
          <tr>
            {columns.map((c) => {
              const label = typeof c === "string" ? c : c.label;
              return (
                <th key={label} scope="col" className={cx("px-4 py-3 font-semibold", typeof c !== "string" && "text-right")}>
                  {label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

/**
 * Attributes for a box that scrolls sideways (a wide table on a phone): keyboard users must be
 * able to reach it to scroll it (tabindex), and screen readers need to hear what it is (a named
 * region). Spread onto the `overflow-x-auto` element: axe's scrollable-region-focusable.
 */
export function scrollRegion(label: string) {
  return { role: "region", "aria-label": label, tabIndex: 0 } as const;
}

/**
 * An e-mail address that wraps where a reader expects (before the @ and before each dot), not
 * letter by letter: "aisha.khan@brightwater.example" breaks as "aisha.khan" / "@brightwater" /
 * ".example" when the column is narrow. A part longer than the column still breaks (break-word, the last resort), without
 * shrinking the column to one letter as overflow-wrap:anywhere or break-all would.
 */
export function Email({ address, className }: { address: string; className?: string }) {
  const parts = address.split(/(?=[@.])/);
  return (
    <span className={cx("[overflow-wrap:break-word]", className)}>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </span>
      ))}
    </span>
  );
}
