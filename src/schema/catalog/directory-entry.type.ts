import { Field, ID, Int, ObjectType } from "type-graphql";
import { COUNT_CAP } from "../../domain/paging";
import type { DirectoryEntryEntity } from "../../entities/catalog/directory-entry.entity";
import { edgeType, PageInfoType } from "../pagination";

/** A subject's entry in this department's 检查对象名录库. */
@ObjectType("DirectoryEntry", { description: "检查对象名录库条目（本部门）" })
export class DirectoryEntryType {
  @Field(() => ID) id: string;
  subjectId: string;
  @Field(() => String, { nullable: true, description: "本部门的风险/信用分类（A/B/C/D 或本部门自定）" })
  riskClass: string | null;
  @Field(() => String, { nullable: true, description: "分类来源" }) riskSource: string | null;
  @Field(() => String, { nullable: true, description: "分类评定日期" }) riskAssessedOn: string | null;
  @Field(() => [String], { description: "行业标签" }) tags: string[];
  @Field(() => [String], { description: "子库" }) subLibraries: string[];
  @Field(() => String, { nullable: true, description: "纳入监管日期" }) supervisedSince: string | null;
  @Field(() => String, { nullable: true }) notes: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;

  static from(e: DirectoryEntryEntity): DirectoryEntryType {
    const { tenantId: _t, ...rest } = e;
    return Object.assign(new DirectoryEntryType(), rest);
  }
}

const DirectoryEntryEdge = edgeType("DirectoryEntryEdge", DirectoryEntryType);

@ObjectType("DirectoryEntryPage", { description: "名录库列表（也是 Relay connection：edges + pageInfo）" })
export class DirectoryEntryPage {
  @Field(() => [DirectoryEntryType]) items: DirectoryEntryType[];
  @Field(() => Int) total: number;
  @Field({ description: `total 为估计值：超过 ${COUNT_CAP.toLocaleString("en-US")} 条时按统计信息估计，不再逐条计数` })
  totalIsEstimate: boolean;
  @Field(() => [DirectoryEntryEdge]) edges: Array<InstanceType<typeof DirectoryEntryEdge>>;
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}
