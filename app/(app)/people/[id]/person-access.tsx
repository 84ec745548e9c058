"use client";

import { useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { Button, Card } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { erasePersonAction, setPersonActiveAction, setPersonRolesAction } from "@/lib/people/actions";

export function PersonAccess({ person, self }: { person: { id: string; name: string; active: boolean; roles: string[] }; self: boolean }) {
  const [hr, setHr] = useState(person.roles.includes("hr"));
  const [manager, setManager] = useState(person.roles.includes("manager"));
  const access = useAction();
  return (
    <Card aria-labelledby="access-heading">
      <h2 id="access-heading" className="text-lg font-semibold">
        Roles and access
      </h2>
      <fieldset className="mt-3 space-y-2">
        <legend className="text-sm text-slate-700">Everyone in the directory can be rated and can sign in. Roles add to that.</legend>
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" className="h-5 w-5" checked={hr} onChange={(e) => setHr(e.target.checked)} />
          HR: runs cycles, manages the directory, reads team dashboards and the audit log
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" className="h-5 w-5" checked={manager} onChange={(e) => setManager(e.target.checked)} />
          Manager: can ask for feedback on their own
        </label>
      </fieldset>
      <div className="mt-3">
        <Button
          type="button"
          variant="secondary"
          onClick={() => access.run(() => setPersonRolesAction({ personId: person.id, hr, manager }), { success: () => "Roles saved." })}
        >
          Save roles
        </Button>
      </div>
      <div className="mt-6 border-t border-slate-200 pt-4">
        {person.active ? (
          self ? (
            <p className="text-sm text-slate-600">You cannot deactivate yourself.</p>
          ) : (
            <ConfirmButton
              label="Deactivate"
              confirmLabel="Deactivate"
              question={`Deactivate ${person.name}? They are signed out at once and can no longer sign in.`}
              onConfirm={() =>
                access.run(() => setPersonActiveAction({ personId: person.id, active: false }), {
                  success: () => `${person.name} is deactivated.`,
                })
              }
            />
          )
        ) : (
          <Button
            type="button"
            variant="secondary"
            onClick={() =>
              access.run(() => setPersonActiveAction({ personId: person.id, active: true }), {
                success: () => `${person.name} is active again.`,
              })
            }
          >
            Reactivate
          </Button>
        )}
      </div>
      {!self ? (
        <div className="mt-6 border-t border-slate-200 pt-4">
          <h3 className="font-semibold">Erase personal data</h3>
          <p className="mt-1 text-sm text-slate-600">
            Removes their name, e-mail and account, ends their sessions and open survey links, and cuts every link to their answers.
            Released reports stay as they are. This cannot be undone.
          </p>
          <div className="mt-2">
            <ConfirmButton
              label="Erase"
              confirmLabel="Erase for good"
              question={`Erase ${person.name}'s personal data?`}
              onConfirm={() => access.run(() => erasePersonAction({ personId: person.id }), { redirect: () => "/people" })}
            />
          </div>
        </div>
      ) : null}
      <p role="status" aria-live="polite" className="mt-3 text-sm">
        {access.outcome?.text}
      </p>
    </Card>
  );
}
