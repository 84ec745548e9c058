"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useState } from "react";
import { useForm } from "react-hook-form";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { Badge, Button, Email, ErrorText, Field, fieldAria, inputClass, OutcomeText } from "@/app/_components/ui";
import { showFieldErrors, useAction } from "@/app/_components/use-action";
import type { ActionResult } from "@/lib/auth/action";
import {
  nominateAllSuggestedAction,
  nominateExternalAction,
  nominatePersonAction,
  removeNominationAction,
  resendInvitationAction,
  revokeInvitationAction,
  searchDirectoryAction,
} from "@/lib/requests/actions";
import { NOMINATED_GROUPS, type NominatedGroup } from "@/lib/requests/limits";
import type { DirectoryMatch, Nomination, NominationState } from "@/lib/requests/nominations";
import { nominateExternalSchema, type NominateExternalInput } from "@/lib/requests/schemas";
import { GROUP_LABELS } from "@/lib/report/groups";
import { plural } from "@/lib/format";

const GROUP_ORDER = NOMINATED_GROUPS;

const stateBadge: Record<NominationState, { label: string; tone: "neutral" | "info" | "warning" | "danger" | "success" }> = {
  not_sent_yet: { label: "Not sent yet", tone: "warning" },
  awaiting_approval: { label: "Awaiting approval", tone: "info" },
  send_failed: { label: "Not sent: retrying", tone: "danger" },
  invited: { label: "Invited", tone: "success" },
  revoked: { label: "Revoked", tone: "neutral" },
};

export function NominationsPanel({
  requestId,
  editable,
  removable,
  canRevoke,
  nominations,
  suggestions,
  limits,
}: {
  requestId: string;
  editable: boolean;
  removable: boolean;
  canRevoke: boolean;
  nominations: Nomination[];
  suggestions: DirectoryMatch[];
  limits: Record<string, number>;
}) {
  const changing = useAction();
  const pendingAction = changing.busy;
  const run = <T,>(action: () => Promise<ActionResult<T>>, success: string) => changing.run(action, { success: () => success });

  const nominate = (match: DirectoryMatch, group: NominatedGroup) =>
    run(
      () => nominatePersonAction({ requestId, personId: match.personId, group }),
      `${match.name} added as ${GROUP_LABELS[group].one.toLowerCase()}.`,
    );

  const addAll = () =>
    changing.run(() => nominateAllSuggestedAction({ requestId }), {
      success: ({ added, full }) => {
        const parts = [added.length ? `${plural(added.length, "rater")} added.` : "Nobody added."];
        for (const group of GROUP_ORDER) {
          const left = full.filter((f) => f.group === group);
          if (left.length === 0) continue;
          parts.push(
            `Not added, because ${GROUP_LABELS[group].many.toLowerCase()} are limited to ${left[0]!.limit} in this cycle: ${left
              .map((f) => f.name)
              .join(", ")}.`,
          );
        }
        return { tone: full.length ? "error" : "ok", text: parts.join(" ") };
      },
    });

  const active = nominations.filter((n) => n.state !== "revoked");
  const notAdded = suggestions.filter((s) => !s.nominated).length;
  return (
    <div className="mt-4 space-y-6">
      <OutcomeText outcome={changing.outcome} />

      <section aria-labelledby="nominated-heading">
        <h3 id="nominated-heading" className="font-semibold">
          {editable ? "Your raters" : "Raters"} ({active.length})
        </h3>
        {nominations.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Nobody yet. Add raters from the suggestions or the directory.</p>
        ) : (
          <div className="mt-2 space-y-4">
            {GROUP_ORDER.filter((g) => nominations.some((n) => n.group === g)).map((group) => {
              const inGroup = nominations.filter((n) => n.group === group);
              const count = inGroup.filter((n) => n.state !== "revoked").length;
              return (
                <div key={group}>
                  <h4 className="text-sm font-semibold text-slate-700">
                    {GROUP_LABELS[group].many} ({count}
                    {editable ? ` of at most ${limits[group]}` : ""})
                  </h4>
                  <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200">
                    {inGroup.map((n) => (
                      <li key={n.invitationId} className="flex flex-wrap items-center justify-between gap-2 p-3">
                        <span className="min-w-0">
                          <span className="font-medium">{n.name}</span>
                          <Email address={n.email} className="block text-sm text-slate-600" />
                          {n.approvalReason && (n.state === "awaiting_approval" || n.state === "not_sent_yet") ? (
                            <span className="block text-sm text-slate-700">Needs approval: {n.approvalReason}</span>
                          ) : null}
                        </span>
                        <span className="flex flex-wrap items-center gap-2">
                          <Badge tone={stateBadge[n.state].tone}>{stateBadge[n.state].label}</Badge>
                          {removable && ["not_sent_yet", "awaiting_approval", "send_failed"].includes(n.state) ? (
                            <Button
                              type="button"
                              variant="ghost"
                              disabled={pendingAction}
                              aria-label={`Remove ${n.name}`}
                              onClick={() =>
                                run(() => removeNominationAction({ requestId, invitationId: n.invitationId }), `${n.name} removed.`)
                              }
                            >
                              Remove
                            </Button>
                          ) : null}
                          {canRevoke && (n.state === "invited" || n.state === "send_failed") ? (
                            <Button
                              type="button"
                              variant="ghost"
                              disabled={pendingAction}
                              aria-label={`Send ${n.name} a new link`}
                              onClick={() =>
                                run(
                                  () => resendInvitationAction({ requestId, invitationId: n.invitationId }),
                                  `A new link is on its way to ${n.name}; older links no longer work.`,
                                )
                              }
                            >
                              Re-send
                            </Button>
                          ) : null}
                          {canRevoke && n.state === "invited" ? (
                            <ConfirmButton
                              label={<span aria-label={`Revoke ${n.name}'s invitation`}>Revoke</span>}
                              confirmLabel="Revoke"
                              question={`Revoke ${n.name}'s link?`}
                              onConfirm={() =>
                                run(
                                  () => revokeInvitationAction({ requestId, invitationId: n.invitationId }),
                                  `${n.name}'s link no longer works.`,
                                )
                              }
                            />
                          ) : null}
                        </span>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
            {canRevoke ? (
              <p className="text-xs text-slate-600">
                Revoking stops someone&apos;s link. Anything they already submitted is kept, so revoking never reveals whether they had
                answered.
              </p>
            ) : null}
          </div>
        )}
      </section>

      {editable && suggestions.length > 0 ? (
        <section aria-labelledby="suggested-heading">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id="suggested-heading" className="font-semibold">
              Suggested from the reporting lines
            </h3>
            {notAdded > 1 ? (
              <Button type="button" variant="secondary" disabled={pendingAction} onClick={addAll}>
                Add all {notAdded} suggested
              </Button>
            ) : null}
          </div>
          <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200">
            {suggestions.map((s) => (
              <li key={s.personId} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span>
                  <span className="font-medium">{s.name}</span>{" "}
                  <span className="text-sm text-slate-600">· {GROUP_LABELS[s.group].one}</span>
                </span>
                {s.nominated ? (
                  <span className="text-sm text-slate-600">Added</span>
                ) : (
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={pendingAction}
                    onClick={() => nominate(s, s.group)}
                    aria-label={`Add ${s.name} as ${GROUP_LABELS[s.group].one.toLowerCase()}`}
                  >
                    Add
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {editable ? <DirectorySearch requestId={requestId} onNominate={nominate} busy={pendingAction} /> : null}
      {editable ? <ExternalRaterForm requestId={requestId} onDone={(text) => changing.say({ tone: "ok", text })} /> : null}
    </div>
  );
}

function DirectorySearch({
  requestId,
  onNominate,
  busy,
}: {
  requestId: string;
  onNominate: (m: DirectoryMatch, g: NominatedGroup) => void;
  busy: boolean;
}) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<DirectoryMatch[] | null>(null);
  const [groups, setGroups] = useState<Record<string, NominatedGroup>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults(null);
      return;
    }
    const timer = setTimeout(async () => {
      const result = await searchDirectoryAction({ requestId, query: q });
      if (result.ok) {
        setResults(result.data);
        setError(null);
      } else setError(result.error);
    }, 250);
    return () => clearTimeout(timer);
  }, [query, requestId]);

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="font-semibold">
        Search the directory
      </h3>
      <div className="mt-2">
        <Field id={`${id}-q`} label="Name or e-mail" error={error ?? undefined}>
          <input
            id={`${id}-q`}
            type="search"
            className={inputClass}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
          />
        </Field>
      </div>
      <p aria-live="polite" className="sr-only">
        {results ? `${results.length} ${results.length === 1 ? "person" : "people"} found` : ""}
      </p>
      {results && results.length === 0 ? <p className="mt-2 text-sm text-slate-600">Nobody in the directory matches.</p> : null}
      {results && results.length > 0 ? (
        <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200">
          {results.map((r) => {
            const group = groups[r.personId] ?? r.group;
            return (
              <li key={r.personId} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span className="min-w-0">
                  <span className="font-medium">{r.name}</span>
                  <Email address={r.email} className="block text-sm text-slate-600" />
                </span>
                {r.nominated ? (
                  <span className="text-sm text-slate-600">Added</span>
                ) : (
                  <span className="flex flex-wrap items-center gap-2">
                    <label className="sr-only" htmlFor={`${id}-${r.personId}`}>
                      Group for {r.name}
                    </label>
                    <select
                      id={`${id}-${r.personId}`}
                      value={group}
                      onChange={(e) => setGroups({ ...groups, [r.personId]: e.target.value as NominatedGroup })}
                      className="min-h-11 rounded-md border border-slate-400 bg-white px-2 text-sm"
                    >
                      {GROUP_ORDER.map((g) => (
                        <option key={g} value={g}>
                          {GROUP_LABELS[g].one}
                        </option>
                      ))}
                    </select>
                    <Button
                      type="button"
                      variant="secondary"
                      disabled={busy}
                      onClick={() => {
                        onNominate(r, group);
                        setResults(results.map((x) => (x.personId === r.personId ? { ...x, nominated: true } : x)));
                      }}
                      aria-label={`Add ${r.name}`}
                    >
                      Add
                    </Button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

function ExternalRaterForm({ requestId, onDone }: { requestId: string; onDone: (text: string) => void }) {
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NominateExternalInput>({
    resolver: zodResolver(nominateExternalSchema),
    defaultValues: { requestId, name: "", email: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    const result = await nominateExternalAction(values);
    if (result.ok) {
      reset({ requestId, name: "", email: "" });
      onDone(`${values.name} added as another rater.`);
      return;
    }
    if (!showFieldErrors(result, setError, { only: ["email", "name"] })) setError("root", { message: result.error });
  });
  return (
    <section aria-labelledby="external-heading">
      <h3 id="external-heading" className="font-semibold">
        Invite someone outside the directory
      </h3>
      <p className="text-sm text-slate-600">
        A client, a partner, a colleague from another organisation. They join the &quot;other raters&quot; group.
      </p>
      <form onSubmit={onSubmit} noValidate className="mt-2 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <input type="hidden" {...register("requestId")} />
        <Field id="external-name" label="Name" error={errors.name?.message}>
          <input
            id="external-name"
            className={inputClass}
            autoComplete="off"
            {...fieldAria("external-name", errors.name?.message)}
            {...register("name")}
          />
        </Field>
        <Field id="external-email" label="E-mail address" error={errors.email?.message}>
          <input
            id="external-email"
            type="email"
            className={inputClass}
            autoComplete="off"
            {...fieldAria("external-email", errors.email?.message)}
            {...register("email")}
          />
        </Field>
        <Button type="submit" variant="secondary" disabled={isSubmitting}>
          Add
        </Button>
        <ErrorText className="sm:col-span-3">{errors.root?.message}</ErrorText>
      </form>
    </section>
  );
}
