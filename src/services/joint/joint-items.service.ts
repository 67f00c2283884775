import { ctx } from "../../context/request-context";
import { CHECK_METHODS, LEGAL_BASIS_KINDS } from "../../domain/catalog/code-tables";
import { isUuid } from "../../domain/ids";
import { badInput } from "../../errors";
import type { CheckItem, LegalBasis, LegalBasisKind } from "../../joint";

export interface ContributedItems {
  /** The department's published check items (a joint entry counts as its item). */
  itemIds: string[];
  jointEntryIds: string[];
  requiredCategories: string[];
}

/**
 * Items a department contributes to a joint task: ids of its own published check items (随机抽查事项清单), or ids of
 * joint item list entries (部门联合随机抽查事项清单) that reference its published items. Published items and the
 * joint list are readable by every signed-in department, so the coordinator can check a suggestion too.
 */
export async function resolveContributedItems(
  departmentId: string,
  ids: string[],
  field: string,
): Promise<ContributedItems> {
  const unique = [...new Set(ids)];
  if (!unique.every(isUuid)) throw badInput(field, "抽查事项编号格式不正确");
  if (!unique.length) return { itemIds: [], jointEntryIds: [], requiredCategories: [] };
  const rows: Array<{ ref: string; item_id: string; entry_id: string | null; required_categories: string[] }> =
    await ctx().manager.query(
      `SELECT ci.id AS ref, ci.id AS item_id, NULL::uuid AS entry_id, ci.required_categories
         FROM check_item ci JOIN item_list_version v ON v.id = ci.list_version_id
        WHERE ci.id = ANY ($1) AND ci.tenant_id = $2 AND v.status = 'PUBLISHED'
       UNION ALL
       SELECT e.id, ci.id, e.id, ci.required_categories
         FROM joint_item_entry e JOIN check_item ci ON ci.id = e.check_item_id
         JOIN item_list_version v ON v.id = ci.list_version_id
        WHERE e.id = ANY ($1) AND e.department_tenant_id = $2 AND v.status = 'PUBLISHED'`,
      [unique, departmentId],
    );
  if (rows.length !== unique.length)
    throw badInput(field, "所选事项必须是该部门已公布清单中的抽查事项，或部门联合抽查事项清单中属于该部门的条目");
  return {
    itemIds: [...new Set(rows.map((r) => r.item_id))],
    jointEntryIds: rows.flatMap((r) => (r.entry_id ? [r.entry_id] : [])),
    requiredCategories: [...new Set(rows.flatMap((r) => r.required_categories))].sort(),
  };
}

/** Published check items as the joint module sees them (labels in Chinese, citations split into articles). */
export async function checkItemsForChecklist(ids: string[]): Promise<CheckItem[]> {
  if (!ids.length) return [];
  const rows: Array<{
    id: string;
    tenant_id: string;
    code: string;
    category: string;
    name: string;
    content: string;
    methods: string[];
    legal_basis: Array<{ kind: string; title: string; articles: string }>;
    target_kinds: string[];
    target_industry_codes: string[];
  }> = await ctx().manager.query(
    `SELECT id, tenant_id, code, category, name, content, methods, legal_basis, target_kinds, target_industry_codes
       FROM check_item WHERE id = ANY ($1)`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    departmentId: r.tenant_id,
    code: r.code,
    category: r.category,
    name: r.name,
    content: r.content,
    methods: r.methods.map((m) => CHECK_METHODS[m as keyof typeof CHECK_METHODS] ?? m),
    legalBasis: r.legal_basis.map(
      (b): LegalBasis => ({
        kind: (LEGAL_BASIS_KINDS[b.kind as keyof typeof LEGAL_BASIS_KINDS] ?? "法律") as LegalBasisKind,
        title: b.title,
        articles: (b.articles ?? "").split(/[、，,\s]+/).filter(Boolean),
      }),
    ),
    jointEntryId: null,
    targetKinds: r.target_kinds,
    targetIndustryCodes: r.target_industry_codes,
  }));
}

/** The coordinator's declared equivalences among these items: joint list entries sharing an equivalence key. */
export async function jointEquivalences(coordinatorId: string, itemIds: string[]): Promise<string[][]> {
  if (!itemIds.length) return [];
  const rows: Array<{ ids: string[] }> = await ctx().manager.query(
    `SELECT array_agg(DISTINCT check_item_id ORDER BY check_item_id) AS ids FROM joint_item_entry
      WHERE tenant_id = $1 AND check_item_id = ANY ($2) GROUP BY equivalence_key HAVING count(DISTINCT check_item_id) > 1`,
    [coordinatorId, itemIds],
  );
  return rows.map((r) => r.ids);
}
