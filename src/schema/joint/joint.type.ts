import { GraphQLJSON } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { publishedText, publishedTexts } from "../../context/published-text";
import type { JointParticipationEntity } from "../../entities/joint/joint-participation.entity";
import type { JointPlanEntity } from "../../entities/joint/joint-plan.entity";
import type { JointTaskEntity } from "../../entities/joint/joint-task.entity";
import type { JointDrawEntity, JointTargetEntity, JointVisitEntity } from "../../entities/joint/joint-visit.entity";
import type { SavingsReport } from "../../joint";
import { StratifyByEnum } from "../plan/plan.input";
import { TenantType } from "../system/tenant.type";
import { JointTeamType } from "./joint-team.type";

export enum JointTaskStatusEnum {
  INVITING = "INVITING",
  APPROVED = "APPROVED",
  DRAWN = "DRAWN",
  CLOSED = "CLOSED",
}
registerEnumType(JointTaskStatusEnum, {
  name: "JointTaskStatus",
  valuesConfig: {
    INVITING: { description: "待参与部门确认" },
    APPROVED: { description: "发起部门已批准（已公布随机种子承诺值）" },
    DRAWN: { description: "已抽取" },
    CLOSED: { description: "已结束" },
  },
});

export enum ParticipationStatusEnum {
  INVITED = "INVITED",
  CONFIRMED = "CONFIRMED",
  DECLINED = "DECLINED",
}
registerEnumType(ParticipationStatusEnum, {
  name: "JointParticipationStatus",
  valuesConfig: {
    INVITED: { description: "已邀请，待确认" },
    CONFIRMED: { description: "已确认参与" },
    DECLINED: { description: "已拒绝参与" },
  },
});

export enum JointVisitStatusEnum {
  UNSCHEDULED = "UNSCHEDULED",
  PROPOSED = "PROPOSED",
  CONTESTED = "CONTESTED",
  AGREED = "AGREED",
  COMPLETE = "COMPLETE",
  CANCELLED = "CANCELLED",
}
registerEnumType(JointVisitStatusEnum, {
  name: "JointVisitStatus",
  valuesConfig: {
    UNSCHEDULED: { description: "尚未提出检查日期" },
    PROPOSED: { description: "已提出日期，待各部门接受" },
    CONTESTED: { description: "有部门另提日期，待牵头协调部门裁定" },
    AGREED: { description: "日期已确定" },
    COMPLETE: { description: "各部门均已公示结果" },
    CANCELLED: { description: "抽取已作废，本次检查取消" },
  },
});

export enum JointPlanStatusEnum {
  DRAFT = "DRAFT",
  PUBLISHED = "PUBLISHED",
}
registerEnumType(JointPlanStatusEnum, {
  name: "JointPlanStatus",
  valuesConfig: {
    DRAFT: { description: "草稿（仅牵头协调部门和参与部门可见）" },
    PUBLISHED: { description: "已公布（向社会公开）" },
  },
});

@ObjectType("JointPlan", { description: "部门联合抽查计划（牵头协调部门制定）" })
export class JointPlanType {
  @Field(() => ID) id: string;
  @Field(() => Int) year: number;
  @Field() title: string;
  @Field({ description: "计划应制定完成日期（默认当年 3 月 31 日）" }) dueDate: string;
  @Field() createdAt: Date;
  tenantId: string;

  static from(e: JointPlanEntity): JointPlanType {
    return Object.assign(new JointPlanType(), e, { title: publishedText(e.title, e.tenantId) });
  }
}

@ObjectType("JointPlanPage")
export class JointPlanPage {
  @Field(() => [JointPlanType]) items: JointPlanType[];
  @Field(() => Int) total: number;
}

@ObjectType("JointTask", { description: "部门联合抽查任务" })
export class JointTaskType {
  @Field(() => ID) id: string;
  @Field(() => ID) planId: string;
  @Field() name: string;
  @Field({ description: "DRAW 联合抽取 / CONSOLIDATION 重复检查合并" }) origin: string;
  @Field() windowFrom: string;
  @Field() windowTo: string;
  @Field(() => GraphQLJSON, { description: "检查对象范围" }) targetScope: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "抽查比例规则" }) samplingRule: unknown;
  @Field(() => StratifyByEnum) stratifyBy: StratifyByEnum;
  @Field(() => [String], { description: "需准备的材料" }) materials: string[];
  @Field(() => JointTaskStatusEnum) status: JointTaskStatusEnum;
  @Field(() => String, { nullable: true, description: "服务器种子的 SHA-256 承诺值（批准时公布）" })
  commitment: string | null;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field(() => [ID], { description: "合并的各部门自有任务（重复检查合并）" }) consolidatedTaskIds: string[];
  entity: JointTaskEntity;

  static from(e: JointTaskEntity): JointTaskType {
    return Object.assign(new JointTaskType(), {
      ...e,
      name: publishedText(e.name, e.tenantId),
      materials: publishedTexts(e.materials, e.tenantId),
      status: e.status as JointTaskStatusEnum,
      stratifyBy: e.stratifyBy as StratifyByEnum,
      entity: e,
    });
  }
}

@ObjectType("JointTaskPage")
export class JointTaskPage {
  @Field(() => [JointTaskType]) items: JointTaskType[];
  @Field(() => Int) total: number;
}

@ObjectType("JointParticipation", { description: "参与部门的参与情况" })
export class JointParticipationType {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field(() => ID) departmentId: string;
  @Field({ description: "是否为发起部门" }) isInitiator: boolean;
  @Field(() => ParticipationStatusEnum) status: ParticipationStatusEnum;
  @Field(() => [ID], { description: "牵头部门建议的事项" }) proposedItemIds: string[];
  @Field(() => [ID], { description: "确认承担的抽查事项（本部门已公布清单中的事项）" }) itemIds: string[];
  @Field(() => [ID], { description: "确认时选用的部门联合抽查事项清单条目" }) jointEntryIds: string[];
  @Field(() => GraphQLJSON, { nullable: true, description: "本部门组队规则" }) teamRule: unknown;
  @Field(() => String, { nullable: true, description: "拒绝理由" }) declineReason: string | null;
  @Field(() => Date, { nullable: true }) confirmedAt: Date | null;

  static from(e: JointParticipationEntity): JointParticipationType {
    return Object.assign(new JointParticipationType(), {
      ...e,
      declineReason: publishedText(e.declineReason, e.tenantId),
      departmentId: e.tenantId,
      status: e.status as ParticipationStatusEnum,
    });
  }
}

@ObjectType("JointParticipationPage")
export class JointParticipationPage {
  @Field(() => [JointParticipationType]) items: JointParticipationType[];
  @Field(() => Int) total: number;
}

@ObjectType("JointDraw", { description: "联合抽取记录（发起部门抽取对象，各部门按同一种子选派人员）" })
export class JointDrawType {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field() drawnAt: Date;
  @Field({ description: "记录封印摘要" }) sealDigest: string;
  @Field(() => Int) populationSize: number;
  @Field(() => Int) drawnCount: number;
  @Field(() => Int, { description: "第几次抽取" }) sequence: number;
  @Field({ description: "VALID 有效 / INFEASIBLE 未能组成全部检查组（保留并公开） / VOIDED 已作废" }) status: string;
  @Field({ description: "算法版本（jc-draw-v1 / jc-draw-v2）" }) algorithm: string;
  @Field(() => String, { nullable: true, description: "v2：锁定摘要（抽取前公布）" }) lockDigest: string | null;
  @Field(() => Int, { description: "未能组成检查组的对象数（v2 记入记录，不回滚）" }) infeasibleTargets: number;
  @Field(() => Date, { nullable: true, description: "抽取记录公开时间（计划公布后）" }) publicAfter: Date | null;
  @Field(() => String, { nullable: true, description: "作废理由" }) voidReason: string | null;
  @Field(() => Date, { nullable: true }) voidedAt: Date | null;
  entity: JointDrawEntity;

  static from(e: JointDrawEntity): JointDrawType {
    return Object.assign(new JointDrawType(), {
      id: e.id,
      taskId: e.taskId,
      drawnAt: e.drawnAt,
      sealDigest: e.sealDigest,
      populationSize: e.populationSize,
      drawnCount: e.drawnCount,
      sequence: e.sequence,
      status: e.status,
      algorithm: e.record.algorithm,
      lockDigest: "lock" in e.record ? e.record.lock.digest : null,
      infeasibleTargets: e.record.inspectorResults.reduce((n, r) => n + r.failures.length, 0),
      publicAfter: e.publicAfter,
      voidReason: e.voidReason,
      voidedAt: e.voidedAt,
      entity: e,
    });
  }
}

@ObjectType("JointTarget", { description: "联合抽查对象及其联合检查组" })
export class JointTargetType {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field(() => ID) subjectId: string;
  @Field({ description: "分层" }) stratum: string;
  @Field({ description: "ACTIVE 有效 / CANCELLED 抽取作废后取消" }) status: string;
  @Field(() => ID, { nullable: true, description: "所属联合抽取" }) drawId: string | null;
  @Field(() => JointTeamType, {
    nullable: true,
    description: "联合检查组：组长及各部门成员（姓名、执法证号、部门）；重复检查合并时为空（各部门沿用自有检查组）",
  })
  team: JointTeamType | null;
  @Field(() => ID, { nullable: true, description: "组长（来自发起部门）" }) leaderId: string | null;

  static from(e: JointTargetEntity): JointTargetType {
    return Object.assign(new JointTargetType(), {
      id: e.id,
      taskId: e.taskId,
      subjectId: e.subjectId,
      stratum: e.stratum,
      status: e.status,
      drawId: e.drawId,
      team: e.team ? JointTeamType.from(e.team) : null,
      leaderId: e.team?.leaderId ?? null,
    });
  }
}

@ObjectType("JointVisitResponse", { description: "参与部门对检查日期的答复" })
export class JointVisitResponseType {
  @Field(() => ID) departmentId: string;
  @Field({ description: "PENDING 待答复 / ACCEPTED 接受 / COUNTER_PROPOSED 另提日期" }) kind: string;
  @Field(() => String, { nullable: true }) date: string | null;
}

@ObjectType("JointPartNotPublished", { description: "参与部门登记的本部门检查结果不予公示的原因" })
export class JointPartNotPublishedType {
  @Field(() => ID) departmentId: string;
  @Field() reason: string;
}

@ObjectType("JointVisit", { description: "一次上门：一个检查对象的联合检查" })
export class JointVisitType {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field(() => ID) targetId: string;
  @Field(() => ID) subjectId: string;
  @Field(() => JointVisitStatusEnum) status: JointVisitStatusEnum;
  @Field(() => String, { nullable: true, description: "提出的检查日期" }) proposedDate: string | null;
  @Field(() => String, { nullable: true, description: "确定的检查日期（检查人员以此为准）" }) agreedDate: string | null;
  @Field(() => [ID], { description: "参与部门" }) participantIds: string[];
  @Field(() => [JointVisitResponseType]) responses: JointVisitResponseType[];
  @Field(() => [ID], {
    description: "本部门部分已办结的部门：已公示检查结果，或已登记不予公示的原因（见 notPublished）",
  })
  publishedBy: string[];
  @Field(() => [JointPartNotPublishedType], { description: "登记了不予公示原因的部门" })
  notPublished: JointPartNotPublishedType[];
  @Field(() => [ID], { description: "尚未答复日期的部门" }) pendingResponses: string[];
  @Field(() => [ID], { description: "尚未公示结果的部门" }) pendingPublications: string[];
  @Field(() => Int, { description: "合并清单的事项数" }) itemsChecked: number;
  entity: JointVisitEntity;

  static from(e: JointVisitEntity, pending: { responses: string[]; publications: string[] }): JointVisitType {
    const state = e.state;
    return Object.assign(new JointVisitType(), {
      id: e.id,
      taskId: e.taskId,
      targetId: e.targetId,
      subjectId: e.subjectId,
      status: e.status as JointVisitStatusEnum,
      proposedDate: e.proposedDate,
      agreedDate: e.agreedDate,
      participantIds: e.participantIds,
      responses: e.participantIds.map((id) => {
        const r = state?.responses[id] ?? { kind: "PENDING" as const };
        return Object.assign(new JointVisitResponseType(), {
          departmentId: id,
          kind: r.kind,
          date: r.kind === "COUNTER_PROPOSED" ? r.date : null,
        });
      }),
      publishedBy: state?.publishedBy ?? [],
      notPublished: Object.entries(state?.notPublished ?? {}).map(([departmentId, reason]) =>
        Object.assign(new JointPartNotPublishedType(), { departmentId, reason }),
      ),
      pendingResponses: pending.responses,
      pendingPublications: pending.publications,
      itemsChecked: e.itemsChecked,
      entity: e,
    });
  }
}

@ObjectType("JointVisitPage")
export class JointVisitPage {
  @Field(() => [JointVisitType]) items: JointVisitType[];
  @Field(() => Int) total: number;
}

@ObjectType("JointSavingsReport", { description: "联合抽查成效（进一次门、查多项事）" })
export class JointSavingsReportType {
  @Field(() => Int, { description: "参与部门数" }) participatingDepartments: number;
  @Field(() => Int, { description: "检查对象数" }) targets: number;
  @Field(() => Int, { description: "联合检查次数" }) visits: number;
  @Field(() => Int, { description: "已完成的联合检查次数" }) visitsDone: number;
  @Field(() => Int, { description: "检查事项数" }) itemsChecked: number;
  @Field(() => Int, { description: "减少的部门上门次数（不合并时的上门次数 − 实际上门次数）" })
  departmentVisitsAvoided: number;

  static from(r: SavingsReport): JointSavingsReportType {
    return Object.assign(new JointSavingsReportType(), r);
  }
}

@ObjectType("JointPlanSavings")
export class JointPlanSavingsType {
  @Field(() => JointPlanType) plan: JointPlanType;
  @Field(() => JointSavingsReportType) report: JointSavingsReportType;
}

@ObjectType("JointDepartmentShare", { description: "部门随机抽查中联合抽查部分的占比" })
export class JointDepartmentShareType {
  @Field(() => TenantType) department: TenantType;
  @Field(() => Int, { description: "随机抽查（本部门抽取及联合抽查中本部门的部分）" }) randomChecks: number;
  @Field(() => Int, { description: "其中联合抽查中本部门的部分" }) jointChecks: number;
  @Field(() => Float, { nullable: true, description: "联合抽查占比" }) jointShare: number | null;
}

@ObjectType("JointRegionReport", { description: "本地区部门联合抽查成效" })
export class JointRegionReportType {
  @Field(() => Int) year: number;
  @Field(() => [JointPlanSavingsType]) plans: JointPlanSavingsType[];
  @Field(() => JointSavingsReportType, { description: "全地区（按检查计算，不重复计数）" })
  region: JointSavingsReportType;
}

@ObjectType("JointDepartmentCount", { description: "部门本年度发起、参与部门联合抽查的次数" })
export class JointDepartmentCountType {
  @Field(() => TenantType) department: TenantType;
  @Field(() => Int, { description: "发起次数" }) initiated: number;
  @Field(() => Int, { description: "参与次数（不含本部门发起的）" }) joined: number;
  @Field(() => Int, { description: "本年度本部门检查结果已公示的联合抽查次数（只受邀、未公示的不计）" })
  published: number;
  @Field({ description: "是否已完成每年至少一次部门联合抽查（以本部门结果已公示的为准）" }) meetsRequirement: boolean;
}

@ObjectType("JointOverlapTask")
export class JointOverlapTaskType {
  @Field(() => ID) taskId: string;
  @Field(() => ID) departmentId: string;
  @Field() windowFrom: string;
  @Field() windowTo: string;
}

@ObjectType("JointOverlapCandidate", { description: "重复检查线索：多个部门各自抽中同一对象且期限重叠" })
export class JointOverlapCandidateType {
  @Field(() => ID) subjectId: string;
  @Field(() => [ID]) departmentIds: string[];
  @Field(() => [JointOverlapTaskType]) tasks: JointOverlapTaskType[];
  @Field({ description: "建议的共同检查期限（起）" }) windowFrom: string;
  @Field({ description: "建议的共同检查期限（止）" }) windowTo: string;
  @Field(() => Int, { description: "合并可减少的上门次数" }) visitsAvoided: number;
}
