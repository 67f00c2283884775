import { JointParticipationEntity } from "../entities/joint-participation";
import { JointPlanEntity } from "../entities/joint-plan";
import { JointPlanPublicationEntity } from "../entities/joint-plan-publication";
import { JointSubstitutionEntity } from "../entities/joint-substitution";
import { JointTaskEntity } from "../entities/joint-task";
import { JointDrawEntity, JointTargetEntity, JointVisitEntity } from "../entities/joint-visit";
import { JointDrawResolver, JointTaskDrawHistoryResolver } from "../resolvers/joint-draw.resolver";
import {
  JointCountResolver,
  JointParticipationResolver,
  JointPlanResolver,
  JointTaskResolver,
} from "../resolvers/joint-plan.resolver";
import { JointReportResolver, JointTaskDrawResolver, JointVisitResolver } from "../resolvers/joint-visit.resolver";
import type { Area } from "./area";

/** 部门联合抽查 (issue 5): joint plans and tasks, participations, the joint draw, mixed teams and shared visits. */
export const jointArea: Area = {
  entities: [
    JointPlanEntity,
    JointTaskEntity,
    JointParticipationEntity,
    JointDrawEntity,
    JointTargetEntity,
    JointVisitEntity,
    JointSubstitutionEntity,
    JointPlanPublicationEntity,
  ],
  resolvers: [
    JointPlanResolver,
    JointTaskResolver,
    JointParticipationResolver,
    JointCountResolver,
    JointVisitResolver,
    JointTaskDrawResolver,
    JointReportResolver,
    JointDrawResolver,
    JointTaskDrawHistoryResolver,
  ],
};
