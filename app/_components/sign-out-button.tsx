import { signOutAction } from "@/lib/auth/actions";
import { Button } from "./ui";

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant="secondary">
        Sign out
      </Button>
    </form>
  );
}
