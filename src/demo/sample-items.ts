import type { ItemRecord } from "../exchange/item-columns";

/**
 * Item lists from the seeds, as the demo publishes them and samples/ ships them:
 * - 五原县卫生健康委员会: the 4 items with 14-digit codes (seed 000; bases and contents abridged from the HTML);
 * - 五原县司法局: the 3 items (seed 000 lists names and 实地检查 only; the legal bases are the statutes that give
 *   司法行政部门 its supervision power, added here because every item needs one);
 * - 平罗县发改局's 3 items (seed 004 附件4, with its 附件3 ratios), transplanted to 五原县发展和改革委员会 with
 *   五原县市场监督管理局 as the cooperating department.
 * Classes and ratio caps not stated in a seed are demo assumptions (docs/EXCHANGE.md).
 */
const HEALTH = "五原县卫生健康委员会";
const JUSTICE = "五原县司法局";
const DRC = "五原县发展和改革委员会";
const SAMR = "五原县市场监督管理局";

const base = {
  targetDescription: null,
  frequency: "每年1次",
  requiredCategories: [] as string[],
  targetIndustryCodes: [] as string[],
  cooperatingDepartments: [] as string[],
};

export const HEALTH_ITEMS: ItemRecord[] = [
  {
    ...base,
    code: "36115082101005",
    category: "放射卫生",
    name: "对医疗机构开展放射诊疗活动监督检查",
    content:
      "<p>检查内容包括：（一）执行法律、法规、规章、标准和规范等情况；（二）放射诊疗规章制度和工作岗位职责落实情况；（三）健康监护制度和防护措施的落实情况；（四）放射事件调查处理和报告情况。</p>",
    methods: ["ON_SITE", "WRITTEN"],
    legalBasis: [
      {
        kind: "LAW",
        title: "中华人民共和国职业病防治法",
        articles: "第六十二条、第八十七条",
        text: "县级以上人民政府职业卫生监督管理部门依照职业病防治法律、法规、国家职业卫生标准和卫生要求，依据职责划分，对职业病防治工作进行监督检查。",
      },
      {
        kind: "DEPARTMENTAL_RULE",
        title: "放射诊疗管理规定",
        articles: "第三条、第三十四条、第三十六条",
        text: "县级以上地方人民政府卫生行政部门应当定期对本行政区域内开展放射诊疗活动的医疗机构进行监督检查。",
      },
    ],
    targetKinds: ["PUBLIC_INSTITUTION", "ENTERPRISE"],
    targetDescription: "开展放射诊疗活动的医疗机构",
    itemClass: "GENERAL",
    ratioCap: 0.3,
    defaultRatio: 0.05,
    requiredCategories: ["卫生健康"],
    initiatingDepartment: HEALTH,
  },
  {
    ...base,
    code: "36115082104002",
    category: "医疗卫生",
    name: "对医疗机构的卫生监督",
    content:
      "<p>（一）医疗机构的设置审批、执业登记和校验情况；（二）医疗机构的执业活动；（三）医疗机构评审；（四）违反《医疗机构管理条例》的行为。</p>",
    methods: ["ON_SITE", "WRITTEN"],
    legalBasis: [
      {
        kind: "ADMINISTRATIVE_REGULATION",
        title: "医疗机构管理条例",
        articles: "第四十条",
        text: "县级以上人民政府卫生行政部门行使下列监督管理职权：（一）负责医疗机构的设置审批、执业登记和校验；（二）对医疗机构的执业活动进行检查指导；（三）负责组织对医疗机构的评审；（四）对违反本条例的行为给予处罚。",
      },
    ],
    targetKinds: ["PUBLIC_INSTITUTION", "ENTERPRISE", "INDIVIDUAL_BUSINESS"],
    targetDescription: "医疗机构",
    itemClass: "GENERAL",
    ratioCap: 0.3,
    defaultRatio: 0.05,
    requiredCategories: ["卫生健康"],
    initiatingDepartment: HEALTH,
  },
  {
    ...base,
    code: "36115082103002",
    category: "传染病防治",
    name: "对医疗卫生机构医疗废物和传染病防治工作的监督检查",
    content:
      "<p>（一）医疗废物管理的规章制度及落实情况；（二）医疗废物分类收集、运送、暂时贮存及机构内处置的工作状况；（三）有关医疗废物管理的登记资料和记录；（四）相关人员的防护工作；（五）医疗废物丢失、泄露、扩散和意外事故的上报及调查处理情况；（六）现场卫生学监测。</p>",
    methods: ["ON_SITE", "WRITTEN"],
    legalBasis: [
      {
        kind: "DEPARTMENTAL_RULE",
        title: "医疗卫生机构医疗废物管理办法",
        articles: "第三条、第三十三条、第三十四条、第三十八条",
        text: "县级以上地方人民政府卫生行政部门应当依照《医疗废物管理条例》和本办法的规定，对所辖区县的医疗卫生机构进行定期监督检查和不定期抽查。",
      },
      {
        kind: "LAW",
        title: "中华人民共和国传染病防治法",
        articles: "第五十三条",
        text: "县级以上人民政府卫生行政部门对传染病防治工作履行监督检查职责。",
      },
    ],
    targetKinds: ["PUBLIC_INSTITUTION", "ENTERPRISE", "INDIVIDUAL_BUSINESS"],
    targetDescription: "医疗卫生机构",
    itemClass: "GENERAL",
    ratioCap: 0.3,
    defaultRatio: 0.05,
    requiredCategories: ["卫生健康"],
    initiatingDepartment: HEALTH,
  },
  {
    ...base,
    code: "36115082102006",
    category: "公共场所卫生",
    name: "对公共场所卫生监督",
    content:
      "<p>根据卫生监督量化评价的结果确定公共场所的卫生监督等级和日常监督检查频次；依据有关卫生标准和规范，采取现场卫生监测、采样、查阅和复制文件、询问等方法进行检查。</p>",
    methods: ["ON_SITE", "WRITTEN"],
    legalBasis: [
      {
        kind: "ADMINISTRATIVE_REGULATION",
        title: "公共场所卫生管理条例",
        articles: "第十条",
        text: "各级卫生防疫机构，负责管辖范围内的公共场所卫生监督工作。",
      },
      {
        kind: "DEPARTMENTAL_RULE",
        title: "公共场所卫生管理条例实施细则",
        articles: "第三条、第二十九条、第三十条、第三十一条、第三十二条",
        text: "县级以上地方人民政府卫生行政部门应当对公共场所卫生监督实施量化分级管理。",
      },
    ],
    targetKinds: ["PLACE", "ENTERPRISE", "INDIVIDUAL_BUSINESS"],
    targetDescription: "公共场所经营单位",
    itemClass: "GENERAL",
    ratioCap: 0.3,
    defaultRatio: 0.05,
    requiredCategories: ["卫生健康"],
    initiatingDepartment: HEALTH,
  },
];

export const JUSTICE_ITEMS: ItemRecord[] = [
  {
    ...base,
    code: "1",
    category: "法律服务监管",
    name: "对律师、律师事务所进行监督检查",
    content: "律师、律师事务所执业活动及管理制度落实情况",
    methods: ["ON_SITE"],
    legalBasis: [
      {
        kind: "LAW",
        title: "中华人民共和国律师法",
        articles: "第四条",
        text: "司法行政部门依照本法对律师、律师事务所和律师协会进行监督、指导。",
      },
    ],
    targetKinds: ["SOCIAL_ORGANIZATION", "OTHER"],
    targetDescription: "律师、律师事务所",
    itemClass: "GENERAL",
    ratioCap: 0.2,
    defaultRatio: 0.1,
    requiredCategories: ["司法行政"],
    initiatingDepartment: JUSTICE,
  },
  {
    ...base,
    code: "2",
    category: "法律服务监管",
    name: "对公证机构、公证员进行监督检查",
    content: "公证机构、公证员执业活动及管理制度落实情况",
    methods: ["ON_SITE"],
    legalBasis: [
      {
        kind: "LAW",
        title: "中华人民共和国公证法",
        articles: "第五条",
        text: "司法行政部门依照本法规定对公证机构、公证员和公证协会进行监督、指导。",
      },
    ],
    targetKinds: ["PUBLIC_INSTITUTION", "OTHER"],
    targetDescription: "公证机构、公证员",
    itemClass: "GENERAL",
    ratioCap: 0.2,
    defaultRatio: 0.1,
    requiredCategories: ["司法行政"],
    initiatingDepartment: JUSTICE,
  },
  {
    ...base,
    code: "3",
    category: "法律援助监管",
    name: "对法律援助管理工作进行监督检查",
    content: "法律援助机构组织实施法律援助工作情况",
    methods: ["ON_SITE"],
    legalBasis: [
      {
        kind: "LAW",
        title: "中华人民共和国法律援助法",
        articles: "第五条",
        text: "县级以上人民政府司法行政部门指导、监督本行政区域的法律援助工作。",
      },
    ],
    targetKinds: ["PUBLIC_INSTITUTION"],
    targetDescription: "法律援助机构",
    itemClass: "GENERAL",
    ratioCap: 0.2,
    defaultRatio: 0.1,
    requiredCategories: ["司法行政"],
    initiatingDepartment: JUSTICE,
  },
];

export const DRC_ITEMS: ItemRecord[] = [
  {
    ...base,
    code: "DRC-001",
    category: "企业安全生产事项检查",
    name: "油气长输管道开展安全生产检查",
    content: "对油气长输管道开展安全生产检查",
    methods: ["ON_SITE"],
    legalBasis: [{ kind: "LAW", title: "中华人民共和国石油天然气管道保护法", articles: "", text: "" }],
    targetKinds: ["ENTERPRISE", "FACILITY"],
    targetDescription: "油气长输管道企业",
    itemClass: "KEY",
    ratioCap: null,
    defaultRatio: 0.5,
    frequency: "每年1次",
    requiredCategories: ["发展改革"],
    initiatingDepartment: DRC,
    cooperatingDepartments: [SAMR],
  },
  {
    ...base,
    code: "DRC-002",
    category: "粮食流通监督检查",
    name: "储备粮（成品粮和食用油）专仓储存、专人保管、专账记载等情况检查",
    content:
      "1.储备粮（原粮、成品粮和食用油）承储企业执行专仓储存、专人保管、专账记载等合规达标情况；2.库存数量账实相符情况；3.其他依法抽查内容。",
    methods: ["ON_SITE"],
    legalBasis: [
      {
        kind: "ADMINISTRATIVE_REGULATION",
        title: "粮食流通管理条例",
        articles: "第十七条、第二十条、第二十一条、第二十三条",
        text: "",
      },
    ],
    targetKinds: ["ENTERPRISE"],
    targetDescription: "政策性储备粮（油）存储企业",
    itemClass: "KEY",
    ratioCap: null,
    defaultRatio: 0.2,
    requiredCategories: ["发展改革"],
    initiatingDepartment: DRC,
    cooperatingDepartments: [SAMR],
  },
  {
    ...base,
    code: "DRC-003",
    category: "粮食流通监督检查",
    name: "安全储粮、安全生产的检查",
    content: "1.企业安全储粮、安全生产工作和责任落实情况；2.库存粮食质量安全情况；3.其他依法检查内容。",
    methods: ["ON_SITE"],
    legalBasis: [{ kind: "ADMINISTRATIVE_REGULATION", title: "粮食流通管理条例", articles: "第三十八条", text: "" }],
    targetKinds: ["ENTERPRISE"],
    targetDescription: "政策性粮食库存承储企业、规模粮食经营企业",
    itemClass: "GENERAL",
    ratioCap: 0.03,
    defaultRatio: 0.01,
    requiredCategories: ["发展改革"],
    initiatingDepartment: DRC,
  },
];

/** Department code → its published demo list. */
export const DEMO_ITEM_LISTS: Record<string, ItemRecord[]> = {
  "wy-health": HEALTH_ITEMS,
  "wy-justice": JUSTICE_ITEMS,
  "wy-drc": DRC_ITEMS,
};
