import type { Client } from "pg";
import { DEMO_DEPARTMENTS } from "./departments";

/** 达拉特旗 (150621, 鄂尔多斯市): the second demo region, with its coordinator on the platform. */
export const DALAD_REGION = "150621";
export const DALAD_COORDINATOR = {
  code: "dlt-samr",
  name: "达拉特旗市场监督管理局",
  kind: "COUNTY_BUREAU" as const,
  isCoordinator: true,
};

/**
 * Seed 001 附件1 (成员组成): the 29 member units of 达拉特旗's joint meeting, in the document's order, each with its
 * 成员 from 附件2 (name and post; the typesetting spaces in two-character names and the line break inside
 * "达拉特旗分中心" removed). 附件2 names no member for 旗科技局 and 旗交通运输局; it names 赵永峰 (旗烟草专卖局局长),
 * whose bureau is not one of the 29 units, so he is not loaded (docs/COUNTY.md).
 */
export const DALAD_MEMBER_UNITS: ReadonlyArray<{ name: string; representative: string; coordinator?: true }> = [
  { name: "旗发改委", representative: "王小径（旗发展和改革委员会副主任）" },
  { name: "旗司法局", representative: "崔鑫（旗司法局副局长）" },
  { name: "旗市场监管局", representative: "李俊峰（旗市场监督管理局局长，召集人）", coordinator: true },
  { name: "旗教体局", representative: "王瑞隆（旗教育体育局副局长）" },
  { name: "旗科技局", representative: "" },
  { name: "旗公安局", representative: "杨文鑫（旗公安局副局长）" },
  { name: "旗民政局", representative: "赵志刚（旗民政局副局长）" },
  { name: "旗财政局", representative: "周洁（旗财政局副局长）" },
  { name: "旗人社局", representative: "王谦（旗人力资源和社会保障局党组成员）" },
  { name: "旗自然资源局", representative: "班勇义（旗自然资源局党组成员、副局长）" },
  { name: "鄂尔多斯市生态环境局达拉特旗分局", representative: "李春（旗生态环境局副局长）" },
  { name: "旗住建局", representative: "乔建峰（旗住房和城乡建设局副局长）" },
  { name: "旗交通运输局", representative: "" },
  { name: "旗水利局", representative: "李锋（旗水利局副局长）" },
  { name: "旗农牧局", representative: "高强（旗农牧局副局长）" },
  { name: "旗文旅局", representative: "郭振鹏（旗文化和旅游局副局长）" },
  { name: "旗卫健委", representative: "赵飞云（旗卫生健康委员会副主任）" },
  { name: "旗应急管理局", representative: "高军（旗应急管理局副局长）" },
  { name: "旗林草局", representative: "徐哲浩（旗林业和草原局副局长）" },
  { name: "旗政府金融服务中心", representative: "刘迎春（旗金融服务中心副主任）" },
  { name: "旗统计局", representative: "刘宏伟（旗统计局副局长）" },
  { name: "旗医疗保障局", representative: "王彩霞（旗医疗保障局副局长）" },
  { name: "旗气象局", representative: "贾成义（旗气象局副局长）" },
  { name: "旗税务局", representative: "刘玉东（旗税务局党委委员）" },
  { name: "旗城市管理综合执法局", representative: "崔纪梅（旗城市管理综合执法局副局长）" },
  { name: "旗能源局", representative: "路忠（旗能源管理综合行政执法大队大队长）" },
  { name: "消防救援支队", representative: "薛轶雄（旗消防救援大队参谋）" },
  {
    name: "鄂尔多斯市交通运输服务中心达拉特旗分中心",
    representative: "杨小波（鄂尔多斯市交通运输服务中心达拉特旗分中心副主任）",
  },
  {
    name: "鄂尔多斯市交通运输综合行政执法支队达拉特旗大队",
    representative: "关迪（鄂尔多斯市交通运输综合行政执法支队达拉特旗大队副大队长）",
  },
];

/**
 * The member registers of both demo regions: 五原县's coordinator lists the demo departments (each linked to its
 * tenant); 达拉特旗's lists its 29 units, only its own bureau on the platform. Runs as the owner with each
 * coordinator's tenant set (FORCE RLS binds the owner too).
 */
export async function loadCountyDemo(c: Client): Promise<void> {
  const tenants = new Map<string, string>(
    (await c.query(`SELECT code, id FROM tenant`)).rows.map((r: { code: string; id: string }) => [r.code, r.id]),
  );
  const insert = async (coordinator: string, units: Array<{ name: string; tenant: string | null; rep: string }>) => {
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [coordinator]);
    for (const [i, u] of units.entries())
      await c.query(
        `INSERT INTO joint_member_unit (tenant_id, name, member_tenant_id, representative, sort_order)
         VALUES ($1, $2, $3, $4, $5)`,
        [coordinator, u.name, u.tenant, u.rep, i + 1],
      );
  };
  const wuyuan = tenants.get("wy-samr")!;
  await insert(
    wuyuan,
    DEMO_DEPARTMENTS.map((d) => ({ name: d.name, tenant: tenants.get(d.code)!, rep: "" })),
  );
  const dalad = tenants.get(DALAD_COORDINATOR.code)!;
  await insert(
    dalad,
    DALAD_MEMBER_UNITS.map((u) => ({ name: u.name, tenant: u.coordinator ? dalad : null, rep: u.representative })),
  );
}
