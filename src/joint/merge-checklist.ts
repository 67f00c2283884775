import { itemAppliesTo } from "./applicability";
import type { CheckItem } from "./check-item";
import type { ChecklistError, ChecklistInput, ChecklistLine, MergedChecklist } from "./checklist";
import { compareCodes, compareStrings } from "./compare";
import { type JointDepartment, orderDepartments } from "./department";
import { uniqueLegalBases } from "./legal-basis";
import { err, ok, type Result } from "./result";
import { richTextToPlain } from "./rich-text";
import { UnionFind } from "./union-find";

/**
 * Merges the departments' items into one checklist (进一次门、查多项事): items that are the same matter
 * (same joint-list entry, or declared equivalent, transitively) share one line listing every owner.
 * Lines follow the department order (initiator first, then code) and item code; a shared line sits where
 * its first owner's item would. The result does not depend on the order of the input. With a target, only the items
 * that apply to it are merged (applicability.ts); contents print as plain text (rich-text.ts).
 */
export function mergeChecklist(input: ChecklistInput): Result<MergedChecklist, ChecklistError[]> {
  const errors = validate(input);
  if (errors.length > 0) return err(errors);

  const departments = orderDepartments(input.departments, input.initiatingDepartmentId);
  const position = new Map(departments.map((d, i) => [d.id, i]));
  const target = input.target;
  const applying = target
    ? input.items.filter((i) =>
        itemAppliesTo({ targetKinds: i.targetKinds ?? [], targetIndustryCodes: i.targetIndustryCodes }, target),
      )
    : input.items;
  const items = [...applying].sort(
    (a, b) =>
      position.get(a.departmentId)! - position.get(b.departmentId)! ||
      compareCodes(a.code, b.code) ||
      compareStrings(a.id, b.id),
  );

  const sets = sameMatterSets(items, input.equivalences ?? []);
  // A Map keeps insertion order, so each group lands at its first owner's position.
  const groups = new Map<string, CheckItem[]>();
  for (const item of items) {
    const root = sets.find(item.id);
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
  }

  const byId = new Map(departments.map((d) => [d.id, d]));
  const lines = [...groups.values()].map((members, i) => toLine(members, i + 1, byId));
  return ok({
    departments,
    initiatingDepartmentId: input.initiatingDepartmentId,
    lines,
    counts: { itemsContributed: items.length, lines: lines.length, duplicatesAvoided: items.length - lines.length },
  });
}

function validate(input: ChecklistInput): ChecklistError[] {
  const errors: ChecklistError[] = [];
  const departmentIds = new Set<string>();
  for (const d of input.departments) {
    if (departmentIds.has(d.id)) errors.push({ code: "DUPLICATE_DEPARTMENT", departmentId: d.id });
    departmentIds.add(d.id);
  }
  if (!departmentIds.has(input.initiatingDepartmentId)) {
    errors.push({ code: "UNKNOWN_INITIATOR", departmentId: input.initiatingDepartmentId });
  }
  const itemIds = new Set<string>();
  for (const item of input.items) {
    if (itemIds.has(item.id)) errors.push({ code: "DUPLICATE_ITEM", itemId: item.id });
    itemIds.add(item.id);
    if (!departmentIds.has(item.departmentId)) {
      errors.push({ code: "UNKNOWN_DEPARTMENT", itemId: item.id, departmentId: item.departmentId });
    }
  }
  return errors;
}

function sameMatterSets(items: readonly CheckItem[], equivalences: readonly (readonly string[])[]): UnionFind {
  const sets = new UnionFind();
  const firstOfEntry = new Map<string, string>();
  for (const item of items) {
    sets.add(item.id);
    if (item.jointEntryId == null) continue;
    const first = firstOfEntry.get(item.jointEntryId);
    if (first === undefined) firstOfEntry.set(item.jointEntryId, item.id);
    else sets.union(first, item.id);
  }
  for (const equivalence of equivalences) {
    const present = equivalence.filter((id) => sets.has(id));
    for (let i = 1; i < present.length; i++) sets.union(present[0], present[i]);
  }
  return sets;
}

function toLine(members: readonly CheckItem[], lineNo: number, byId: Map<string, JointDepartment>): ChecklistLine {
  const first = members[0];
  return {
    lineNo,
    key: members
      .map((m) => m.id)
      .sort(compareStrings)
      .join("+"),
    category: first.category,
    name: first.name,
    content: distinct(members.map((m) => richTextToPlain(m.content)).filter((c) => c !== "")).join("\n"),
    methods: distinct(members.flatMap((m) => m.methods)),
    legalBasis: uniqueLegalBases(members.flatMap((m) => m.legalBasis)),
    jointEntryIds: distinct(members.flatMap((m) => (m.jointEntryId == null ? [] : [m.jointEntryId]))).sort(
      compareStrings,
    ),
    owners: members.map((m) => ({
      departmentId: m.departmentId,
      departmentName: byId.get(m.departmentId)!.name,
      itemId: m.id,
      itemCode: m.code,
    })),
  };
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
