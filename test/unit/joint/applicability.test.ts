import { anyItemAppliesTo, itemAppliesTo, itemsApplyingTo, mergeChecklist, richTextToPlain } from "../../../src/joint";

const hotel = { kind: "ENTERPRISE", industryCode: "H6110" };
const hospital = { kind: "PUBLIC_INSTITUTION", industryCode: "Q8411" };
const clinic = { kind: "INDIVIDUAL_BUSINESS", industryCode: "Q8423" };
const unknown = { kind: "ENTERPRISE", industryCode: null };

describe("itemAppliesTo: target kinds and industries decide where an item applies", () => {
  const medical = {
    targetKinds: ["PUBLIC_INSTITUTION", "ENTERPRISE", "INDIVIDUAL_BUSINESS"],
    targetIndustryCodes: ["Q84"],
  };
  test("an item for medical institutions does not apply to a hotel, which is an enterprise too", () => {
    expect(itemAppliesTo(medical, hotel)).toBe(false);
    expect(itemAppliesTo(medical, hospital)).toBe(true);
    expect(itemAppliesTo(medical, clinic)).toBe(true);
  });
  test("empty lists mean any kind and any industry", () => {
    expect(itemAppliesTo({ targetKinds: [] }, hotel)).toBe(true);
    expect(itemAppliesTo({ targetKinds: [], targetIndustryCodes: [] }, unknown)).toBe(true);
  });
  test("kinds alone", () => {
    expect(itemAppliesTo({ targetKinds: ["FACILITY"] }, hotel)).toBe(false);
    expect(itemAppliesTo({ targetKinds: ["ENTERPRISE"] }, hotel)).toBe(true);
  });
  test("an item limited to industries does not apply to a target whose industry is unknown", () => {
    expect(itemAppliesTo({ targetKinds: [], targetIndustryCodes: ["H"] }, unknown)).toBe(false);
  });
  test("industry codes are prefixes, compared without case", () => {
    expect(itemAppliesTo({ targetKinds: [], targetIndustryCodes: ["h61"] }, hotel)).toBe(true);
    expect(itemAppliesTo({ targetKinds: [], targetIndustryCodes: ["H62"] }, hotel)).toBe(false);
  });
  test("a target belongs in a population when any item applies; the list keeps its order", () => {
    const items = [medical, { targetKinds: ["ENTERPRISE"], targetIndustryCodes: ["H"] }];
    expect(anyItemAppliesTo(items, hotel)).toBe(true);
    expect(anyItemAppliesTo([medical], hotel)).toBe(false);
    expect(itemsApplyingTo(items, hospital)).toEqual([medical]);
  });
});

describe("the merged checklist of a visit holds only the items that apply to its target", () => {
  const departments = [
    { id: "d1", name: "发改委", code: "A1" },
    { id: "d2", name: "应急管理局", code: "A2" },
  ];
  const item = (id: string, departmentId: string, extra: object) => ({
    id,
    departmentId,
    code: id.toUpperCase(),
    category: "行政检查",
    name: `事项${id}`,
    content: "<p>检查<strong>台账</strong>&nbsp;记录</p><p>第二段</p>",
    methods: ["实地核查"],
    legalBasis: [],
    ...extra,
  });
  const items = [
    item("p1", "d1", { targetKinds: ["FACILITY"], targetIndustryCodes: [] }),
    item("g1", "d2", { targetKinds: ["ENTERPRISE"], targetIndustryCodes: ["A05"] }),
    item("a1", "d2", {}),
  ];
  test("a grain depot's list has no pipeline items; rich text prints as text", () => {
    const r = mergeChecklist({
      departments,
      initiatingDepartmentId: "d1",
      items,
      target: { kind: "ENTERPRISE", industryCode: "A0513" },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.lines.map((l) => l.key)).toEqual(["a1", "g1"]);
    expect(r.value.counts.itemsContributed).toBe(2);
    expect(r.value.lines[0].content).toBe("检查台账 记录\n第二段");
  });
  test("without a target every item is merged", () => {
    const r = mergeChecklist({ departments, initiatingDepartmentId: "d1", items });
    expect(r.ok && r.value.lines.length).toBe(3);
  });
});

describe("richTextToPlain", () => {
  test("plain text stays as it is", () => {
    expect(richTextToPlain("  查看许可证件  ")).toBe("查看许可证件");
    expect(richTextToPlain("A < B")).toBe("A < B");
  });
  test("blocks and breaks become lines, list items a dot, references are decoded, scripts dropped", () => {
    expect(
      richTextToPlain(
        '<p>一、资质</p><ul><li>营业执照</li><li>许可证&#x4EF6;</li></ul><br/>&lt;附&gt;&amp;<script>alert(1)</script><span style="x">完</span>',
      ),
    ).toBe("一、资质\n· 营业执照\n· 许可证件\n<附>&完");
    expect(richTextToPlain("<p></p>")).toBe("");
  });
});
