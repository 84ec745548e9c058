import { z } from "zod";
import { noControlCharacters, noControlCharactersError } from "@/lib/text/control";

/** Create a directory sync token (HR). The same schema validates the form and the action. */
export const createScimTokenSchema = z
  .object({
    label: z
      .string({ error: "Name the token." })
      .trim()
      .min(1, { error: "Name the token, for example after the identity provider that will use it." })
      .max(80, { error: "Keep the name under 80 characters." })
      .refine(noControlCharacters, noControlCharactersError),
  })
  .strict();
export type CreateScimTokenInput = z.input<typeof createScimTokenSchema>;

export const revokeScimTokenSchema = z.object({ tokenId: z.uuid() }).strict();
