import { getOperationAST, parse } from "graphql";
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
