"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { Button, Card } from "@/app/_components/ui";
import { erasePersonAction, setPersonActiveAction, setPersonRolesAction } from "@/lib/people/actions";

export function PersonAccess({ person, self }: { person: { id: string; name: string; active: boolean; roles: string[] }; self: boolean }) {
  const [hr, setHr] = useState(person.roles.includes("hr"));
  const [manager, setManager] = useState(person.roles.includes("manager"));
  const [message, setMessage] = useState<string | null>(null);
  const router = useRouter();
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
          onClick={async () => {
            const result = await setPersonRolesAction({ personId: person.id, hr, manager });
            setMessage(result.ok ? "Roles saved." : result.error);
          }}
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
              onConfirm={async () => {
                const result = await setPersonActiveAction({ personId: person.id, active: false });
                setMessage(result.ok ? `${person.name} is deactivated.` : result.error);
              }}
            />
          )
        ) : (
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              const result = await setPersonActiveAction({ personId: person.id, active: true });
              setMessage(result.ok ? `${person.name} is active again.` : result.error);
            }}
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
              onConfirm={async () => {
                const result = await erasePersonAction({ personId: person.id });
                if (result.ok) router.push("/people");
                else setMessage(result.error);
              }}
            />
          </div>
        </div>
      ) : null}
      <p role="status" aria-live="polite" className="mt-3 text-sm">
        {message}
      </p>
    </Card>
  );
}
