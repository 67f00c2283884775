import type { CheckItem, JointDepartment } from "../../../src/joint";
import { mergeChecklist } from "../../../src/joint";

// 平罗县: 发改局 initiates, 市场监管局 and 应急管理局 take part (seed 004 附件3/附件4).
const departments: JointDepartment[] = [
  { id: "samr", name: "平罗县市场监督管理局", code: "640221-03" },
  { id: "drc", name: "平罗县发展和改革局", code: "640221-09" },
  { id: "emerg", name: "平罗县应急管理局", code: "640221-05" },
];

function item(over: Partial<CheckItem> & Pick<CheckItem, "id" | "departmentId" | "code" | "name">): CheckItem {
  return {
    category: "企业安全生产事项检查",
    content: `${over.name}的检查`,
    methods: ["现场检查"],
    legalBasis: [],
    ...over,
  };
}

const pipelineDrc = item({
  id: "drc-1",
  departmentId: "drc",
  code: "64022100900001",
  name: "油气长输管道安全生产检查",
  jointEntryId: "J-PIPE",
  legalBasis: [{ kind: "法律", title: "中华人民共和国石油天然气管道保护法", articles: [] }],
});
const grainDrc = item({
  id: "drc-2",
  departmentId: "drc",
  code: "64022100900002",
  name: "储备粮承储企业专仓储存、专人保管、专账记载检查",
  category: "粮食流通监督检查",
  legalBasis: [{ kind: "行政法规", title: "《粮食流通管理条例》", articles: ["第十七条", "第二十条"] }],
});
const safetyDrc = item({ id: "drc-3", departmentId: "drc", code: "64022100900010", name: "安全储粮、安全生产检查" });
const pipelineSamr = item({
  id: "samr-7",
  departmentId: "samr",
  code: "64022100300007",
  name: "油气管道特种设备安全检查",
  content: "压力管道元件使用登记与定期检验情况",
  methods: ["现场检查", "书面检查"],
  jointEntryId: "J-PIPE",
  legalBasis: [
    { kind: "法律", title: "中华人民共和国石油天然气管道保护法", articles: [] },
    { kind: "法律", title: "中华人民共和国特种设备安全法", articles: ["第三十三条"] },
  ],
});
const grainSamr = item({
  id: "samr-2",
  departmentId: "samr",
  code: "64022100300002",
  name: "粮食经营者质量安全管理检查",
  category: "粮食流通监督检查",
});
const licenceSamr = item({ id: "samr-1", departmentId: "samr", code: "64022100300001", name: "营业执照公示信息检查" });
const grainEmerg = item({
  id: "emerg-4",
  departmentId: "emerg",
  code: "64022100500004",
  name: "粮库安全生产责任制落实检查",
});

const allItems = [pipelineDrc, grainDrc, safetyDrc, pipelineSamr, grainSamr, licenceSamr, grainEmerg];
// drc-2 ≡ samr-2 and samr-2 ≡ emerg-4: transitively one matter; "elsewhere-9" is not in this visit.
const equivalences = [
  ["drc-2", "samr-2"],
  ["elsewhere-9", "samr-2", "emerg-4"],
];

function merged(items: readonly CheckItem[] = allItems, deps: readonly JointDepartment[] = departments) {
  const result = mergeChecklist({ departments: deps, initiatingDepartmentId: "drc", items, equivalences });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe("mergeChecklist", () => {
  it("checks an item shared through a joint-list entry once, for both owners with their own codes", () => {
    const line = merged().lines.find((l) => l.jointEntryIds.includes("J-PIPE"))!;
    expect(line.name).toBe("油气长输管道安全生产检查");
    expect(line.owners).toEqual([
      { departmentId: "drc", departmentName: "平罗县发展和改革局", itemId: "drc-1", itemCode: "64022100900001" },
      { departmentId: "samr", departmentName: "平罗县市场监督管理局", itemId: "samr-7", itemCode: "64022100300007" },
    ]);
    expect(line.methods).toEqual(["现场检查", "书面检查"]);
    expect(line.legalBasis.map((b) => b.title)).toEqual([
      "中华人民共和国石油天然气管道保护法",
      "中华人民共和国特种设备安全法",
    ]);
    expect(line.content).toBe("油气长输管道安全生产检查的检查\n压力管道元件使用登记与定期检验情况");
  });

  it("treats declared equivalences transitively and ignores ids outside the visit", () => {
    const line = merged().lines.find((l) => l.owners.some((o) => o.itemId === "drc-2"))!;
    expect(line.owners.map((o) => o.itemId)).toEqual(["drc-2", "samr-2", "emerg-4"]);
    expect(line.key).toBe("drc-2+emerg-4+samr-2");
    expect(line.jointEntryIds).toEqual([]);
  });

  it("orders by department (initiator first, then code) and item code, a merged line at its first owner", () => {
    const checklist = merged();
    expect(checklist.departments.map((d) => d.id)).toEqual(["drc", "samr", "emerg"]);
    expect(checklist.lines.map((l) => [l.lineNo, l.owners.map((o) => o.itemId).join(",")])).toEqual([
      [1, "drc-1,samr-7"],
      [2, "drc-2,samr-2,emerg-4"],
      [3, "drc-3"],
      [4, "samr-1"],
    ]);
  });

  it("orders item codes naturally, not as text", () => {
    const items = [
      item({ id: "a", departmentId: "drc", code: "A10", name: "十" }),
      item({ id: "b", departmentId: "drc", code: "A9", name: "九" }),
    ];
    const result = mergeChecklist({ departments, initiatingDepartmentId: "drc", items });
    expect(result.ok && result.value.lines.map((l) => l.name)).toEqual(["九", "十"]);
  });

  it("gives the same checklist whatever the input order", () => {
    const reference = merged();
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const shuffle = <T>(values: readonly T[]) => {
      const copy = [...values];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    };
    for (let run = 0; run < 25; run++) {
      expect(merged(shuffle(allItems), shuffle(departments))).toEqual(reference);
    }
  });

  it("reports items contributed, lines and duplicates avoided", () => {
    expect(merged().counts).toEqual({ itemsContributed: 7, lines: 4, duplicatesAvoided: 3 });
  });

  it("keeps two items of one department on one line when the joint list says they are one matter", () => {
    const items = [
      item({ id: "x1", departmentId: "samr", code: "1", name: "甲", jointEntryId: "J" }),
      item({ id: "x2", departmentId: "samr", code: "2", name: "乙", jointEntryId: "J" }),
    ];
    const result = mergeChecklist({ departments, initiatingDepartmentId: "drc", items });
    expect(result.ok && result.value.lines[0].owners.map((o) => o.itemId)).toEqual(["x1", "x2"]);
    expect(result.ok && result.value.counts.duplicatesAvoided).toBe(1);
  });

  it("returns every input error instead of throwing", () => {
    const result = mergeChecklist({
      departments: [...departments, departments[0]],
      initiatingDepartmentId: "nobody",
      items: [pipelineDrc, pipelineDrc, item({ id: "z", departmentId: "police", code: "1", name: "治安" })],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toEqual([
      { code: "DUPLICATE_DEPARTMENT", departmentId: "samr" },
      { code: "UNKNOWN_INITIATOR", departmentId: "nobody" },
      { code: "DUPLICATE_ITEM", itemId: "drc-1" },
      { code: "UNKNOWN_DEPARTMENT", itemId: "z", departmentId: "police" },
    ]);
  });
});
