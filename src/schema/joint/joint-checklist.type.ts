import { Field, ID, Int, ObjectType } from "type-graphql";
import { formatLegalBasis, type LegalBasis, type MergedChecklist } from "../../joint";

@ObjectType("JointChecklistLegalBasis", { description: "检查依据（一条引用）" })
export class JointChecklistLegalBasisType {
  @Field({ description: "效力层级：法律 / 行政法规 / 部门规章 / 地方性法规" }) kind: string;
  @Field({ description: "名称" }) title: string;
  @Field(() => [String], { description: "条款" }) articles: string[];
  @Field({ description: "打印格式，如《粮食流通管理条例》第十七条" }) citation: string;

  static from(b: LegalBasis): JointChecklistLegalBasisType {
    return Object.assign(new JointChecklistLegalBasisType(), {
      kind: b.kind,
      title: b.title,
      articles: [...b.articles],
      citation: formatLegalBasis(b),
    });
  }
}

@ObjectType("JointChecklistOwner", { description: "承担该事项的部门及其本部门事项（各自录入、各自公示）" })
export class JointChecklistOwnerType {
  @Field(() => ID) departmentId: string;
  @Field() departmentName: string;
  @Field(() => ID) itemId: string;
  @Field({ description: "本部门抽查事项编码" }) itemCode: string;
}

@ObjectType("JointChecklistLine", { description: "合并检查清单的一行：同一事项只查一次，注明各承担部门" })
export class JointChecklistLineType {
  @Field(() => Int, { description: "序号" }) lineNo: number;
  @Field({ description: "行标识（各事项编号排序后以 + 连接），与位置无关" }) key: string;
  @Field({ description: "抽查类别" }) category: string;
  @Field({ description: "抽查事项" }) name: string;
  @Field({ description: "抽查内容（各部门表述不同时逐条列出）" }) content: string;
  @Field(() => [String], { description: "检查方式" }) methods: string[];
  @Field(() => [JointChecklistLegalBasisType], { description: "检查依据" }) legalBasis: JointChecklistLegalBasisType[];
  @Field(() => [ID], { description: "部门联合抽查事项清单条目" }) jointEntryIds: string[];
  @Field(() => [JointChecklistOwnerType], { description: "承担部门（第一个决定本行位置）" })
  owners: JointChecklistOwnerType[];
}

@ObjectType("JointChecklistDepartment")
export class JointChecklistDepartmentType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() code: string;
}

@ObjectType("JointChecklistCounts")
export class JointChecklistCountsType {
  @Field(() => Int, { description: "各部门提供的事项数" }) itemsContributed: number;
  @Field(() => Int, { description: "清单行数" }) lines: number;
  @Field(() => Int, { description: "因同一事项合并而少查的事项数" }) duplicatesAvoided: number;
}

@ObjectType("JointChecklist", { description: "合并检查清单（发起部门在前，其余按部门代码；事项按编码）" })
export class JointChecklistType {
  @Field(() => ID) initiatingDepartmentId: string;
  @Field(() => [JointChecklistDepartmentType]) departments: JointChecklistDepartmentType[];
  @Field(() => [JointChecklistLineType]) lines: JointChecklistLineType[];
  @Field(() => JointChecklistCountsType) counts: JointChecklistCountsType;

  static from(c: MergedChecklist): JointChecklistType {
    return Object.assign(new JointChecklistType(), {
      initiatingDepartmentId: c.initiatingDepartmentId,
      departments: c.departments.map((d) => Object.assign(new JointChecklistDepartmentType(), d)),
      lines: c.lines.map((l) =>
        Object.assign(new JointChecklistLineType(), {
          ...l,
          methods: [...l.methods],
          jointEntryIds: [...l.jointEntryIds],
          legalBasis: l.legalBasis.map(JointChecklistLegalBasisType.from),
          owners: l.owners.map((o) => Object.assign(new JointChecklistOwnerType(), o)),
        }),
      ),
      counts: Object.assign(new JointChecklistCountsType(), c.counts),
    });
  }
}
