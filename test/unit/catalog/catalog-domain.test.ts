import { checkItemRatios } from "../../../src/domain/catalog/check-item-rules";
import {
  CHECK_METHOD_ALIASES,
  CHECK_METHODS,
  lookupCode,
  SUBJECT_KINDS,
  splitList,
} from "../../../src/domain/catalog/code-tables";
import { isDraftChangeStale } from "../../../src/domain/catalog/draft-staleness";
import { checkDate, checkIndustryCode, checkRegionCode } from "../../../src/domain/catalog/fields";
import { diffItemLists } from "../../../src/domain/catalog/item-list-diff";
import { formatLegalBasisCell, parseLegalBasisCell } from "../../../src/domain/catalog/legal-basis-text";
import { formatRatio, parseRatio } from "../../../src/domain/catalog/ratio";
import { chineseNumber, versionLabel } from "../../../src/domain/catalog/version-label";

test("ratios: percentages, fractions, full-width input; (0, 100%] only", () => {
  expect(parseRatio("50%")).toEqual({ ok: true, value: 0.5 });
  expect(parseRatio("０．０３")).toEqual({ ok: true, value: 0.03 });
  expect(parseRatio("20")).toEqual({ ok: true, value: 0.2 });
  expect(parseRatio("0").ok).toBe(false);
  expect(parseRatio("120%").ok).toBe(false);
  expect(parseRatio("约5%").ok).toBe(false);
  expect(formatRatio(0.01)).toBe("1%");
});

test("class rules: GENERAL needs a cap, KEY has none, the default stays under the cap", () => {
  expect(checkItemRatios({ itemClass: "GENERAL" })).toEqual([
    { field: "ratioCap", message: "一般检查事项必须填写抽查比例上限" },
  ]);
  expect(checkItemRatios({ itemClass: "KEY", ratioCap: 0.5 })[0].field).toBe("ratioCap");
  expect(checkItemRatios({ itemClass: "GENERAL", ratioCap: 0.03, defaultRatio: 0.05 })[0].field).toBe("defaultRatio");
  expect(checkItemRatios({ itemClass: "GENERAL", ratioCap: 1.2 })[0].field).toBe("ratioCap");
  expect(checkItemRatios({ itemClass: "KEY", defaultRatio: 0.5 })).toEqual([]);
});

test("code tables accept codes, labels and the seeds' short forms", () => {
  expect(lookupCode(SUBJECT_KINDS, "个体工商户")).toBe("INDIVIDUAL_BUSINESS");
  expect(lookupCode(SUBJECT_KINDS, "enterprise")).toBe("ENTERPRISE");
  expect(lookupCode(SUBJECT_KINDS, "公司")).toBeUndefined();
  expect(splitList("实地、书面").map((m) => lookupCode(CHECK_METHODS, m, CHECK_METHOD_ALIASES))).toEqual([
    "ON_SITE",
    "WRITTEN",
  ]);
  expect(splitList("a；b, c|  ")).toEqual(["a", "b", "c"]);
});

test("legal basis cells round-trip", () => {
  const cell =
    "【行政法规】《粮食流通管理条例》第十七条、第二十条\n【法律】《中华人民共和国传染病防治法》第五十三条：县级以上人民政府卫生行政部门……";
  const r = parseLegalBasisCell(cell);
  expect(r).toEqual({
    ok: true,
    value: [
      { kind: "ADMINISTRATIVE_REGULATION", title: "粮食流通管理条例", articles: "第十七条、第二十条", text: "" },
      {
        kind: "LAW",
        title: "中华人民共和国传染病防治法",
        articles: "第五十三条",
        text: "县级以上人民政府卫生行政部门……",
      },
    ],
  });
  if (r.ok) expect(formatLegalBasisCell(r.value)).toBe(cell);
  expect(parseLegalBasisCell("【条例】《某某》").ok).toBe(false);
  expect(parseLegalBasisCell("粮食流通管理条例第十七条").ok).toBe(false);
});

test("field checks", () => {
  expect(checkDate("2024年3月5日")).toEqual({ ok: true, value: "2024-03-05" });
  expect(checkDate("2023-02-29").ok).toBe(false);
  expect(checkRegionCode("150821").ok).toBe(true);
  expect(checkRegionCode("1508").ok).toBe(false);
  expect(checkIndustryCode("c1311")).toEqual({ ok: true, value: "C1311" });
  expect(checkIndustryCode("Z99").ok).toBe(false);
});

test("version labels", () => {
  expect([1, 2, 10, 11, 20, 21, 100, 105, 110].map(chineseNumber)).toEqual([
    "一",
    "二",
    "十",
    "十一",
    "二十",
    "二十一",
    "一百",
    "一百零五",
    "一百一十",
  ]);
  expect(versionLabel(3)).toBe("第三版");
});

test("the diff compares items by code", () => {
  const a = [
    { code: "1", name: "甲", methods: ["ON_SITE"] },
    { code: "2", name: "乙", methods: [] },
  ];
  const b = [
    { code: "1", name: "甲", methods: ["ON_SITE", "WRITTEN"] },
    { code: "3", name: "丙", methods: [] },
  ];
  const d = diffItemLists(a, b, ["name", "methods"]);
  expect(d.added.map((i) => i.code)).toEqual(["3"]);
  expect(d.removed.map((i) => i.code)).toEqual(["2"]);
  expect(d.changed.map((c) => [c.code, c.fields])).toEqual([["1", ["methods"]]]);
});

test("a draft change is stale after more than N working days (weekends and holidays skipped)", () => {
  // 2025-09-30 (Tue) → 2025-10-15 (Wed): the National Day holiday leaves 7 working days in between.
  expect(isDraftChangeStale("2025-09-30", "2025-10-15", 10)).toBe(false);
  expect(isDraftChangeStale("2025-09-01", "2025-09-16", 10)).toBe(true);
  expect(isDraftChangeStale(null, "2025-09-16", 10)).toBe(false);
});
