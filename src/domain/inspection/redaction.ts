/**
 * Redaction of published results (一公开): personal data of individual business owners and inspectors never leaves
 * the department; fields a department marks as commercial or state secret are withheld with a note.
 */
import { replacePersonalNumbers } from "../personal-numbers";

export type WithholdKind = "COMMERCIAL_SECRET" | "STATE_SECRET";
export const WITHHELD_NOTE: Record<WithholdKind, string> = {
  COMMERCIAL_SECRET: "该项内容涉及商业秘密，依法不予公开",
  STATE_SECRET: "该项内容涉及国家秘密，依法不予公开",
};

/**
 * Masks ID and phone numbers in free text, in every common form (src/domain/personal-numbers.ts): an ID number keeps
 * its first and last character, a phone its first three and last two digits.
 */
export function maskPersonalNumbers(text: string): string {
  return replacePersonalNumbers(text, ({ kind, national: n }) =>
    kind === "ID_NUMBER"
      ? `${n.slice(0, 1)}${"*".repeat(n.length - 2)}${n.slice(-1)}`
      : `${n.slice(0, 3)}****${n.slice(-2)}`,
  );
}

/** A person's name as published: surname kept, the rest masked ("张**"). */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? "*" : chars[0] + "*".repeat(chars.length - 1);
}

export interface PublicationSource {
  subjectKind: string;
  subjectName: string;
  creditCode: string | null;
  legalRepresentative: string | null;
  address: string | null;
  departmentName: string;
  taskName: string;
  mode: string | null;
  inspectedOn: string;
  categoryCode: string;
  categoryName: string;
  /** The department's provincial platform code for the category at publication (result_code_mapping), if mapped. */
  provincialCode?: string | null;
  problems: string;
  handling: string;
  items: string[];
  inspectors: Array<{ name: string; certificateNo: string }>;
  withheld: Array<{ field: WithholdableField; kind: WithholdKind }>;
  /** Set for a department's part of a joint visit (部门联合抽查). */
  jointVisit?: PublicJointVisit | null;
}

/** The joint visit a published part belongs to: the joint task and every participating department, in order. */
export interface PublicJointVisit {
  visitId: string;
  taskName: string;
  departments: Array<{ id: string; name: string }>;
}

export const WITHHOLDABLE_FIELDS = ["problems", "handling", "items", "address"] as const;
export type WithholdableField = (typeof WITHHOLDABLE_FIELDS)[number];

export interface PublicContent {
  subjectName: string;
  creditCode: string | null;
  legalRepresentative: string | null;
  address: string | null;
  departmentName: string;
  taskName: string;
  mode: string | null;
  inspectedOn: string;
  categoryCode: string;
  categoryName: string;
  /** Absent in snapshots published before the mapping was recorded. */
  provincialCode?: string | null;
  problems: string | null;
  handling: string | null;
  items: string[] | null;
  inspectors: Array<{ name: string; certificateNo: string }>;
  withheld: Array<{ field: WithholdableField; note: string }>;
  /** Absent for a department's own check; a joint visit's part names the visit and the other departments. */
  jointVisit?: PublicJointVisit;
}

/**
 * The public snapshot of a result. Individual businesses (个体工商户): the owner's name is masked wherever it appears
 * (also as the business name when it has no 字号). Inspectors: name and enforcement certificate only (执法证号 is
 * public by rule; identity numbers never are). Free text: ID and phone numbers masked.
 */
export function toPublicContent(s: PublicationSource): PublicContent {
  const individual = s.subjectKind === "INDIVIDUAL_BUSINESS";
  const owner = s.legalRepresentative?.trim() || null;
  const hideOwner = (text: string) => {
    const masked = maskPersonalNumbers(text);
    return individual && owner ? masked.split(owner).join(maskPersonName(owner)) : masked;
  };
  const withheld = new Map(s.withheld.map((w) => [w.field, w.kind]));
  const keep = <T>(field: WithholdableField, value: T): T | null => (withheld.has(field) ? null : value);
  return {
    subjectName: hideOwner(s.subjectName),
    creditCode: s.creditCode,
    legalRepresentative: owner ? (individual ? maskPersonName(owner) : owner) : null,
    address: keep("address", s.address ? hideOwner(s.address) : null),
    departmentName: s.departmentName,
    taskName: s.taskName,
    mode: s.mode,
    inspectedOn: s.inspectedOn,
    categoryCode: s.categoryCode,
    categoryName: s.categoryName,
    provincialCode: s.provincialCode ?? null,
    problems: keep("problems", hideOwner(s.problems)),
    handling: keep("handling", hideOwner(s.handling)),
    items: keep("items", s.items),
    inspectors: s.inspectors.map((i) => ({ name: i.name, certificateNo: i.certificateNo })),
    withheld: [...withheld].map(([field, kind]) => ({ field, note: WITHHELD_NOTE[kind] })),
    ...(s.jointVisit ? { jointVisit: s.jointVisit } : {}),
  };
}

/** Which public fields a correction changed (for the publication history). */
export function changedFields(before: PublicContent, after: PublicContent): string[] {
  // The provincial code follows the category through the department's mapping: not a field a correction changes.
  const keys = (Object.keys(after) as Array<keyof PublicContent>).filter((k) => k !== "provincialCode");
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
