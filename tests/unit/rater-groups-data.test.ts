import { describe, expect, it, vi } from "vitest";

/**
 * Rater groups are data: a sixth group added to the table in this fixture (and nowhere else)
 * reaches the type's runtime list, the display orders, the labels, the colours, the anonymity
 * rule, the limits, the zod enums of the nomination and cycle forms and the report; the database
 * enums list the same values in the same order. The test mocks the one table module; every other module is the product's own.
 */
vi.mock("@/lib/report/rater-groups", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/report/rater-groups")>();
  return {
    ...original,
    RATER_GROUP_TABLE: {
      ...original.RATER_GROUP_TABLE,
      customer: {
        one: "Customer",
        many: "Customers",
        column: "Customers",
        comment: "Customer",
        relation: (subjectName: string) => `as one of ${subjectName}'s customers`,
        colour: "#8a4b08",
        anonymity: "anonymous",
        limits: { default: 4, max: 12 },
      },
    },
  };
});

const { buildQuestionnaire } = await import("@/lib/framework");
const groups = await import("@/lib/report/groups");
const { nominatedGroupSchema } = await import("@/lib/requests/schemas");
const { cycleFormSchema } = await import("@/lib/cycles/schemas");
const { raterGroup: raterGroupEnum, answerGroup } = await import("@/lib/db/schema");
const { buildReport } = await import("@/lib/report/build-report");
const { whoSeesWhat } = await import("@/lib/report/disclosure");
const { previewAnonymity } = await import("@/lib/report/preview");
const { invitationEmail } = await import("@/lib/requests/emails");

// The type is derived from the product's table, which this fixture extends only at run time.
const customer = "customer" as unknown as import("@/lib/report/groups").NominatedGroup;

describe("rater groups as data (a sixth group in the fixture)", () => {
  it("orders, labels and colours follow the table", () => {
    expect(groups.RATER_GROUPS).toEqual(["self", "manager", "peer", "direct_report", "other", "customer"]);
    expect(groups.NOMINATED_GROUPS).toEqual(["manager", "peer", "direct_report", "other", "customer"]);
    expect(groups.ANONYMOUS_GROUPS).toEqual(["peer", "direct_report", "other", "customer"]);
    expect(groups.REPORT_GROUP_ORDER).toEqual(["self", "manager", "peer", "direct_report", "other", "customer", "pooled", "others"]);
    expect(groups.REPORT_DISPLAY_ORDER).toEqual(["self", "others", "manager", "peer", "direct_report", "other", "customer", "pooled"]);
    expect(groups.groupLabel(customer, 1)).toBe("Customer");
    expect(groups.groupLabel(customer, 2)).toBe("Customers");
    expect(groups.REPORT_GROUP_LABELS[customer]).toBe("Customers");
    expect(groups.GROUP_COLOURS[customer]).toBe("#8a4b08");
    expect(groups.DEFAULT_GROUP_LIMITS[customer]).toBe(4);
    expect(groups.MAX_GROUP_LIMITS[customer]).toBe(12);
  });

  it("the zod enums and the database enums take it, in the same order", () => {
    expect(nominatedGroupSchema.safeParse("customer").success).toBe(true);
    expect(nominatedGroupSchema.safeParse("supplier").success).toBe(false);
    const form = {
      name: "Autumn",
      opensOn: "2026-10-01",
      closesOn: "2026-10-31",
      threshold: 3,
      commentThreshold: 3,
      requiresApproval: false,
      limits: { manager: 1, peer: 10, direct_report: 15, other: 5, customer: 12 } as Record<string, number>,
      scopeMode: "managers",
      teamIds: [],
      customItems: [],
      shareWithLineManager: true,
      shareWithHr: true,
      pulseAfterDays: 90,
    };
    expect(cycleFormSchema.safeParse(form).success).toBe(true);
    expect(cycleFormSchema.safeParse({ ...form, limits: { ...form.limits, customer: 13 } }).success).toBe(false);
    // The database enums are written out in lib/db/schema.ts (the linter keeps app code out of it),
    // in the table's order and checked against its type by the compiler: a new group is that one
    // list plus a generated migration, so here they hold the product's five, not the fixture's sixth.
    const product = groups.RATER_GROUPS.filter((g) => g !== customer);
    expect(raterGroupEnum.enumValues).toEqual(product);
    expect(answerGroup.enumValues).toEqual([...product, "pooled"]);
  });

  it("is anonymous by its rule: in the preview, in 'who sees what', in the invitation and in the report", () => {
    expect(previewAnonymity({ [customer]: 2 }, 3)[0]).toMatchObject({ group: "customer", status: "hidden" });
    expect(previewAnonymity({ [customer]: 3 }, 3)[0]).toMatchObject({ group: "customer", status: "shown" });
    const disclosure = whoSeesWhat(customer, 3, 3, "Sam");
    expect(disclosure.anonymous).toBe(true);
    expect(disclosure.points[0]).toContain("at least 3 customers");
    const mail = invitationEmail({
      to: "c@example.test",
      raterName: null,
      subjectName: "Sam Okafor",
      organisationName: "Acme",
      group: customer,
      closesAt: new Date("2026-10-31"),
      link: "https://twofold.test/s/x",
      threshold: 3,
      commentThreshold: 3,
    });
    expect(mail.text).toContain("as one of Sam Okafor's customers");

    const questionnaire = buildQuestionnaire();
    const answers = (score: number) => Object.fromEntries(questionnaire.items.map((i) => [i.key, score]));
    const report = buildReport(
      {
        questionnaire,
        threshold: 3,
        commentThreshold: 3,
        subjectName: "Sam Okafor",
        cycleName: "Autumn",
        responses: [
          { group: "self", answers: answers(4) },
          ...[3, 4, 5].map((s) => ({ group: customer, answers: answers(s) })),
          ...[2, 3].map((s) => ({ group: "peer" as const, answers: answers(s) })),
        ],
        comments: [{ group: customer, topic: "keep_doing", body: "Listens." }],
      },
      (xs) => xs,
    );
    expect(report.groups.map((g) => [g.group, g.label, g.anonymous])).toEqual([
      ["self", "Self", false],
      ["peer", "Peers", true],
      ["customer", "Customers", true],
    ]);
    const cells = report.items[0]!.cells.map((c) => [c.group, c.status]);
    expect(cells).toEqual([
      ["self", "shown"],
      ["peer", "suppressed"],
      ["customer", "shown"],
      ["others", "shown"],
    ]);
    expect(report.comments.find((c) => c.topic === "keep_doing")!.entries).toEqual([{ groupLabel: "Customer", body: "Listens." }]);
  });
});
