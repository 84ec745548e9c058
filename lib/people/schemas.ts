import { z } from "zod";
import { emailAddress } from "@/lib/auth/schemas";
import { noControlCharacters, noControlCharactersError } from "@/lib/text/control";
import { IMPORT_TOO_LARGE, MAX_IMPORT_BYTES } from "./limits";

const name = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, { error: "Enter a name." })
  .max(120, { error: "Keep the name under 120 characters." })
  .refine(noControlCharacters, noControlCharactersError);
const team = z
  .string()
  .trim()
  .max(80, { error: "Keep the team name under 80 characters." })
  .refine(noControlCharacters, noControlCharactersError);
const managerId = z.union([z.uuid({ error: "Choose a line manager from the list." }), z.literal("")]);

/** Add a person by hand (HR). The same schema validates the form and the action. */
export const addPersonSchema = z.object({ name, email: emailAddress, team, managerId }).strict();
export type AddPersonInput = z.input<typeof addPersonSchema>;

/** Edit a person; the e-mail is their identity and stays as it is. */
export const editPersonSchema = z.object({ personId: z.uuid(), name, team, managerId }).strict();
export type EditPersonInput = z.input<typeof editPersonSchema>;

export const personActiveSchema = z.object({ personId: z.uuid(), active: z.boolean() }).strict();
export const personRolesSchema = z.object({ personId: z.uuid(), hr: z.boolean(), manager: z.boolean() }).strict();

export const importSchema = z.object({ csv: z.string().max(MAX_IMPORT_BYTES, { error: IMPORT_TOO_LARGE }) }).strict();
