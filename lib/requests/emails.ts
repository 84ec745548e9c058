import { formatDate } from "@/lib/format";
import { renderEmailHtml } from "@/lib/mail/html";
import type { MailMessage } from "@/lib/mail/transport";
import { whoSeesWhat } from "@/lib/report/disclosure";
import { GROUP_LABELS, raterGroup, type RaterGroup } from "@/lib/report/groups";

export interface InvitationEmailInput {
  to: string;
  raterName: string | null;
  subjectName: string;
  organisationName: string;
  group: RaterGroup;
  closesAt: Date;
  link: string;
  threshold: number;
  commentThreshold: number;
}

function relation(group: RaterGroup, subjectName: string): string {
  return raterGroup(group).relation(subjectName);
}

function greeting(name: string | null): string {
  return name ? `Hello ${name.split(" ")[0]},` : "Hello,";
}

function body(input: InvitationEmailInput, opening: string) {
  const disclosure = whoSeesWhat(input.group, input.threshold, input.commentThreshold, input.subjectName);
  const intro = [
    opening,
    `It takes about 10 minutes, works on a phone, and saves as you go. Please answer by ${formatDate(input.closesAt)}.`,
  ];
  const footer =
    "This link is personal: please do not forward it. It stops working when the feedback closes. You can also decline from the same page.";
  return { disclosure, intro, footer };
}

/** The plain text of a rater's e-mail: greeting, why, the link, who sees what, the footer. */
function raterText(
  input: InvitationEmailInput,
  { disclosure, intro, footer }: ReturnType<typeof body>,
  { pointsHeading, signature }: { pointsHeading?: string; signature?: string } = {},
): string {
  return [
    greeting(input.raterName),
    "",
    ...intro.flatMap((p) => [p, ""]),
    "Give your feedback:",
    input.link,
    "",
    ...(pointsHeading ? [pointsHeading] : []),
    ...disclosure.points.map((p) => `- ${p}`),
    "",
    footer,
    ...(signature ? ["", signature] : []),
  ].join("\n");
}

export function invitationEmail(input: InvitationEmailInput): MailMessage {
  const { disclosure, intro, footer } = body(
    input,
    `${input.subjectName} has asked for 360-degree feedback on how they lead and how they manage, and has invited you ${relation(input.group, input.subjectName)}.`,
  );
  return {
    to: input.to,
    subject: `${input.subjectName} would value your feedback`,
    text: raterText(
      input,
      { disclosure, intro, footer },
      {
        pointsHeading: `Who sees what (${GROUP_LABELS[input.group].one.toLowerCase()}):`,
        signature: `Twofold · ${input.organisationName}`,
      },
    ),
    html: renderEmailHtml({
      heading: `${input.subjectName} would value your feedback`,
      paragraphs: [greeting(input.raterName), ...intro, "Who sees what:", ...disclosure.points],
      action: { label: "Give your feedback", url: input.link },
      footer: `${footer} Twofold · ${input.organisationName}`,
    }),
  };
}

export function reminderEmail(input: InvitationEmailInput): MailMessage {
  const { disclosure, intro, footer } = body(
    input,
    `A reminder: ${input.subjectName} has asked for your feedback ${relation(input.group, input.subjectName)}, and it closes on ${formatDate(input.closesAt)}. If you have already answered, thank you: you can ignore this e-mail.`,
  );
  return {
    to: input.to,
    subject: `Reminder: ${input.subjectName}'s feedback closes on ${formatDate(input.closesAt)}`,
    text: raterText(input, { disclosure, intro, footer }),
    html: renderEmailHtml({
      heading: `Reminder: ${input.subjectName}'s feedback`,
      paragraphs: [greeting(input.raterName), ...intro, ...disclosure.points],
      action: { label: "Give your feedback", url: input.link },
      footer,
    }),
  };
}

/**
 * A fresh link a signed-in rater asked for from their home page. Worded for everyone alike: the
 * same e-mail whether or not they have answered, because nothing records which.
 */
export function linkAgainEmail(input: InvitationEmailInput): MailMessage {
  const { disclosure, intro, footer } = body(
    input,
    `Here is the link you asked for: ${input.subjectName} has asked for your feedback ${relation(input.group, input.subjectName)}. If you have already answered, you can use it to change your answers until it closes.`,
  );
  return {
    to: input.to,
    subject: `Your link to give ${input.subjectName} feedback`,
    text: raterText(input, { disclosure, intro, footer }, { signature: `Twofold · ${input.organisationName}` }),
    html: renderEmailHtml({
      heading: `Your link to give ${input.subjectName} feedback`,
      paragraphs: [greeting(input.raterName), ...intro, "Who sees what:", ...disclosure.points],
      action: { label: "Give your feedback", url: input.link },
      footer: `${footer} Twofold · ${input.organisationName}`,
    }),
  };
}

export function approvalNeededEmail(input: { to: string; approverName: string | null; subjectName: string; link: string }): MailMessage {
  const text = `${input.subjectName} has chosen the raters for their 360-degree feedback, and their cycle asks for approval before invitations go out. Please approve the list, change it, or send it back.`;
  return {
    to: input.to,
    subject: `Please approve ${input.subjectName}'s raters`,
    text: [greeting(input.approverName), "", text, "", input.link].join("\n"),
    html: renderEmailHtml({
      heading: `Approve ${input.subjectName}'s raters`,
      paragraphs: [greeting(input.approverName), text],
      action: { label: "Review the raters", url: input.link },
    }),
  };
}

export function nominationsReturnedEmail(input: { to: string; subjectName: string; note: string; link: string }): MailMessage {
  const text = "Your raters were sent back with this note before any invitation went out:";
  return {
    to: input.to,
    subject: "Your raters need a change",
    text: [greeting(input.subjectName), "", text, "", input.note, "", input.link].join("\n"),
    html: renderEmailHtml({
      heading: "Your raters need a change",
      paragraphs: [greeting(input.subjectName), text, input.note],
      action: { label: "Change your raters", url: input.link },
    }),
  };
}
