import { isIsoDate } from "../../calendar";
import { ctx } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import {
  ResultPublicationEntity as Publication,
  type ResultPublicationEntity,
} from "../../entities/inspection/inspection-result.entity";
import { badInput } from "../../errors";
import { writeCsv } from "../../exchange";
import { type KeysetPage, keysetPage, type PageRequest } from "../shared/keyset.query";
import { escapeLike } from "../shared/like.query";

export interface PublicationFilter {
  subjectName?: string | null;
  creditCode?: string | null;
  departmentId?: string | null;
  inspectedFrom?: string | null;
  inspectedTo?: string | null;
  categoryCode?: string | null;
  /** Include superseded versions (the export feed does; the search shows current versions). */
  includeSuperseded?: boolean;
}

/**
 * 一公开: published results for everyone (anonymous callers included). Only the redacted snapshots in
 * result_publication are read, never the department's internal result rows.
 */
export const publicationService = {
  /** Newest first; a name fragment uses the bigram index (the read policy is `true`, so no security qual). */
  async search(f: PublicationFilter, page: PageRequest): Promise<KeysetPage<ResultPublicationEntity>> {
    const { manager } = ctx();
    const qb = manager.createQueryBuilder(Publication, "p");
    if (!f.includeSuperseded) qb.andWhere("p.superseded_at IS NULL");
    if (f.subjectName?.trim())
      qb.andWhere("public.jc_bigrams(p.subject_name) @> public.jc_bigrams(:bigrams) AND p.subject_name ILIKE :name", {
        bigrams: f.subjectName.trim(),
        name: `%${escapeLike(f.subjectName.trim())}%`,
      });
    if (f.creditCode?.trim()) qb.andWhere("p.credit_code = :cc", { cc: f.creditCode.trim().toUpperCase() });
    // A department id that is not a uuid matches nothing (an empty page, not an error).
    if (f.departmentId) qb.andWhere(isUuid(f.departmentId) ? "p.tenant_id = :t" : "false", { t: f.departmentId });
    for (const [k, op] of [
      ["inspectedFrom", ">="],
      ["inspectedTo", "<="],
    ] as const) {
      const v = f[k];
      if (v === undefined || v === null) continue;
      if (!isIsoDate(v)) throw badInput(k, "日期应为 YYYY-MM-DD 格式");
      qb.andWhere(`p.inspected_on ${op} :${k}`, { [k]: v });
    }
    if (f.categoryCode) qb.andWhere("p.category_code = :cat", { cat: f.categoryCode });
    return keysetPage(manager, qb, page, ["p.published_at", "p.id"], "DESC");
  },

  /** Every version of a published result (publication and correction history), oldest first. */
  async history(resultId: string): Promise<ResultPublicationEntity[]> {
    return ctx().manager.find(Publication, { where: { resultId }, order: { version: "ASC" } });
  },

  /**
   * The export feed (docs/EXCHANGE.md, "Published results feed"): all versions, so a receiving system can replay
   * publications and corrections in order.
   */
  async exportFeed(f: PublicationFilter, format: "JSON" | "CSV", limit: number) {
    const { rows } = await publicationService.search({ ...f, includeSuperseded: true }, { limit, offset: 0 });
    rows.sort((a, b) => a.resultId.localeCompare(b.resultId) || a.version - b.version);
    const records = rows.map(feedRecord);
    if (format === "JSON")
      return {
        fileName: "published-results.json",
        mimeType: "application/json",
        content: Buffer.from(JSON.stringify({ format: "jointcheck-results-v1", records }, null, 2)),
      };
    const header = [
      "结果编号",
      "版本",
      "市场主体名称",
      "统一社会信用代码",
      "抽查部门",
      "抽查任务",
      "检查日期",
      "检查结果代码",
      "检查结果",
      "存在问题",
      "处理情况",
      "检查人员",
      "公示时间",
      "更正原因",
      "更正字段",
      "已被更正",
      "不予公开说明",
      "省级平台结果代码",
    ];
    const body = records.map((r) => [
      r.resultId,
      String(r.version),
      r.subjectName,
      r.creditCode ?? "",
      r.departmentName,
      r.taskName,
      r.inspectedOn,
      r.categoryCode,
      r.categoryName,
      r.problems ?? "",
      r.handling ?? "",
      r.inspectors.map((i) => `${i.name}（${i.certificateNo}）`).join("、"),
      r.publishedAt,
      r.correctionReason ?? "",
      (r.changes ?? []).join("、"),
      r.supersededAt ? "是" : "否",
      r.withheld.map((w) => `${w.field}：${w.note}`).join("；"),
      r.provincialCode ?? "",
    ]);
    return { fileName: "published-results.csv", mimeType: "text/csv", content: writeCsv([header, ...body]) };
  },
};

function feedRecord(p: ResultPublicationEntity) {
  return {
    resultId: p.resultId,
    version: p.version,
    ...p.content,
    provincialCode: p.content.provincialCode ?? null,
    publishedAt: p.publishedAt.toISOString(),
    correctionReason: p.correctionReason,
    changes: p.changes,
    supersededAt: p.supersededAt?.toISOString() ?? null,
  };
}
