import type { CheckItem, JointDepartment, JointTeam, MergedChecklist } from "../../../src/joint";
import {
  buildInspectionForm,
  buildVisitNotice,
  escapeHtml,
  mergeChecklist,
  renderInspectionFormHtml,
  renderVisitNoticeHtml,
} from "../../../src/joint";

const departments: JointDepartment[] = [
  { id: "samr", name: "平罗县市场监督管理局", code: "03" },
  { id: "drc", name: "平罗县发展和改革局", code: "09" },
];

const items: CheckItem[] = [
  {
    id: "drc-1",
    departmentId: "drc",
    code: "64022100900001",
    category: "企业安全生产事项检查",
    name: "油气长输管道安全生产检查",
    content: "油气长输管道企业安全生产责任落实情况",
    methods: ["现场检查"],
    legalBasis: [{ kind: "法律", title: "中华人民共和国石油天然气管道保护法", articles: [] }],
    jointEntryId: "J-PIPE",
  },
  {
    id: "samr-7",
    departmentId: "samr",
    code: "64022100300007",
    category: "特种设备安全",
    name: "压力管道使用登记检查",
    content: "压力管道使用登记与定期检验情况",
    methods: ["现场检查"],
    legalBasis: [{ kind: "法律", title: "中华人民共和国特种设备安全法", articles: ["第三十三条"] }],
    jointEntryId: "J-PIPE",
  },
  {
    id: "drc-2",
    departmentId: "drc",
    code: "64022100900002",
    category: "粮食流通监督检查",
    name: "储备粮承储企业<script>alert(1)</script>检查",
    content: "1.专仓储存、专人保管、专账记载情况；\n2.库存数量账实相符情况。",
    methods: ["现场检查"],
    legalBasis: [{ kind: "行政法规", title: "《粮食流通管理条例》", articles: ["第十七条", "第二十条"] }],
  },
  {
    id: "samr-1",
    departmentId: "samr",
    code: "64022100300001",
    category: "登记事项",
    name: "营业执照公示信息检查",
    content: "年度报告公示信息真实性",
    methods: ["书面检查"],
    legalBasis: [{ kind: "行政法规", title: "企业信息公示暂行条例", articles: ["第八条"] }],
  },
];

const checklist: MergedChecklist = (() => {
  const result = mergeChecklist({ departments, initiatingDepartmentId: "drc", items });
  if (!result.ok) throw new Error("fixture");
  return result.value;
})();

const team: JointTeam = {
  targetId: "firm-a",
  leaderId: "d1",
  members: [
    {
      id: "s1",
      name: "李<b>四</b>",
      certificateNo: "64030001",
      departmentId: "samr",
      rank: 1,
      leaderEligible: true,
      role: "MEMBER",
    },
    {
      id: "d1",
      name: "王婷",
      certificateNo: "64090012",
      departmentId: "drc",
      rank: 2,
      leaderEligible: true,
      role: "LEADER",
    },
    {
      id: "d2",
      name: "白石溪",
      certificateNo: "64090015",
      departmentId: "drc",
      rank: 3,
      leaderEligible: false,
      role: "MEMBER",
    },
  ],
};

const target = {
  name: "宁夏<script>alert('x')</script>粮油储备有限公司",
  creditCode: "91640221MA76XXXX0X",
  address: '平罗县城关镇 "粮库" 路 1 号 & 2 号',
  legalRepresentative: "张三",
};

describe("inspection form (抽查情况记录表)", () => {
  const form = buildInspectionForm({ target, inspectionDate: "2023-10-16", checklist, team });
  const page = renderInspectionFormHtml(form);

  it("has one row per merged item, with its owners and citations", () => {
    expect(form.rows.map((r) => [r.no, r.matter])).toEqual([
      [1, "油气长输管道安全生产检查"],
      [2, "储备粮承储企业<script>alert(1)</script>检查"],
      [3, "营业执照公示信息检查"],
    ]);
    expect(form.rows[0].owners).toEqual([
      { departmentName: "平罗县发展和改革局", itemCode: "64022100900001" },
      { departmentName: "平罗县市场监督管理局", itemCode: "64022100300007" },
    ]);
    expect(form.rows[1].basis).toEqual(["《粮食流通管理条例》第十七条、第二十条"]);
    expect(form.departments).toEqual(["平罗县发展和改革局", "平罗县市场监督管理局"]);
  });

  it("lists the inspectors for signature, leader first, with 执法证号", () => {
    expect(form.inspectors.map((p) => [p.name, p.certificateNo, p.role])).toEqual([
      ["王婷", "64090012", "组长"],
      ["白石溪", "64090015", "组员"],
      ["李<b>四</b>", "64030001", "组员"],
    ]);
  });

  it("is JSON-serialisable", () => {
    expect(JSON.parse(JSON.stringify(form))).toEqual(form);
  });

  it("renders every merged item, the columns, the header and the signature lines", () => {
    for (const line of checklist.lines) expect(page).toContain(escapeHtml(line.name));
    expect(page.match(/<div class="small">责任部门：/g)).toHaveLength(checklist.lines.length);
    for (const column of [
      "序号",
      "抽查事项",
      "抽查内容",
      "检查依据",
      "是否检查",
      "检查结果",
      "是否责令整改",
      "是否整改到位",
      "备注",
    ]) {
      expect(page).toContain(`<th>${column}</th>`);
    }
    for (const label of [
      "检查对象名称",
      "统一社会信用代码",
      "地址",
      "检查时间",
      "检查部门",
      "检查人员（签字）",
      "被检查对象负责人（签字）",
    ]) {
      expect(page).toContain(label);
    }
    expect(page).toContain("2023年10月16日");
    expect(page).toContain("64090012");
    expect(page).toContain("《中华人民共和国特种设备安全法》第三十三条");
    expect(page).toContain("@page { size: A4 landscape");
    expect(page).toMatch(/^<!DOCTYPE html>/);
  });

  it("escapes every interpolated value", () => {
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<b>");
    expect(page).toContain("宁夏&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;粮油储备有限公司");
    expect(page).toContain("储备粮承储企业&lt;script&gt;alert(1)&lt;/script&gt;检查");
    expect(page).toContain("李&lt;b&gt;四&lt;/b&gt;");
    expect(page).toContain("&quot;粮库&quot; 路 1 号 &amp; 2 号");
  });

  it("leaves the date blank when it is not known", () => {
    const blank = renderInspectionFormHtml(buildInspectionForm({ target, inspectionDate: null, checklist, team }));
    expect(blank).toContain("　　　　年　　月　　日");
  });
});

describe("visit notice (检查通知 / 双清单)", () => {
  const notice = buildVisitNotice({
    target,
    proposedDate: "2023-10-16",
    checklist,
    team,
    materials: ["营业执照副本", " ", "储备粮台账<script>", "营业执照副本"],
    contact: { name: "王婷", phone: "0952-6000000" },
    noticeNo: "平发改联检〔2023〕1号",
    issueDate: "2023-10-08",
  });
  const page = renderVisitNoticeHtml(notice);

  it("holds the items, the inspectors, the materials, the date and the departments", () => {
    expect(notice.issuer).toBe("平罗县发展和改革局");
    expect(notice.departments).toEqual(["平罗县发展和改革局", "平罗县市场监督管理局"]);
    expect(notice.items.map((i) => [i.no, i.departments])).toEqual([
      [1, ["平罗县发展和改革局", "平罗县市场监督管理局"]],
      [2, ["平罗县发展和改革局"]],
      [3, ["平罗县市场监督管理局"]],
    ]);
    expect(notice.inspectors.map((p) => p.certificateNo)).toEqual(["64090012", "64090015", "64030001"]);
    expect(notice.materials).toEqual(["营业执照副本", "储备粮台账<script>"]);
    expect(JSON.parse(JSON.stringify(notice))).toEqual(notice);
  });

  it("renders the 双清单 in Chinese, escaped", () => {
    expect(page).toContain("拟于2023年10月16日");
    expect(page).toContain("平罗县发展和改革局、平罗县市场监督管理局");
    expect(page).toContain("一、检查事项清单");
    expect(page).toContain("二、检查人员清单");
    expect(page).toContain("三、需准备的材料");
    expect(page).toContain("<li>储备粮台账&lt;script&gt;</li>");
    expect(page).toContain("0952-6000000");
    expect(page).toContain("2023年10月8日");
    for (const line of checklist.lines) expect(page).toContain(escapeHtml(line.name));
    expect(page).not.toContain("<script>");
    expect(page).toContain("@page { size: A4 portrait");
  });

  it("says so when there is nothing to prepare, and omits an absent contact", () => {
    const bare = renderVisitNoticeHtml(
      buildVisitNotice({ target, proposedDate: "2023-10-16", checklist, team, materials: [] }),
    );
    expect(bare).toContain("无需另行准备材料。");
    expect(bare).not.toContain("四、联系方式");
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});
