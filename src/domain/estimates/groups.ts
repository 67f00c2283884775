/**
 * The domains estimates are pooled by: 国民经济行业分类 (GB/T 4754-2017) at 门类 or 大类 level, and 行政区划 at county
 * or township level. Codes come from the subject registry as validated by src/domain/catalog/fields.ts: a section
 * letter and/or 2–4 digits ("C", "C13", "1311"); region codes of 6, 9 or 12 digits.
 */

export type IndustryLevel = "SECTION" | "DIVISION";
export type RegionLevel = "COUNTY" | "TOWNSHIP";

export interface GroupKey {
  key: string;
  label: string;
}

/** 门类 by 大类 number range (GB/T 4754-2017): the letter is implied by the first two digits. */
const SECTIONS: ReadonlyArray<[letter: string, lastDivision: number, name: string]> = [
  ["A", 5, "农、林、牧、渔业"],
  ["B", 12, "采矿业"],
  ["C", 43, "制造业"],
  ["D", 46, "电力、热力、燃气及水生产和供应业"],
  ["E", 50, "建筑业"],
  ["F", 52, "批发和零售业"],
  ["G", 60, "交通运输、仓储和邮政业"],
  ["H", 62, "住宿和餐饮业"],
  ["I", 65, "信息传输、软件和信息技术服务业"],
  ["J", 69, "金融业"],
  ["K", 70, "房地产业"],
  ["L", 72, "租赁和商务服务业"],
  ["M", 75, "科学研究和技术服务业"],
  ["N", 79, "水利、环境和公共设施管理业"],
  ["O", 82, "居民服务、修理和其他服务业"],
  ["P", 83, "教育"],
  ["Q", 85, "卫生和社会工作"],
  ["R", 90, "文化、体育和娱乐业"],
  ["S", 97, "公共管理、社会保障和社会组织"],
  ["T", 98, "国际组织"],
];

export const UNREGISTERED: GroupKey = { key: "", label: "未登记" };

function sectionOfDivision(division: number): string | null {
  if (division < 1) return null;
  return SECTIONS.find(([, last]) => division <= last)?.[0] ?? null;
}

const sectionName = (letter: string) => SECTIONS.find(([l]) => l === letter)?.[2] ?? letter;

/** The industry group of a subject's code at a level; codes too coarse for the level form their own group. */
export function industryGroup(code: string | null, level: IndustryLevel): GroupKey {
  const m = code ? /^([A-T])?([0-9]{2,4})?$/.exec(code.trim().toUpperCase()) : null;
  if (!m || (!m[1] && !m[2])) return UNREGISTERED;
  const division = m[2] ? Number(m[2].slice(0, 2)) : null;
  const letter = m[1] ?? (division === null ? null : sectionOfDivision(division));
  if (!letter) return { key: code!.trim(), label: `${code!.trim()}（行业代码无法归类）` };
  if (level === "SECTION" || division === null) {
    const label = `${letter} ${sectionName(letter)}`;
    return level === "SECTION" ? { key: letter, label } : { key: letter, label: `${label}（未细分到大类）` };
  }
  const two = String(division).padStart(2, "0");
  return { key: `${letter}${two}`, label: `${letter}${two}（${sectionName(letter)}）` };
}

/** The region group of a subject's 行政区划代码: the county (6 digits) or the township (9 digits). */
export function regionGroup(code: string | null, level: RegionLevel): GroupKey {
  const v = code?.trim() ?? "";
  if (!/^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/.test(v)) return UNREGISTERED;
  const length = level === "COUNTY" ? 6 : 9;
  if (v.length < length) return { key: v, label: `${v}（未细分到乡镇）` };
  const key = v.slice(0, length);
  return { key, label: key };
}
