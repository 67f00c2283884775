/** The joint-inspection module (部门联合抽查): pure functions, no database, no GraphQL, no I/O. */
export type { ItemScope, TargetFacts } from "./applicability";
export { anyItemAppliesTo, itemAppliesTo, itemsApplyingTo } from "./applicability";
export type { CheckItem } from "./check-item";
export type {
  ChecklistCounts,
  ChecklistError,
  ChecklistInput,
  ChecklistLine,
  LineOwner,
  MergedChecklist,
} from "./checklist";
export { composeTeam, composeTeams } from "./compose-team";
export type { JointDepartment } from "./department";
export { orderDepartments } from "./department";
export { detectOverlaps } from "./detect-overlaps";
export type { InspectionTarget, PrintedExpert, PrintedInspector, PrintedTarget } from "./document-parts";
export { orderedExperts, printedExperts } from "./document-parts";
export { escapeHtml } from "./html";
export type { InspectionForm, InspectionFormInput, InspectionFormRow } from "./inspection-form";
export { buildInspectionForm } from "./inspection-form";
export { renderInspectionFormHtml } from "./inspection-form-html";
export type { DateWindow, IsoDate } from "./iso-date";
export { isIsoDate } from "./iso-date";
export {
  type JointParticipationMove,
  type JointParticipationStatus,
  jointParticipationLifecycle,
} from "./joint-participation.lifecycle";
export { type JointTargetMove, type JointTargetStatus, jointTargetLifecycle } from "./joint-target.lifecycle";
export { type JointTaskMove, type JointTaskStatus, jointTaskLifecycle } from "./joint-task.lifecycle";
export type { LegalBasis, LegalBasisKind } from "./legal-basis";
export { formatLegalBasis } from "./legal-basis";
export { mergeChecklist } from "./merge-checklist";
export type { DrawnTask, OverlapCandidate, OverlapInputError, OverlapTask } from "./overlap";
export type { Result } from "./result";
export { richTextToPlain } from "./rich-text";
export type { PlanVisits, RegionSavings, SavingsReport, VisitOutcome } from "./savings";
export { regionSavings, savingsReport } from "./savings";
export type {
  DepartmentDraw,
  DrawnInspector,
  JointExpert,
  JointTeam,
  TeamFailure,
  TeamInput,
  TeamMember,
  TeamRules,
} from "./team";
export { DEFAULT_TEAM_RULES } from "./team";
export type {
  JointVisit,
  ParticipantResponse,
  VisitAction,
  VisitError,
  VisitProposal,
  VisitStatus,
} from "./visit";
export { type JointVisitStatus, type VisitMove, visitLifecycle } from "./visit.lifecycle";
export type { NoticeItem, VisitNotice, VisitNoticeInput } from "./visit-notice";
export { buildVisitNotice } from "./visit-notice";
export { renderVisitNoticeHtml } from "./visit-notice-html";
export {
  acceptVisitDate,
  pendingPublications,
  pendingResponses,
  proposeOtherDate,
  proposeVisitDate,
  publishedParts,
  recordNoPublication,
  recordPublication,
  resolveVisitDate,
} from "./visit-transitions";
