import { frameworkV1 } from "./v1";
import type { CustomItem, Framework, Questionnaire } from "./types";

export * from "./types";
export * from "./scale";
export { growthIdeas } from "./growth";

/** Every version ever shipped stays here: launched cycles may still refer to it. */
const frameworks: Record<string, Framework> = { v1: frameworkV1 };

export const CURRENT_FRAMEWORK_VERSION = "v1";
export const MAX_CUSTOM_ITEMS = 6;

export function getFramework(version: string = CURRENT_FRAMEWORK_VERSION): Framework {
  const framework = frameworks[version];
  if (!framework) throw new Error(`Unknown framework version ${version}`);
  return framework;
}

/** The frozen copy a cycle stores at launch. */
export function buildQuestionnaire(customItemTexts: string[] = [], version: string = CURRENT_FRAMEWORK_VERSION): Questionnaire {
  if (customItemTexts.length > MAX_CUSTOM_ITEMS) {
    throw new Error(`A cycle can add at most ${MAX_CUSTOM_ITEMS} custom items`);
  }
  const f = getFramework(version);
  const customItems: CustomItem[] = customItemTexts.map((text, i) => ({ key: `custom.${i + 1}`, text }));
  // structuredClone: the stored copy must not share objects with the module-level framework.
  return structuredClone({
    frameworkVersion: f.version,
    dimensions: f.dimensions,
    items: f.items,
    customItems,
    scale: f.scale,
    notObservedLabel: f.notObservedLabel,
    openQuestions: f.openQuestions,
  });
}

/** All item keys a response to this questionnaire may answer. */
export function itemKeys(q: Questionnaire): string[] {
  return [...q.items.map((i) => i.key), ...q.customItems.map((i) => i.key)];
}
