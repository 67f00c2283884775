import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, getNamedType, getOperationAST, isObjectType, parse } from "graphql";
import { USER_ROW } from "../../src/auth/authenticate";
import { answeredByPrincipal } from "../../src/operation/principal-only";

const answered = (q: string) => {
  const op = getOperationAST(parse(q));
  if (!op) throw new Error("no operation");
  return answeredByPrincipal(op);
};

describe("operations the principal re-read answers whole (committed in the opening round trip)", () => {
  test("`me` with fields of the user row, with aliases and __typename", () => {
    expect(answered(`{ me { id username displayName } }`)).toBe(true);
    expect(answered(`query Me { me { __typename id roles active createdAt } __typename }`)).toBe(true);
    expect(answered(`{ who: me { name: displayName } }`)).toBe(true);
  });

  test("anything else keeps its transaction open for its queries", () => {
    expect(answered(`{ __typename }`)).toBe(false); // no round trip at all (readsData)
    expect(answered(`{ me { id tenant { code } } }`)).toBe(false);
    expect(answered(`{ me { id } users { items { id } } }`)).toBe(false);
    expect(answered(`{ me { ...F } } fragment F on User { id }`)).toBe(false);
    expect(answered(`{ me { ... on User { id } } }`)).toBe(false);
    expect(answered(`{ me @include(if: true) { id } }`)).toBe(false);
    expect(answered(`{ me { id @skip(if: false) } }`)).toBe(false);
    expect(answered(`mutation { me { id } }`)).toBe(false);
    expect(answered(`subscription { me { id } }`)).toBe(false);
    expect(answered(`{ me { id passwordHash } }`)).toBe(false);
  });
});

describe("the user row is one list (src/auth/authenticate.ts USER_ROW)", () => {
  // `me` returns ctx().user, the row the re-read loaded, whenever it is there: a field of User that USER_ROW does not
  // fill would be answered as null from it. Object fields (`tenant`) have their own resolvers.
  const schema = buildSchema(readFileSync(path.join(__dirname, "../../schema.graphql"), "utf8"));
  const user = schema.getType("User");
  if (!isObjectType(user)) throw new Error("no User type in schema.graphql");
  const leaves = Object.values(user.getFields())
    .filter((f) => !isObjectType(getNamedType(f.type)))
    .map((f) => f.name);

  test("every leaf field of User is loaded by the re-read, and `me` selecting it is answered whole", () => {
    expect(leaves.length).toBeGreaterThan(3);
    for (const field of leaves) {
      expect([field, Object.keys(USER_ROW).includes(field)]).toEqual([field, true]);
      expect([field, answered(`{ me { ${field} } }`)]).toEqual([field, true]);
    }
  });
});
