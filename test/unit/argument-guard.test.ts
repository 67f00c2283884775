import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";
import { DomainError } from "../../src/errors";
import { createTransport } from "../../src/pubsub";
import { checkArguments, isDateName, isGuarded, isReasonName, REASON_MAX } from "../../src/schema/argument-guard";
import { buildSchema } from "../../src/schema/build-schema";
import { DateTimeISO, InvalidDateTime } from "../../src/schema/date-time.scalar";

/**
 * Walks the built schema (the one both transports serve) and calls every field's resolver with one bad value at one
 * argument path: every ID, every date and every String argument of a mutation must be refused with BAD_USER_INPUT
 * before the resolver runs. A field added later is walked too, so it cannot escape.
 */
interface Probe {
  /** Query.plan(id) / Mutation.createTask(input.windowFrom) */
  label: string;
  field: GraphQLField<unknown, unknown>;
  root: string;
  /** Argument name, then input-field names. */
  path: string[];
  /** The leaf's wrappers from the argument down: true where a list. */
  lists: boolean[];
  scalar: string;
  description: string;
}

let schema: GraphQLSchema;
let probes: Probe[];

beforeAll(async () => {
  schema = await buildSchema(createTransport("memory"));
  probes = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields()))
      for (const arg of field.args) collect(type.name, field, arg.name, arg.type, [arg.name], [], arg, new Set());
  }
});

function collect(
  root: string,
  field: GraphQLField<unknown, unknown>,
  _name: string,
  type: GraphQLInputType,
  path: string[],
  lists: boolean[],
  def: { description?: string | null } | GraphQLArgument,
  seen: Set<string>,
): void {
  let t = type;
  let list = false;
  while (isNonNullType(t) || isListType(t)) {
    if (isListType(t)) list = true;
    t = t.ofType as GraphQLInputType;
  }
  const named = getNamedType(t);
  if (isInputObjectType(named)) {
    if (seen.has(named.name)) return; // recursive inputs: one level is enough to prove the walk
    for (const f of Object.values(named.getFields()))
      collect(root, field, f.name, f.type, [...path, f.name], [...lists, list], f, new Set([...seen, named.name]));
    return;
  }
  probes.push({
    label: `${root}.${field.name}(${path.join(".")})`,
    field,
    root,
    path,
    lists: [...lists, list],
    scalar: named.name,
    description: def.description ?? "",
  });
}

/** Arguments holding `value` at the probe's path, lists wrapped where the schema has lists. */
function argsAt(p: Probe, value: unknown): Record<string, unknown> {
  let v: unknown = p.lists[p.lists.length - 1] ? [value] : value;
  for (let i = p.path.length - 1; i > 0; i--) v = p.lists[i - 1] ? [{ [p.path[i]]: v }] : { [p.path[i]]: v };
  return { [p.path[0]]: v };
}

/** The check the field's resolver runs first (every field with arguments is wrapped: see the first test). */
function refusal(p: Probe, value: unknown): DomainError | string {
  try {
    checkArguments(`${p.root}.${p.field.name}`, p.field.args, argsAt(p, value));
    return "accepted";
  } catch (e) {
    return e instanceof DomainError && e.code === "BAD_USER_INPUT" ? e : `threw ${String(e)}`;
  }
}

const NUL = `计划${String.fromCharCode(0)}标题`;
const LONE = `计划\ud800标题`;

test("every field with arguments checks them before its resolver (and subscriber) runs", () => {
  const unguarded = probes.filter((p) => !isGuarded(p.field)).map((p) => p.label);
  expect(unguarded).toEqual([]);
});

test("the walk finds the arguments it must guard", () => {
  expect(probes.filter((p) => p.scalar === "ID").length).toBeGreaterThan(100);
  expect(probes.filter((p) => p.scalar === "String" && isDateName(p.path[p.path.length - 1])).length).toBeGreaterThan(
    25,
  );
});

test("every ID argument, at any depth, refuses a non-UUID", () => {
  const escaped = probes
    .filter((p) => p.scalar === "ID")
    .filter((p) => !(refusal(p, "1 OR 1=1") instanceof DomainError))
    .map((p) => p.label);
  expect(escaped).toEqual([]);
});

test("every date argument refuses impossible dates and non-dates", () => {
  const dates = probes.filter((p) => p.scalar === "String" && isDateName(p.path[p.path.length - 1]));
  for (const bad of ["2026-02-30", "2026-13-01", "2025-02-29", "2026-00-10", "2026-4-1", "明天"]) {
    const escaped = dates.filter((p) => !(refusal(p, bad) instanceof DomainError)).map((p) => p.label);
    expect({ bad, escaped }).toEqual({ bad, escaped: [] });
  }
});

test("every DateTimeISO argument refuses what the scalar could not parse, as a literal or a variable", () => {
  const times = probes.filter((p) => p.scalar === "DateTimeISO");
  expect(times.length).toBeGreaterThanOrEqual(3);
  for (const bad of ["2026-02-30T09:00:00+08:00", "2026-03-01 09:30", "明天", 20260301]) {
    const parsed = DateTimeISO.parseValue(bad);
    expect(parsed).toBeInstanceOf(InvalidDateTime);
    const escaped = times.filter((p) => !(refusal(p, parsed) instanceof DomainError)).map((p) => p.label);
    expect({ bad, escaped }).toEqual({ bad, escaped: [] });
  }
  const good = DateTimeISO.parseValue("2026-03-01T09:30:00+08:00");
  expect(good).toEqual(new Date("2026-03-01T01:30:00Z"));
  expect(times.map((p) => refusal(p, good))).toEqual(times.map(() => "accepted"));
});

test("a String described as a date is named as one (so the date rule sees it)", () => {
  const described = probes.filter(
    (p) =>
      p.scalar === "String" && /日期|期限|截止|YYYY-MM-DD/.test(p.description) && !/月-日|MM-DD$/.test(p.description),
  );
  expect(described.length).toBeGreaterThan(10);
  expect(described.filter((p) => !isDateName(p.path[p.path.length - 1])).map((p) => p.label)).toEqual([]);
});

test("every String argument of a mutation refuses NUL bytes and lone surrogates", () => {
  const strings = probes.filter((p) => p.root === "Mutation" && (p.scalar === "String" || p.scalar === "ID"));
  expect(strings.length).toBeGreaterThan(150);
  for (const bad of [NUL, LONE, "\udc00", "尾\ud83d"]) {
    const escaped = strings.filter((p) => !(refusal(p, bad) instanceof DomainError)).map((p) => p.label);
    expect({ bad: JSON.stringify(bad), escaped }).toEqual({ bad: JSON.stringify(bad), escaped: [] });
  }
});

test("every stated reason (void, release, correction, recusal, decline …) is capped, at any depth", () => {
  const reasons = probes.filter((p) => p.scalar === "String" && isReasonName(p.path[p.path.length - 1]));
  expect(reasons.length).toBeGreaterThan(20);
  const long = "理".repeat(REASON_MAX + 1);
  const escaped = reasons.filter((p) => !(refusal(p, long) instanceof DomainError)).map((p) => p.label);
  expect(escaped).toEqual([]);
  const refused = refusal(reasons[0], long) as DomainError;
  expect(refused.message).toMatch(/说明文字过长（1001 字），最多 1000 字$/);
  expect(refused.details).toMatchObject({ reason: "length", max: REASON_MAX });
  // Exactly the cap passes; characters are counted, not UTF-16 units ("𠀀" is one character).
  expect(refusal(reasons[0], "理".repeat(REASON_MAX))).toBe("accepted");
  expect(refusal(reasons[0], "𠀀".repeat(REASON_MAX))).toBe("accepted");
});

test("strings inside JSON arguments are checked too", () => {
  const json = probes.filter((p) => p.scalar === "JSON" || p.scalar === "JSONObject");
  for (const p of json) expect(refusal(p, { note: NUL })).toBeInstanceOf(DomainError);
});

test("inverted ranges are refused wherever a …From meets its …To", () => {
  const ranges = probes.filter((p) => p.scalar === "String" && /(^f|F)rom$/.test(p.path[p.path.length - 1]));
  expect(ranges.length).toBeGreaterThan(5);
  for (const p of ranges) {
    const leaf = p.path[p.path.length - 1];
    const endName = leaf === "from" ? "to" : `${leaf.slice(0, -4)}To`;
    const sibling = probes.find(
      (q) => q.field === p.field && q.path.join(".") === [...p.path.slice(0, -1), endName].join("."),
    );
    if (!sibling) continue;
    const args = argsAt(p, "2026-09-30");
    // put the end beside the start, in the same object
    let holder: Record<string, unknown> = args;
    for (let i = 0; i < p.path.length - 1; i++) {
      const next = holder[p.path[i]];
      holder = (Array.isArray(next) ? next[0] : next) as Record<string, unknown>;
    }
    holder[endName] = "2026-03-01";
    let error: unknown;
    try {
      checkArguments(`${p.root}.${p.field.name}`, p.field.args, args);
    } catch (e) {
      error = e;
    }
    expect({ label: p.label, code: (error as DomainError)?.code }).toEqual({ label: p.label, code: "BAD_USER_INPUT" });
    expect((error as DomainError).details).toMatchObject({ reason: "range" });
  }
});

test("good values pass the guard", () => {
  const p = probes.find((x) => x.label === "Query.plan(id)") as Probe;
  expect(refusal(p, "00000000-0000-4000-8000-000000000000")).toBe("accepted");
  const d = probes.find((x) => x.label === "Query.addWorkingDays(date)") as Probe;
  expect(refusal(d, "2028-02-29")).toBe("accepted");
  const t = probes.find((x) => x.label === "Mutation.createPlan(title)") as Probe;
  expect(refusal(t, "2026年度计划 👍")).toBe("accepted");
  const y = probes.find((x) => x.label === "Query.formLink(id)") as Probe;
  expect(refusal(y, "2026")).toBe("accepted");
});
