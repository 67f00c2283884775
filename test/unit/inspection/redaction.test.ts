import { detectMimeType } from "../../../src/domain/inspection/evidence";
import {
  changedFields,
  maskPersonalNumbers,
  maskPersonName,
  type PublicationSource,
  toPublicContent,
} from "../../../src/domain/inspection/redaction";

const base: PublicationSource = {
  subjectKind: "INDIVIDUAL_BUSINESS",
  subjectName: "五原县张三丰小吃店",
  creditCode: "92150821MA0000000X",
  legalRepresentative: "张三丰",
  address: "隆兴昌镇张三丰家",
  departmentName: "五原县市场监督管理局",
  taskName: "食品经营抽查",
  mode: "ON_SITE",
  inspectedOn: "2025-05-06",
  categoryCode: "CORRECTED",
  categoryName: "发现问题已责令改正",
  problems: "张三丰（身份证15082119800101123X，电话13812345678，座机0478-7212345）未公示",
  handling: "责令改正",
  items: ["食品经营许可"],
  inspectors: [{ name: "李检查", certificateNo: "15080001" }],
  withheld: [],
};

describe("public redaction (一公开)", () => {
  test("an individual business owner's name is masked everywhere; numbers in free text too", () => {
    const c = toPublicContent(base);
    expect(c.subjectName).toBe("五原县张**小吃店");
    expect(c.legalRepresentative).toBe("张**");
    expect(c.address).toBe("隆兴昌镇张**家");
    expect(c.problems).not.toMatch(/张三丰|15082119800101123X|13812345678|7212345/);
    expect(c.problems).toContain("138****78");
  });

  test("an enterprise's legal representative is public; inspectors keep name and certificate only", () => {
    const c = toPublicContent({ ...base, subjectKind: "ENTERPRISE", subjectName: "五原县某某有限公司" });
    expect(c.legalRepresentative).toBe("张三丰");
    expect(c.inspectors).toEqual([{ name: "李检查", certificateNo: "15080001" }]);
  });

  test("withheld fields are empty and carry a note saying why", () => {
    const c = toPublicContent({
      ...base,
      withheld: [
        { field: "problems", kind: "STATE_SECRET" },
        { field: "items", kind: "COMMERCIAL_SECRET" },
      ],
    });
    expect(c.problems).toBeNull();
    expect(c.items).toBeNull();
    expect(c.withheld).toEqual([
      { field: "problems", note: "该项内容涉及国家秘密，依法不予公开" },
      { field: "items", note: "该项内容涉及商业秘密，依法不予公开" },
    ]);
    expect(changedFields(toPublicContent(base), c)).toEqual(["problems", "items", "withheld"]);
  });

  test("helpers", () => {
    expect(maskPersonName("欧阳")).toBe("欧*");
    expect(maskPersonalNumbers("编号 2024001 不变")).toBe("编号 2024001 不变");
  });
});

describe("evidence type by magic bytes", () => {
  test("known types are recognised whatever the file name says; others are refused", () => {
    expect(detectMimeType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(detectMimeType(Buffer.from("%PDF-1.7"))).toBe("application/pdf");
    expect(detectMimeType(Buffer.from("RIFF\0\0\0\0WAVEfmt "))).toBe("audio/wav");
    expect(detectMimeType(Buffer.from("<html><script>"))).toBeNull();
    expect(detectMimeType(Buffer.from("MZ\x90\0"))).toBeNull();
  });
});
