/** An item as the diff sees it: compared by code, field by field. */
export type DiffableItem = { code: string } & Record<string, unknown>;

export interface ItemChange<T> {
  code: string;
  fields: string[];
  before: T;
  after: T;
}

export interface ItemListDiff<T> {
  added: T[];
  removed: T[];
  changed: ItemChange<T>[];
}

/** Differences between two versions of a 随机抽查事项清单, by item code; `fields` are compared as JSON. */
export function diffItemLists<T extends DiffableItem>(
  from: readonly T[],
  to: readonly T[],
  fields: readonly string[],
): ItemListDiff<T> {
  const before = new Map(from.map((i) => [i.code, i]));
  const after = new Map(to.map((i) => [i.code, i]));
  const changed: ItemChange<T>[] = [];
  for (const [code, b] of before) {
    const a = after.get(code);
    if (!a) continue;
    const diff = fields.filter((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null));
    if (diff.length) changed.push({ code, fields: diff, before: b, after: a });
  }
  return {
    added: to.filter((i) => !before.has(i.code)),
    removed: from.filter((i) => !after.has(i.code)),
    changed,
  };
}
