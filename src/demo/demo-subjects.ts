import { creditCodeCheckCharacter } from "../domain/credit-code";
import { idNumberCheckCharacter } from "../domain/id-number";
import type { SubjectRecord } from "../exchange/subject-columns";
import { WUYUAN_REGION } from "./departments";

/** A small deterministic PRNG (mulberry32): the demo is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A valid 统一社会信用代码 with the given two-character prefix (登记管理部门 + 机构类别) in 五原县. */
export function demoCreditCode(prefix: string, rand: () => number): string {
  let body = "";
  for (let i = 0; i < 9; i++) body += CODE_CHARS[Math.floor(rand() * (i < 8 ? 10 : 31))];
  const first17 = `${prefix}${WUYUAN_REGION}${body}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** A valid 身份证号 (region 150821, born 1970–1995). */
export function demoIdNumber(rand: () => number): string {
  const year = 1970 + Math.floor(rand() * 26);
  const month = String(1 + Math.floor(rand() * 12)).padStart(2, "0");
  const day = String(1 + Math.floor(rand() * 28)).padStart(2, "0");
  const seq = String(Math.floor(rand() * 1000)).padStart(3, "0");
  const first17 = `${WUYUAN_REGION}${year}${month}${day}${seq}`;
  return first17 + idNumberCheckCharacter(first17);
}

interface Sector {
  /** Departments whose directory lists these subjects. */
  departments: string[];
  kind: SubjectRecord["kind"];
  prefix: string | null;
  industry: string;
  tag: string;
  names: string[];
  suffixes: string[];
  count: number;
}

const TOWNS = ["隆兴昌镇", "塔尔湖镇", "天吉泰镇", "新公中镇", "银定图镇", "和胜乡", "胜丰镇", "复兴镇", "套海镇"];
const WORDS = [
  "鑫源",
  "华泰",
  "丰收",
  "金河",
  "瑞丰",
  "兴旺",
  "河套",
  "宏达",
  "益民",
  "康宁",
  "永盛",
  "祥和",
  "远航",
  "恒信",
  "德润",
  "福源",
];

const SECTORS: Sector[] = [
  {
    departments: ["wy-health", "wy-samr"],
    kind: "ENTERPRISE",
    prefix: "91",
    industry: "Q8412",
    tag: "医疗机构",
    names: WORDS,
    suffixes: ["诊所有限公司", "医院有限公司", "口腔门诊部有限公司"],
    count: 40,
  },
  {
    departments: ["wy-health"],
    kind: "PUBLIC_INSTITUTION",
    prefix: "12",
    industry: "Q8423",
    tag: "医疗机构",
    names: TOWNS,
    suffixes: ["卫生院"],
    count: 9,
  },
  {
    departments: ["wy-health", "wy-samr", "wy-fire"],
    kind: "ENTERPRISE",
    prefix: "91",
    industry: "H6110",
    tag: "公共场所",
    names: WORDS,
    suffixes: ["宾馆有限公司", "酒店有限公司"],
    count: 30,
  },
  {
    departments: ["wy-health", "wy-samr"],
    kind: "INDIVIDUAL_BUSINESS",
    prefix: "92",
    industry: "O8060",
    tag: "公共场所",
    names: WORDS,
    suffixes: ["浴池", "理发店", "美容店"],
    count: 40,
  },
  {
    departments: ["wy-justice"],
    kind: "SOCIAL_ORGANIZATION",
    prefix: "31",
    industry: "L7221",
    tag: "律师事务所",
    names: WORDS,
    suffixes: ["律师事务所"],
    count: 12,
  },
  {
    departments: ["wy-justice"],
    kind: "PUBLIC_INSTITUTION",
    prefix: "12",
    industry: "L7222",
    tag: "公证机构",
    names: ["五原县"],
    suffixes: ["公证处"],
    count: 1,
  },
  {
    departments: ["wy-justice"],
    kind: "PUBLIC_INSTITUTION",
    prefix: "12",
    industry: "S9224",
    tag: "法律援助",
    names: ["五原县"],
    suffixes: ["法律援助中心"],
    count: 1,
  },
  {
    departments: ["wy-drc", "wy-samr", "wy-emerg"],
    kind: "ENTERPRISE",
    prefix: "91",
    industry: "G5720",
    tag: "油气管道",
    names: WORDS,
    suffixes: ["天然气管道有限公司", "石油管道运输有限公司"],
    count: 6,
  },
  {
    departments: ["wy-drc", "wy-samr"],
    kind: "ENTERPRISE",
    prefix: "91",
    industry: "G5951",
    tag: "粮食储备",
    names: WORDS,
    suffixes: ["粮油储备库有限公司", "粮食购销有限公司"],
    count: 20,
  },
  {
    departments: ["wy-samr", "wy-emerg", "wy-tax"],
    kind: "ENTERPRISE",
    prefix: "91",
    industry: "C1311",
    tag: "食品加工",
    names: WORDS,
    suffixes: ["食品有限公司", "面业有限公司", "葵花籽加工有限公司"],
    count: 60,
  },
  {
    departments: ["wy-samr", "wy-tax"],
    kind: "FARMER_COOPERATIVE",
    prefix: "93",
    industry: "A0111",
    tag: "农业",
    names: TOWNS,
    suffixes: ["种植专业合作社", "养殖专业合作社"],
    count: 30,
  },
  {
    departments: ["wy-trans", "wy-emerg"],
    kind: "ENTERPRISE",
    prefix: "91",
    industry: "G5430",
    tag: "道路运输",
    names: WORDS,
    suffixes: ["运输有限公司", "物流有限公司"],
    count: 20,
  },
  {
    departments: ["wy-edu", "wy-fire"],
    kind: "SOCIAL_ORGANIZATION",
    prefix: "52",
    industry: "P8399",
    tag: "培训机构",
    names: WORDS,
    suffixes: ["培训学校"],
    count: 15,
  },
  {
    departments: ["wy-water", "wy-hesheng"],
    kind: "FACILITY",
    prefix: null,
    industry: "N7610",
    tag: "水利设施",
    names: TOWNS,
    suffixes: ["灌溉渠首闸", "排水泵站"],
    count: 12,
  },
  {
    departments: ["wy-fire", "wy-hesheng"],
    kind: "PLACE",
    prefix: null,
    industry: "F5261",
    tag: "人员密集场所",
    names: TOWNS,
    suffixes: ["农贸市场"],
    count: 9,
  },
];

const RISK = ["A", "B", "B", "B", "C", "C", "D"];
const PEOPLE_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾";
const PEOPLE_GIVEN = [
  "建国",
  "海燕",
  "志强",
  "秀英",
  "国华",
  "丽娟",
  "文斌",
  "晓东",
  "桂兰",
  "永刚",
  "春梅",
  "俊杰",
  "红霞",
  "立新",
  "玉珍",
  "宏伟",
];

export function demoPersonName(rand: () => number): string {
  return (
    PEOPLE_SURNAMES[Math.floor(rand() * PEOPLE_SURNAMES.length)] +
    PEOPLE_GIVEN[Math.floor(rand() * PEOPLE_GIVEN.length)]
  );
}

export interface DemoSubject {
  record: SubjectRecord;
  departments: string[];
}

/** About 345 subjects across the demo departments; a few are 注销/吊销/查无下落 or on the abnormal list. */
export function demoSubjects(): DemoSubject[] {
  const rand = prng(150821);
  const out: DemoSubject[] = [];
  const names = new Set<string>();
  for (const s of SECTORS) {
    for (let i = 0; i < s.count; i++) {
      let name = "";
      for (let attempt = 0; attempt < 50 && (name === "" || names.has(name)); attempt++) {
        const word = s.names[Math.floor(rand() * s.names.length)];
        const suffix = s.suffixes[Math.floor(rand() * s.suffixes.length)];
        name = `五原县${word}${attempt > 0 ? String(attempt) : ""}${suffix}`.replace("五原县五原县", "五原县");
      }
      names.add(name);
      const roll = rand();
      const status = roll < 0.03 ? "CANCELLED" : roll < 0.05 ? "REVOKED" : roll < 0.06 ? "UNREACHABLE" : "ACTIVE";
      const town = TOWNS[Math.floor(rand() * TOWNS.length)];
      out.push({
        departments: s.departments,
        record: {
          kind: s.kind,
          name,
          creditCode: s.prefix ? demoCreditCode(s.prefix, rand) : null,
          registrationNo: null,
          legalRepresentative: s.prefix ? demoPersonName(rand) : null,
          address: `内蒙古自治区巴彦淖尔市五原县${town}${1 + Math.floor(rand() * 200)}号`,
          regionCode: WUYUAN_REGION,
          industryCode: s.industry,
          status,
          abnormalListSince: rand() < 0.05 ? "2024-06-30" : null,
          blacklistSince: rand() < 0.01 ? "2024-09-30" : null,
          riskClass: RISK[Math.floor(rand() * RISK.length)],
          riskSource: "部门信用风险分类",
          riskAssessedOn: "2025-01-15",
          tags: [s.tag],
          subLibraries: [],
          supervisedSince: "2023-01-01",
          notes: null,
        },
      });
    }
  }
  return out;
}
