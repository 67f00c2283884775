/**
 * The verifiable random draw (摇号): pure functions, no database, no Node APIs, so verification can
 * be bundled for the browser. generateServerSeed lives in ./server-seed (Node only) on purpose.
 */
export { canonicalJson } from "./canonical-json";
export { DRAW_ALGORITHM, DRAW_ALGORITHM_V2, type DrawAlgorithm } from "./encoding";
export { DrawInputError } from "./errors";
export {
  ACTIVE,
  DEFAULT_TEAM_RULE,
  type InspectorCandidate,
  type InspectorCandidateInput,
  type InspectorDrawConfig,
  type InspectorDrawConfigInput,
  type InspectorSubjectPair,
  normalizeInspectorDrawConfig,
  type TeamRule,
} from "./inspector-config";
export {
  drawInspectors,
  type InspectorDrawFailure,
  type InspectorDrawResult,
  type Team,
  targetOrder,
} from "./inspector-draw";
export {
  type FrozenPopulation,
  freezePopulation,
  type PopulationStratum,
  type PopulationSubject,
  populationDigest,
} from "./population";
export {
  buildDrawConfig,
  type DrawConfigInput,
  type DrawInput,
  type DrawOutcome,
  performDraw,
} from "./record";
export type {
  DrawConfig,
  DrawRecord,
  StratumSize,
  SubstitutionEntry,
  SubstitutionReason,
  SubstitutionReasonCode,
} from "./record-types";
export {
  type DrawConfigV2,
  type DrawInputV2,
  type DrawLockV2,
  type DrawRecordV2,
  type LockInput,
  latestDigestV2,
  lockDrawV2,
  performDrawV2,
  type SubstitutionEntryV2,
  type SubstitutionFailureCodeV2,
  type SubstitutionOutcomeV2,
  type SubstitutionRequestV2,
  substituteV2,
  type UnavailableDeclaration,
  type VoidEntry,
  voidDrawV2,
} from "./record-v2";
export {
  checkGeneralItemRatioCap,
  checkPolicyFloor,
  type PolicyFloorCheck,
  type RatioCapViolation,
  type RatioMode,
  type SamplingRule,
  type StratumRule,
  sampleSize,
  stratumSampleSizes,
} from "./sampling";
export { sealDigestOf, substitutionDigestOf } from "./seal";
export { commitmentOf, configDigestOf, deriveDrawSeed, normalizeEntropy } from "./seed";
export { type DrawnSubject, selectSubjects } from "./subject-selection";
export {
  type SubstitutionFailure,
  type SubstitutionFailureCode,
  type SubstitutionOptions,
  type SubstitutionOutcome,
  substitute,
} from "./substitution";
export type { NoTeamReason } from "./team";
export { type VerificationOptions, type VerificationResult, verifyDrawRecord } from "./verify";
