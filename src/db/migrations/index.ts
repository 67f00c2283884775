import type { MigrationInterface } from "typeorm";
import { Foundation1763856000001 } from "./0001-foundation";
import { Catalog1763856000002 } from "./0002-catalog";
import { Audit1763856000003 } from "./0003-audit";
import { Live1763856000004 } from "./0004-live";
import { Plan1763856000005 } from "./0005-plan";
import { Joint1763856000006 } from "./0006-joint";
import { JointLifecycle1763856000106 } from "./0006-joint-lifecycle";
import { Inspection1763856000007 } from "./0007-inspection";
import { InspectionLive1763856000008 } from "./0008-inspection-live";
import { ImportJob1763856000012 } from "./0012-import-job";
import { BusinessClock1763856000013 } from "./0013-business-clock";
import { AuthThrottle1763856000020 } from "./0020-auth-throttle";
import { DefinerFloor1763856000030 } from "./0030-definer-floor";
import { PolicyFloor1763856000031 } from "./0031-policy-floor";
import { SharedRegistry1763856000040 } from "./0040-shared-registry";
import { DrawV21763856000050 } from "./0050-draw-v2";
import { MakerChecker1763856000070 } from "./0070-maker-checker";
import { County1763856000080 } from "./0080-county";
import { PenaltyDeadlines1763856000081 } from "./0081-penalty-deadlines";
import { CreditRecord1763856000082 } from "./0082-credit-record";
import { InspectorIdentity1763856000083 } from "./0083-inspector-identity";
import { CreditStrata1763856000084 } from "./0084-credit-strata";
import { ComplianceTallies1763856000090 } from "./0090-compliance-tallies";
import { FirmSide1763856000110 } from "./0110-firm-side";
import { ScaleReads1763856000120 } from "./0120-scale-reads";
import { PopulationIndex1763856000121 } from "./0121-population-index";
import { JointParts1763856000130 } from "./0130-joint-parts";
import { ItemIndustries1763856000140 } from "./0140-item-industries";
import { JointProgressWriter1763856000141 } from "./0141-joint-progress-writer";
import { DrawWitness1763856000150 } from "./0150-draw-witness";
import { TaskOrigin1763856000170 } from "./0170-task-origin";
import { TenantResultCodes1763856000171 } from "./0171-tenant-result-codes";
import { FirmBookingSteps1763856000172 } from "./0172-firm-booking-steps";
import { PlanRevision1763856000190 } from "./0190-plan-revision";
import { PlanRoundAlerts1763856000220 } from "./0220-plan-round-alerts";
import { JointComplianceTallies1763856000221 } from "./0221-joint-compliance-tallies";
import { DrawLockColumns1763856000230 } from "./0230-draw-lock-columns";
import { PublicationVisitIndex1763856000231 } from "./0231-publication-visit-index";
import { PoolPerson1763856000232 } from "./0232-pool-person";
import { AssignmentExperts1763856000233 } from "./0233-assignment-experts";
import { OutsideWitness1763856000234 } from "./0234-outside-witness";
import { BigramsPlpgsql1763856000240 } from "./0240-bigrams-plpgsql";
import { ResultFeedback1763856000280 } from "./0280-result-feedback";
import { JointExpertsPool1763856000281 } from "./0281-joint-experts-pool";
import { JointPartExperts1763856000282 } from "./0282-joint-part-experts";
import { SubjectReadOnce1763856000290 } from "./0290-subject-read-once";
import { ReasonMax1763856000300 } from "./0300-reason-max";
import { WitnessRecheck1763856000310 } from "./0310-witness-recheck";
import { JointTargetExpertGuard1763856000330 } from "./0330-joint-target-expert-guard";
import { DefinerPolicies1763856000340 } from "./0340-definer-policies";
import { PlanTextSearch1763856000341 } from "./0341-plan-text-search";

/**
 * Every migration, in the one order they run (src/db/migrate.ts applies the pending ones in this order; the
 * timestamps in the names are labels, not the order). Append new migrations at the end; never edit, reorder or
 * remove one that has shipped. This file imports migrations only, so `npm run migrate` loads nothing else.
 */
export const migrations: Array<new () => MigrationInterface> = [
  Foundation1763856000001,
  Catalog1763856000002,
  Audit1763856000003,
  Live1763856000004,
  Plan1763856000005,
  Joint1763856000006,
  JointLifecycle1763856000106,
  Inspection1763856000007,
  InspectionLive1763856000008,
  ImportJob1763856000012,
  BusinessClock1763856000013,
  AuthThrottle1763856000020,
  ComplianceTallies1763856000090,
  MakerChecker1763856000070,
  SharedRegistry1763856000040,
  ScaleReads1763856000120,
  PopulationIndex1763856000121,
  DefinerFloor1763856000030,
  PolicyFloor1763856000031,
  FirmSide1763856000110,
  DrawV21763856000050,
  County1763856000080,
  PenaltyDeadlines1763856000081,
  CreditRecord1763856000082,
  InspectorIdentity1763856000083,
  CreditStrata1763856000084,
  DrawWitness1763856000150,
  ItemIndustries1763856000140,
  JointProgressWriter1763856000141,
  JointParts1763856000130,
  TaskOrigin1763856000170,
  TenantResultCodes1763856000171,
  FirmBookingSteps1763856000172,
  DrawLockColumns1763856000230,
  PublicationVisitIndex1763856000231,
  PoolPerson1763856000232,
  AssignmentExperts1763856000233,
  OutsideWitness1763856000234,
  PlanRoundAlerts1763856000220,
  JointComplianceTallies1763856000221,
  PlanRevision1763856000190,
  SubjectReadOnce1763856000290,
  ResultFeedback1763856000280,
  JointExpertsPool1763856000281,
  JointPartExperts1763856000282,
  BigramsPlpgsql1763856000240,
  ReasonMax1763856000300,
  WitnessRecheck1763856000310,
  JointTargetExpertGuard1763856000330,
  DefinerPolicies1763856000340,
  PlanTextSearch1763856000341,
];
