import { cycles, feedbackRequests, invitations, organisations, people } from "@/lib/db/schema";

/**
 * What a survey link and a survey session both need to know about the invitation behind them: who
 * asks, about whom, in which group, and whether answering is still allowed. Selected from
 * invitations joined to their request, cycle, subject and organisation.
 */
export const surveyColumns = {
  invitationId: invitations.id,
  organisationId: invitations.organisationId,
  group: invitations.raterGroup,
  invitationStatus: invitations.status,
  requestStatus: feedbackRequests.status,
  cycleStatus: cycles.status,
  closesAt: cycles.closesAt,
  threshold: cycles.threshold,
  commentThreshold: cycles.commentThreshold,
  subjectName: people.name,
  organisationName: organisations.name,
};
