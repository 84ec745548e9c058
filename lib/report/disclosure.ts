import { anonymityOf, groupPlural, type RaterGroup } from "./groups";

/**
 * "Who sees what", in plain words, for a rater of a given group. One source for the invitation
 * e-mail and the survey page, so what we promise is what the report rules do.
 */
export interface Disclosure {
  anonymous: boolean;
  points: string[];
}

export function whoSeesWhat(group: RaterGroup, threshold: number, commentThreshold: number, subjectName: string): Disclosure {
  const rule = anonymityOf(group);
  if (rule === "attributed") {
    return {
      anonymous: false,
      points: [
        "This is your self-assessment. It is not anonymous: your report shows it as your own view, next to how others see you.",
        "Your line manager and HR can see your report once it is released.",
      ],
    };
  }
  if (rule === "attributed_when_alone") {
    return {
      anonymous: false,
      points: [
        `As ${subjectName}'s line manager, your ratings and comments are shown to ${subjectName} labelled as the line manager's view, so they are not anonymous.`,
        `If more than one manager rates ${subjectName}, managers' answers are instead only shown averaged, with at least ${threshold} of them.`,
        "Nobody, including HR, can see your individual answers in any other place.",
      ],
    };
  }
  const many = groupPlural(group);
  return {
    anonymous: true,
    points: [
      `Your ratings are only shown averaged with at least ${threshold} ${many} in total; with fewer, they are pooled with other small groups or left out. Where a report on ${subjectName} from an earlier cycle had nearly the same raters, a group is left out rather than let the two be compared.`,
      `Your comments are shown without your name, in a random order, and only if at least ${commentThreshold} ${many} respond.`,
      `Comments are shown word for word to ${subjectName}, so do not write anything that identifies you, such as your name or a moment only you and they shared.`,
      "Nobody, including HR, can see your individual answers. Until the cycle closes your answers are stored encrypted; at close they are unsealed without your name and the key is destroyed, so nothing links you to them.",
    ],
  };
}
