import { getMetadataStorage } from "type-graphql";
import { feedOfOperation, isPublicOperation } from "../../src/auth/operation-rule";
import { FEEDS } from "../../src/domain/live/feeds";
import { resolvers } from "../../src/resolvers";

type Kind = "Query" | "Mutation" | "Subscription";
interface Operation {
  kind: Kind;
  target: object;
  method: string;
  name: string;
}

/** Every root operation of the schema's resolver classes, read from type-graphql's decorator metadata. */
function operations(): Operation[] {
  const m = getMetadataStorage();
  const ours = new Set<object>(resolvers);
  const of = (kind: Kind, list: typeof m.queries) =>
    list
      .filter((r) => ours.has(r.target))
      .map((r) => ({ kind, target: r.target, method: r.methodName, name: r.schemaName }));
  return [...of("Query", m.queries), ...of("Mutation", m.mutations), ...of("Subscription", m.subscriptions)];
}

function authorizedRoles(o: Operation): readonly string[] | undefined {
  const m = getMetadataStorage();
  const field = m.authorizedFields.find((a) => a.target === o.target && a.fieldName === o.method);
  return (field ?? m.authorizedResolver.find((a) => a.target === o.target))?.roles;
}

const label = (o: Operation) => `${o.kind}.${o.name} (${(o.target as { name: string }).name}.${o.method})`;

test("the schema has root operations to check", () => {
  const ops = operations();
  expect(ops.length).toBeGreaterThan(150);
  expect(ops.some((o) => o.kind === "Subscription")).toBe(true);
});

test("every Query, Mutation and Subscription declares its rule: @Authorized, @Public or (subscriptions) @FeedAccess", () => {
  const undeclared = operations()
    .filter(
      (o) => !authorizedRoles(o) && !isPublicOperation(o.target, o.method) && !feedOfOperation(o.target, o.method),
    )
    .map(label);
  expect(undeclared).toEqual([]);
});

test("an operation declares exactly one rule", () => {
  const twice = operations()
    .filter(
      (o) =>
        [
          authorizedRoles(o),
          isPublicOperation(o.target, o.method) || undefined,
          feedOfOperation(o.target, o.method),
        ].filter((r) => r !== undefined).length > 1,
    )
    .map(label);
  expect(twice).toEqual([]);
});

test("@FeedAccess is only for subscriptions, and names a declared feed", () => {
  const misplaced = operations()
    .filter((o) => {
      const feed = feedOfOperation(o.target, o.method);
      return feed !== undefined && (o.kind !== "Subscription" || !(feed in FEEDS));
    })
    .map(label);
  expect(misplaced).toEqual([]);
});

test("anonymous operations are the known public ones (a new @Public must be added here on purpose)", () => {
  const open = operations()
    .filter((o) => isPublicOperation(o.target, o.method))
    .map((o) => `${o.kind}.${o.name}`)
    .sort();
  expect(open).toEqual(PUBLIC_OPERATIONS);
});

/** 一公开 and the firm's side (firm code, no account): what each shows anonymously is decided by RLS and the service. */
const PUBLIC_OPERATIONS = [
  "Mutation.firmAcceptVisitDate",
  "Mutation.firmComplain",
  "Mutation.firmConfirmVisit",
  "Mutation.firmProposeVisitDate",
  "Mutation.firmRateVisit",
  "Mutation.firmRequestRecusal",
  "Mutation.login",
  "Query.addWorkingDays",
  "Query.complianceEstimates",
  "Query.creditRecords",
  "Query.currentItemList",
  "Query.draw",
  "Query.exportComplianceEstimates",
  "Query.exportItemList",
  "Query.exportPublishedResults",
  "Query.itemListDiff",
  "Query.itemListVersion",
  "Query.itemListVersions",
  "Query.jointItemList",
  "Query.jointPlan",
  "Query.jointPlans",
  "Query.jointTask",
  "Query.jointTasks",
  "Query.plan",
  "Query.plans",
  "Query.publicEvents",
  "Query.publicItemSearch",
  "Query.publishedResultHistory",
  "Query.publishedResults",
  "Query.resultCodes",
  "Query.ruleCodes",
  "Query.task",
  "Query.tenant",
  "Query.tenants",
  "Query.visitCheck",
  "Query.workingCalendar",
];
