import { IsNull } from "typeorm";
import { ctx } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { CreditRecordEntity, type CreditRecordKind } from "../../entities/county/credit-record.entity";
import type { FollowUpEntity } from "../../entities/inspection/follow-up.entity";
import type { ResultPublicationEntity } from "../../entities/inspection/inspection-result.entity";
import { chinaDate, chinaToday, now } from "../../time";
import { resultCodeTable } from "../inspection/result-codes.service";

async function write(
  row: Pick<CreditRecordEntity, "tenantId" | "subjectId" | "kind" | "basis" | "recordedOn"> &
    Partial<Pick<CreditRecordEntity, "sourcePublicationId" | "sourceFollowUpId">>,
): Promise<void> {
  const m = ctx().manager;
  await m.save(m.create(CreditRecordEntity, { sourcePublicationId: null, sourceFollowUpId: null, ...row }));
}

/**
 * 信用记录: written as a side effect of the acts that make a credit fact public, never entered by hand — a result
 * published (or corrected) with a problem category, a 列入经营异常名录 follow-up, a 行政处罚 whose publication is
 * recorded. A correction supersedes the entry of the version it replaces.
 */
export const creditRecords = {
  async afterPublication(pub: ResultPublicationEntity, subjectId: string, replaced?: string): Promise<void> {
    if (replaced)
      await ctx().manager.update(
        CreditRecordEntity,
        { sourcePublicationId: replaced, supersededAt: IsNull() },
        { supersededAt: now() },
      );
    if (!(await resultCodeTable.isProblem(pub.categoryCode))) return;
    await write({
      tenantId: pub.tenantId,
      subjectId,
      kind: "INSPECTION_PROBLEM",
      basis: `双随机抽查结果：${await resultCodeTable.name(pub.categoryCode)}（检查日期 ${pub.inspectedOn}）`,
      recordedOn: chinaDate(pub.publishedAt),
      sourcePublicationId: pub.id,
    });
  },

  async afterFollowUp(f: FollowUpEntity, kind: Extract<CreditRecordKind, "ABNORMAL_LIST" | "ADMINISTRATIVE_PENALTY">) {
    const basis =
      kind === "ABNORMAL_LIST"
        ? `列入经营异常名录或严重违法失信名单${f.description ? `：${f.description}` : ""}`
        : `行政处罚（${f.caseNumber ?? ""}）：${f.penaltyDecision ?? ""}`;
    await write({
      tenantId: f.tenantId,
      subjectId: f.subjectId,
      kind,
      basis: basis.slice(0, 500),
      recordedOn: kind === "ADMINISTRATIVE_PENALTY" ? (f.penaltyPublishedOn ?? chinaToday()) : chinaToday(),
      sourceFollowUpId: f.id,
    });
  },

  /** A subject's entries, newest first (superseded ones included, marked). */
  async forSubject(subjectId: string): Promise<CreditRecordEntity[]> {
    if (!isUuid(subjectId)) return [];
    return ctx().manager.find(CreditRecordEntity, {
      where: { subjectId },
      order: { recordedOn: "DESC", createdAt: "DESC" },
      take: 500,
    });
  },
};
