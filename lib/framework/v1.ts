import type { Dimension, Framework, Item, Pole } from "./types";

/**
 * Version 1 of the eight differences between management and leadership, in Twofold's own en-GB
 * wording. A launched cycle keeps a frozen copy of this text, so edit wording by adding a v2,
 * never by changing v1 (a test pins its fingerprint).
 */

const dimensions: Dimension[] = [
  {
    key: "culture",
    number: 1,
    title: "Culture and processes",
    summary: "Whether people feel they belong to something, and whether the work itself runs smoothly.",
    poles: {
      leadership: {
        label: "Shapes the culture",
        description: "Builds shared values and a sense of belonging, and notices progress along the way.",
      },
      management: {
        label: "Runs the processes",
        description: "Puts workflows, budgets and measurable targets in place so daily work runs without friction.",
      },
    },
    growthTips: [
      "Make room for regular, informal time together, such as a team lunch or a short weekly catch-up with no agenda.",
      "Agree two or three team values with the team, then name them out loud when you make decisions.",
      "Mark small steps forward in public, not only the big launches.",
    ],
  },
  {
    key: "strategy",
    number: 2,
    title: "Strategy and performance",
    summary: "Whether the team knows where it is heading in the long run, and whether today's plan gets done.",
    poles: {
      leadership: {
        label: "Sets the strategy",
        description: "Thinks beyond the current quarter and lines up people and resources behind long-term goals.",
      },
      management: {
        label: "Drives performance",
        description: "Breaks plans into steps with clear owners and changes tactics quickly when results slip.",
      },
    },
    growthTips: [
      "Ask to take part in planning conversations that reach beyond your own team.",
      "When you recommend a direction, bring evidence from your team's own work to back it up.",
      "Share the longer-term picture with your team, and how this quarter's work fits into it.",
    ],
  },
  {
    key: "risk",
    number: 3,
    title: "Taking and managing risk",
    summary: "Whether the person dares to change things, and whether they protect the team from avoidable harm.",
    poles: {
      leadership: {
        label: "Takes calculated risks",
        description: "Backs bold but well-founded bets that help the team change and stay ahead.",
      },
      management: {
        label: "Contains risk",
        description: "Spots and handles risks early, such as people leaving, weak performance or poorly run change.",
      },
    },
    growthTips: [
      "Before you propose a change, collect the data that argues for it and the data that argues against it.",
      "Try small experiments that are easy to undo instead of waiting for certainty.",
      "Say openly which risks you are choosing to take and why.",
    ],
  },
  {
    key: "ideas",
    number: 4,
    title: "Creating and delivering ideas",
    summary: "Whether new ideas and a sense of direction come from this person, and whether ideas become results.",
    poles: {
      leadership: {
        label: "Originates ideas",
        description: "Brings new ideas and gives the team a clear sense of where it is going.",
      },
      management: {
        label: "Delivers ideas",
        description: "Turns a shared vision into goals, actions and tasks that actually get done.",
      },
    },
    growthTips: [
      "Bring one well-evidenced idea of your own to a team or leadership meeting each month.",
      "Question assumptions constructively: ask what would have to be true for a plan to work.",
      "Invite ideas from the team and show what happened to them.",
    ],
  },
  {
    key: "inspiration",
    number: 5,
    title: "Inspiration and goals",
    summary: "Whether people want to follow, and whether they know how the team will reach what matters.",
    poles: {
      leadership: {
        label: "Inspires",
        description: "Gives people a purpose and an ambition they want to work towards.",
      },
      management: {
        label: "Focuses on goals",
        description: "Keeps the team organised around how it will reach its key goals together.",
      },
    },
    growthTips: [
      "Behave the way you ask others to behave; people copy what they see far more than what they hear.",
      "Explain the reason behind a goal, warmly and with confidence, before the detail of the plan.",
      "Tell stories about the difference the team's work makes to real people.",
    ],
  },
  {
    key: "motivation",
    number: 6,
    title: "Motivation and oversight",
    summary: "Whether people give their best because they trust this person, and whether the work is kept on track.",
    poles: {
      leadership: {
        label: "Motivates",
        description: "Earns trust and respect, knows what each person does best and recognises what they achieve.",
      },
      management: {
        label: "Oversees the work",
        description: "Keeps a close eye on projects and workload so that work is delivered as planned.",
      },
    },
    growthTips: [
      "Spend part of every one-to-one on the person, not only on the task list.",
      "Show each person how their work feeds the bigger picture.",
      "Name the particular strengths you see in people, specifically and soon after you see them.",
    ],
  },
  {
    key: "influence",
    number: 7,
    title: "Influence and authority",
    summary: "Whether people follow this person by choice, or because of the job title.",
    poles: {
      leadership: {
        label: "Influences",
        description: "Wins support well beyond their own reports through warmth and credibility.",
      },
      management: {
        label: "Directs",
        description: "Uses the authority of the role to set direction and have decisions carried out.",
      },
    },
    growthTips: [
      "Build relationships with colleagues in other teams before you need their help.",
      "Lean on shared goals and good arguments rather than on your position.",
      "Notice when you reach for instructions where a conversation would do, and try the conversation first.",
    ],
  },
  {
    key: "empathy",
    number: 8,
    title: "Empathy and development",
    summary: "Whether people feel cared for as people, and whether they grow in their roles.",
    poles: {
      leadership: {
        label: "Cares for wellbeing",
        description: "Notices stress and brewing problems early and looks after people's wellbeing.",
      },
      management: {
        label: "Develops skills",
        description: "Helps each person build the skills they need for their role and career.",
      },
    },
    growthTips: [
      "Ask people how they are, and give the answer your full attention.",
      "Put wellbeing next to skills when you plan someone's development.",
      "Learn what in and around work affects each person's ability to do their best.",
    ],
  },
];

const itemText: Record<string, Record<Pole, string>> = {
  culture: {
    leadership: "builds a sense of belonging around values the team shares, and marks progress, however small",
    management: "sets up clear workflows, budgets and measurable targets so that day-to-day work runs smoothly",
  },
  strategy: {
    leadership: "looks beyond the current quarter and lines up people and resources behind long-term goals",
    management: "turns plans into concrete steps with a clear owner for each, and adjusts quickly when results slip",
  },
  risk: {
    leadership: "takes bold, well-evidenced risks that help the team change and stay ahead",
    management: "spots and deals with risks early, such as people leaving, weak performance or badly handled change",
  },
  ideas: {
    leadership: "comes up with new ideas and gives the team a clear sense of where it is heading",
    management: "turns a shared vision into goals, actions and tasks that get done",
  },
  inspiration: {
    leadership: "gives people a purpose and an ambition they want to work towards",
    management: "keeps the team organised around how it will reach its key goals together",
  },
  motivation: {
    leadership: "earns people's trust and respect, knows their strengths and recognises what they achieve",
    management: "keeps a close eye on projects and workload so that work is delivered as planned",
  },
  influence: {
    leadership: "wins support beyond their own team through warmth and credibility",
    management: "relies on the authority of their role to set direction and have decisions carried out",
  },
  empathy: {
    leadership: "notices stress or brewing problems early and looks after people's wellbeing",
    management: "helps each team member build the skills they need for their role and career",
  },
};

const items: Item[] = dimensions.flatMap((d) =>
  (["leadership", "management"] as const).map((pole) => ({
    key: `${d.key}.${pole}`,
    dimensionKey: d.key,
    pole,
    text: itemText[d.key]![pole],
  })),
);

export const frameworkV1: Framework = {
  version: "v1",
  name: "Eight differences between management and leadership",
  dimensions,
  items,
  scale: [
    { value: 1, label: "Almost never" },
    { value: 2, label: "Occasionally" },
    { value: 3, label: "Sometimes" },
    { value: 4, label: "Often" },
    { value: 5, label: "Almost always" },
  ],
  notObservedLabel: "Not observed",
  openQuestions: [
    {
      key: "keep_doing",
      text: "What should this person keep doing?",
      hint: "Something they do well that you would miss if it stopped.",
    },
    {
      key: "develop",
      text: "What is one thing this person could develop?",
      hint: "One concrete change that would make the biggest difference.",
    },
  ],
};
