import fc from "fast-check";

/**
 * Hostile values for fuzzing forms and actions: wrong types, extremes, very long strings, odd
 * Unicode, SQL and HTML fragments, prototype keys.
 */
export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom(
    "' OR 1=1 --",
    "'); DROP TABLE people; --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '=HYPERLINK("http://evil")',
    "\u0000",
    "\u202e\u200b\ufeff",
    "a".repeat(10_000),
    "😀".repeat(500),
    "../../etc/passwd",
    "%00%2e%2e",
    "00000000-0000-4000-8000-000000000000",
    "2026-02-30",
    "NaN",
  ),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, null, undefined, true, false),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
);

/** An object with the schema's own keys (and maybe extras, prototype keys), filled with hostile values. */
export function hostileObject(keys: string[]): fc.Arbitrary<Record<string, unknown>> {
  const extra = fc.constantFrom("__proto__", "constructor", "prototype", "admin", "organisationId", "role");
  return fc
    .tuple(
      fc.subarray(keys),
      fc.array(hostileValue, { minLength: keys.length, maxLength: keys.length }),
      fc.option(fc.tuple(extra, hostileValue), { nil: undefined }),
    )
    .map(([present, values, bonus]) => {
      const o: Record<string, unknown> = Object.create(null);
      present.forEach((k, i) => (o[k] = values[i]));
      if (bonus) Object.defineProperty(o, bonus[0], { value: bonus[1], enumerable: true, configurable: true, writable: true });
      return { ...o };
    });
}

/** Just over a megabyte of text: above every field limit we have. */
export const megabyte = "x".repeat(1_000_001);
