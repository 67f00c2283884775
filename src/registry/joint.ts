import { JointParticipationEntity } from "../entities/joint/joint-participation.entity";
import { JointPlanEntity } from "../entities/joint/joint-plan.entity";
import { JointPlanPublicationEntity } from "../entities/joint/joint-plan-publication.entity";
import { JointSubstitutionEntity } from "../entities/joint/joint-substitution.entity";
import { JointTaskEntity } from "../entities/joint/joint-task.entity";
import { JointDrawEntity, JointTargetEntity, JointVisitEntity } from "../entities/joint/joint-visit.entity";
import { JointDrawResolver, JointTaskDrawResolver } from "../resolvers/joint/joint-draw.resolver";
import {
  JointCountResolver,
  JointParticipationResolver,
  JointPlanResolver,
  JointTaskResolver,
} from "../resolvers/joint/joint-plan.resolver";
import {
  JointReportResolver,
  JointTaskVisitsResolver,
  JointVisitResolver,
} from "../resolvers/joint/joint-visit.resolver";
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
    JointTaskVisitsResolver,
  ],
};
