import { Client } from "pg";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { creditCodeCheckCharacter } from "../../src/domain/credit-code";

/** A valid 统一社会信用代码 for test subject n (region 150821, organisation code from n). */
export function testCreditCode(n: number): string {
  const first17 = `9115082${String(n).padStart(10, "0")}`.slice(0, 17);
  return first17 + creditCodeCheckCharacter(first17);
}

export interface DirectoryFixture {
  tenantCode: string;
  /** Subjects per tag, each with a risk class cycling through `riskClasses`. */
  subjects: Array<{ tag: string; count: number; riskClasses?: string[]; status?: string }>;
  inspectors: number;
  categories: string[];
  items: Array<{
    code: string;
    name: string;
    itemClass: "KEY" | "GENERAL";
    ratioCap?: number;
    requiredCategories?: string[];
  }>;
  /** Offset for credit codes, so fixtures in one database never collide. */
  codeOffset?: number;
}

export interface DirectoryIds {
  tenantId: string;
  itemIds: Record<string, string>;
  subjectIds: string[];
  inspectorIds: string[];
}

/**
 * Writes a department's 一单两库 directly as the owner (FORCE RLS still applies: the tenant and ADMIN role are set
 * first): a published item list, subjects with directory entries, and inspectors.
 */
export async function seedDirectory(ownerUrl: string, f: DirectoryFixture): Promise<DirectoryIds> {
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const [{ id: tenantId }] = (await c.query(`SELECT id FROM tenant WHERE code = $1`, [f.tenantCode])).rows;
    await c.query(...transactionSettings(tenantId, "", "ADMIN"));
    const next = (
      await c.query(`SELECT coalesce(max(version_no), 0) + 1 AS n FROM item_list_version WHERE tenant_id = $1`, [
        tenantId,
      ])
    ).rows[0].n;
    const [{ id: versionId }] = (
      await c.query(`INSERT INTO item_list_version (tenant_id, version_no) VALUES ($1, $2) RETURNING id`, [
        tenantId,
        next,
      ])
    ).rows;
    const itemIds: Record<string, string> = {};
    for (const item of f.items) {
      const r = await c.query(
        `INSERT INTO check_item (tenant_id, list_version_id, code, category, name, content, methods, item_class, ratio_cap, required_categories, initiating_tenant_id, legal_basis)
         VALUES ($1, $2, $3, '行政检查', $4, $4, '{ON_SITE}', $5, $6, $7, $1, $8) RETURNING id`,
        [
          tenantId,
          versionId,
          item.code,
          item.name,
          item.itemClass,
          item.ratioCap ?? null,
          item.requiredCategories ?? [],
          JSON.stringify([{ kind: "LAW", title: "中华人民共和国石油天然气管道保护法", articles: "第五条" }]),
        ],
      );
      itemIds[item.code] = r.rows[0].id;
    }
    await c.query(
      `UPDATE item_list_version SET status = 'PUBLISHED', effective_date = current_date, published_at = now() WHERE id = $1`,
      [versionId],
    );
    const subjectIds: string[] = [];
    let n = f.codeOffset ?? 0;
    for (const group of f.subjects) {
      for (let i = 0; i < group.count; i++) {
        n++;
        const risk = group.riskClasses ? group.riskClasses[i % group.riskClasses.length] : null;
        const s = await c.query(
          `INSERT INTO subject (kind, name, credit_code, region_code, industry_code, status)
           VALUES ('ENTERPRISE', $1, $2, '150821', 'G57', $3) RETURNING id`,
          [`${group.tag}测试企业${n}号`, testCreditCode(n), group.status ?? "ACTIVE"],
        );
        subjectIds.push(s.rows[0].id);
        await c.query(`INSERT INTO directory_entry (tenant_id, subject_id, risk_class, tags) VALUES ($1, $2, $3, $4)`, [
          tenantId,
          s.rows[0].id,
          risk,
          [group.tag],
        ]);
      }
    }
    const inspectorIds: string[] = [];
    for (let i = 0; i < f.inspectors; i++) {
      const r = await c.query(
        `INSERT INTO inspector (tenant_id, name, certificate_no, enforcement_categories, leader_eligible)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [tenantId, `测试检查员${i + 1}`, `T${n}-${String(i + 1).padStart(4, "0")}`, f.categories, i % 2 === 0],
      );
      inspectorIds.push(r.rows[0].id);
    }
    await c.query("COMMIT");
    return { tenantId, itemIds, subjectIds, inspectorIds };
  } catch (e) {
    await c.query("ROLLBACK");
    throw e;
  } finally {
    await c.end();
  }
}
