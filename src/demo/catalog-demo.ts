import type { Client } from "pg";
import { transactionSettings } from "../db/tenant-transaction";
import { idNumberLast4 } from "../domain/id-number";
import { idNumberHash } from "../services/catalog/id-number-hash.service";
import { demoIdNumber, demoPersonName, demoSubjects, prng } from "./demo-subjects";
import { DEMO_DEPARTMENTS } from "./departments";
import { DEMO_ITEM_LISTS } from "./sample-items";

/** Enforcement categories per department (执法类别), used by inspectors and the items' requirements. */
const CATEGORIES: Record<string, string[]> = {
  "wy-samr": ["市场监管", "食品安全"],
  "wy-health": ["卫生健康"],
  "wy-emerg": ["应急管理", "安全生产"],
  "wy-tax": ["税务"],
  "wy-edu": ["教育"],
  "wy-trans": ["交通运输"],
  "wy-water": ["水利"],
  "wy-justice": ["司法行政"],
  "wy-drc": ["发展改革"],
  "wy-fire": ["消防"],
  "wy-hesheng": ["综合行政执法"],
};

const EXPERTISE = ["现场检查", "财务核查", "法律文书", "设备安全", "食品检验", "信息化", "统计分析"];

async function as(c: Client, tenantId: string, userId: string) {
  await c.query(...transactionSettings(tenantId, userId, "ADMIN"));
}

/**
 * 一单两库 of the demo region: published item lists of wy-health, wy-justice and wy-drc, about 345 shared subjects
 * with directory entries across departments, and 6–8 inspectors per department (inspector1/inspector2 linked).
 * Set-based inserts (one statement per table and department) keep the template build fast.
 */
export async function loadCatalogDemo(c: Client): Promise<void> {
  const { rows: tenants } = await c.query<{ id: string; code: string; name: string }>(
    "SELECT id, code, name FROM tenant",
  );
  const byCode = new Map(tenants.map((t) => [t.code, t]));
  const byName = new Map(tenants.map((t) => [t.name, t]));
  const users = new Map<string, Map<string, string>>();
  for (const d of DEMO_DEPARTMENTS) {
    const t = byCode.get(d.code);
    if (!t) continue;
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [t.id]);
    const { rows } = await c.query<{ id: string; username: string }>(
      "SELECT id, username FROM app_user WHERE tenant_id = $1",
      [t.id],
    );
    users.set(d.code, new Map(rows.map((u) => [u.username, u.id])));
  }
  const adminOf = (code: string) => users.get(code)?.get("admin") as string;
  const samr = byCode.get("wy-samr");
  if (!samr) return;

  // Shared subjects (written once, under one department's ADMIN as the directory services would).
  const subjects = demoSubjects();
  await as(c, samr.id, adminOf("wy-samr"));
  const cols = [
    "kind",
    "name",
    "creditCode",
    "legalRepresentative",
    "address",
    "regionCode",
    "industryCode",
    "status",
    "abnormalListSince",
    "blacklistSince",
  ] as const;
  // The registry's trigger keeps the history (migration 0040), status changes included, under this note.
  await c.query("SELECT set_config('app.change_note', '演示数据', true)");
  const { rows: inserted } = await c.query<{ id: string; name: string; status: string }>(
    `INSERT INTO subject (kind, name, credit_code, legal_representative, address, region_code, industry_code, status,
       abnormal_list_since, blacklist_since)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::date[], $10::date[])
     RETURNING id, name, status`,
    cols.map((k) => subjects.map((s) => s.record[k])),
  );
  await c.query("SELECT set_config('app.change_note', '', true)");
  const subjectId = new Map(inserted.map((r) => [r.name, r.id]));
  const inactive = inserted.filter((r) => r.status !== "ACTIVE");
  await c.query(
    `INSERT INTO subject_status_history (subject_id, status, changed_at, changed_by_tenant_id, note)
     SELECT unnest($1::uuid[]), unnest($2::text[]), now(), $3, '演示数据'`,
    [inactive.map((r) => r.id), inactive.map((r) => r.status), samr.id],
  );

  for (const d of DEMO_DEPARTMENTS) {
    const t = byCode.get(d.code);
    if (!t) continue;
    await as(c, t.id, adminOf(d.code));
    const mine = subjects.filter((s) => s.departments.includes(d.code));
    if (mine.length)
      await c.query(
        `INSERT INTO directory_entry (tenant_id, subject_id, risk_class, risk_source, risk_assessed_on, tags, supervised_since)
         SELECT $1, unnest($2::uuid[]), unnest($3::text[]), '部门信用风险分类', '2025-01-15', ARRAY[unnest($4::text[])], '2023-01-01'`,
        [
          t.id,
          mine.map((s) => subjectId.get(s.record.name)),
          mine.map((s) => s.record.riskClass),
          mine.map((s) => s.record.tags[0]),
        ],
      );
    await insertInspectors(c, d.code, t.id, users.get(d.code) ?? new Map());
    const items = DEMO_ITEM_LISTS[d.code];
    if (items) await publishList(c, t.id, adminOf(d.code), items, (name) => byName.get(name)?.id ?? t.id);
  }
}

async function insertInspectors(c: Client, code: string, tenantId: string, users: Map<string, string>) {
  const rand = prng(code.split("").reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7));
  const count = code === "wy-samr" || code === "wy-health" ? 8 : 6;
  const categories = CATEGORIES[code] ?? ["综合行政执法"];
  const rows = Array.from({ length: count }, (_, i) => {
    const id = demoIdNumber(rand);
    const linked = i === 0 ? users.get("inspector1") : i === 1 ? users.get("inspector2") : undefined;
    return {
      name: i === 0 ? "检查员甲" : i === 1 ? "检查员乙" : demoPersonName(rand),
      gender: rand() < 0.5 ? "MALE" : "FEMALE",
      hash: idNumberHash(id),
      last4: idNumberLast4(id),
      certificate: `15082100${String(DEMO_CODES.indexOf(code) + 1).padStart(2, "0")}${String(i + 1).padStart(3, "0")}`,
      categories: `{${categories.join(",")}}`,
      post: i === count - 1 ? "NON_ENFORCEMENT" : "ENFORCEMENT",
      position: i === 2 ? "科长" : "科员",
      expertise: `{${EXPERTISE[i % EXPERTISE.length]}}`,
      status: i === count - 2 ? "ON_LEAVE" : "ON_DUTY",
      userId: linked ?? null,
      leader: i < count - 1,
    };
  });
  for (const r of rows)
    await c.query(
      `INSERT INTO inspector (tenant_id, name, gender, id_number_hash, id_number_last4, certificate_no, enforcement_categories,
         post, position, expertise, region_code, status, status_since, user_id, leader_eligible)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '150821', $11, '2024-01-01', $12, $13)`,
      [
        tenantId,
        r.name,
        r.gender,
        r.hash,
        r.last4,
        r.certificate,
        r.categories,
        r.post,
        r.position,
        r.expertise,
        r.status,
        r.userId,
        r.leader,
      ],
    );
}

const DEMO_CODES = DEMO_DEPARTMENTS.map((d) => d.code);

async function publishList(
  c: Client,
  tenantId: string,
  adminId: string,
  items: (typeof DEMO_ITEM_LISTS)[string],
  tenantIdOf: (name: string) => string,
) {
  const { rows } = await c.query<{ id: string }>(
    "INSERT INTO item_list_version (tenant_id, version_no, status, draft_changed_at) VALUES ($1, 1, 'DRAFT', now()) RETURNING id",
    [tenantId],
  );
  const versionId = rows[0].id;
  for (const [i, it] of items.entries())
    await c.query(
      `INSERT INTO check_item (tenant_id, list_version_id, code, category, name, content, methods, legal_basis, target_kinds,
         target_description, item_class, ratio_cap, default_ratio, frequency, required_categories, initiating_tenant_id,
         cooperating_tenant_ids, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        tenantId,
        versionId,
        it.code,
        it.category,
        it.name,
        it.content,
        it.methods,
        JSON.stringify(it.legalBasis),
        it.targetKinds,
        it.targetDescription,
        it.itemClass,
        it.ratioCap,
        it.defaultRatio,
        it.frequency,
        it.requiredCategories,
        tenantIdOf(it.initiatingDepartment ?? ""),
        it.cooperatingDepartments.map(tenantIdOf),
        i + 1,
      ],
    );
  await c.query(
    `UPDATE item_list_version SET status = 'PUBLISHED', effective_date = '2025-01-01', published_at = now(),
       published_by = $2 WHERE id = $1`,
    [versionId, adminId],
  );
}
