import { In } from "typeorm";
import { defineLoader } from "../../context/loaders";
import { ctx, currentTenantId } from "../../context/request-context";
import { ResultCodeEntity, ResultCodeMappingEntity } from "../../entities/inspection/inspection-result.entity";
import { badInput, conflict } from "../../errors";
import { audit } from "../audit/audit.service";

/** Every code of the table (shared and each department's own), once per request. */
const tableLoader = defineLoader<"all", ResultCodeEntity[]>("result-code-table", async (m, keys) => {
  const rows = await m.find(ResultCodeEntity, { order: { sortOrder: "ASC", code: "ASC" } });
  return keys.map(() => rows);
});

const CODE = /^[A-Z][A-Z_]{1,39}$/;
const PROVINCIAL = /^[0-9A-Za-z._-]{1,40}$/;

/**
 * 检查结果类别代码表: the shared codes in the provincial platform's usual order, plus the codes a department adds for
 * itself (e.g. 已迁出). Each department maps its usable codes 1:1 to the provincial platform's result codes; the
 * export feed carries the mapped code. The table is the one source of a code's name and of whether it is a problem.
 */
export const resultCodeTable = {
  all: () => tableLoader().load("all"),

  /** The codes a department may use: the shared ones and its own. */
  async usableBy(tenantId: string | null): Promise<ResultCodeEntity[]> {
    return (await this.all()).filter((c) => c.tenantId === null || c.tenantId === tenantId);
  },

  async find(code: string): Promise<ResultCodeEntity | null> {
    return (await this.all()).find((c) => c.code === code) ?? null;
  },

  async name(code: string): Promise<string> {
    return (await this.find(code))?.name ?? code;
  },

  async isProblem(code: string): Promise<boolean> {
    return (await this.find(code))?.problemFound ?? false;
  },

  /** tenant → code → provincial code, for the given departments (mappings are public). */
  async mappings(tenantIds: string[]): Promise<Map<string, Map<string, string>>> {
    const rows = tenantIds.length
      ? await ctx().manager.find(ResultCodeMappingEntity, { where: { tenantId: In([...new Set(tenantIds)]) } })
      : [];
    const out = new Map<string, Map<string, string>>();
    for (const r of rows) {
      if (!out.has(r.tenantId)) out.set(r.tenantId, new Map());
      out.get(r.tenantId)!.set(r.code, r.provincialCode);
    }
    return out;
  },

  /** The department ADMIN adds a code of its own with its provincial mapping. */
  async add(input: { code: string; name: string; problemFound: boolean; provincialCode: string }): Promise<void> {
    const code = input.code.trim().toUpperCase();
    const name = input.name.trim();
    if (!CODE.test(code)) throw badInput("code", "结果代码须为 2–40 个大写字母或下划线，以字母开头");
    if (name.length < 2 || name.length > 60) throw badInput("name", "结果类别名称须为 2–60 个字符");
    const all = await this.all();
    if (all.some((c) => c.code === code)) throw conflict("该结果代码已被使用，请换一个代码", { field: "code" });
    if (all.some((c) => c.name === name && (c.tenantId === null || c.tenantId === currentTenantId())))
      throw conflict("已有同名的结果类别", { field: "name" });
    const { manager } = ctx();
    await manager.insert(ResultCodeEntity, {
      code,
      name,
      problemFound: input.problemFound,
      sortOrder: 1000 + all.filter((c) => c.tenantId === currentTenantId()).length,
      tenantId: currentTenantId(),
    });
    tableLoader().clearAll();
    await audit.record({
      action: "result_code.add",
      entityType: "result_code",
      entityId: null,
      summary: { code, name, problemFound: input.problemFound },
    });
    await this.map(code, input.provincialCode);
  },

  /** Sets a usable code's provincial code; one provincial code stands for one code of the department (1:1). */
  async map(code: string, provincialCode: string): Promise<void> {
    const provincial = provincialCode.trim();
    if (!PROVINCIAL.test(provincial))
      throw badInput("provincialCode", "省级平台代码须为 1–40 个字母、数字、点、下划线或连字符");
    if (!(await this.usableBy(currentTenantId())).some((c) => c.code === code))
      throw badInput("code", "结果类别代码不存在");
    const { manager } = ctx();
    const taken = await manager.findOne(ResultCodeMappingEntity, {
      where: { tenantId: currentTenantId(), provincialCode: provincial },
    });
    if (taken && taken.code !== code)
      throw conflict(`省级平台代码 ${provincial} 已映射到“${await this.name(taken.code)}”，须一一对应`, {
        field: "provincialCode",
      });
    await manager.query(
      `INSERT INTO result_code_mapping (tenant_id, code, provincial_code) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, code) DO UPDATE SET provincial_code = EXCLUDED.provincial_code`,
      [currentTenantId(), code, provincial],
    );
    await audit.record({
      action: "result_code.map",
      entityType: "result_code_mapping",
      entityId: null,
      summary: { code, provincialCode: provincial },
    });
  },
};
