import { SignJWT } from "jose";
import { TokenService } from "../../../src/auth/tokens";
import { clockFrom, resetClock, setClock } from "../../../src/time";

afterEach(() => resetClock());

const SECRET = "token-cache-test-secret-of-enough-length";
const claims = { userId: "7c9e6679-7425-40de-944b-e07fc1f90ae7", tenantId: "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed" };

describe("verified access tokens are remembered, never their expiry", () => {
  test("the same token, verified again, keeps its claims while it lives and is refused the moment exp is reached", async () => {
    setClock(clockFrom("2026-12-07T10:00:00.000Z"));
    const tokens = new TokenService(SECRET, 60);
    const { token, expiresAt } = await tokens.issue(claims);
    const first = await tokens.verify(token);
    expect(first).toEqual({ ...claims, expiresAt: expiresAt.getTime() });
    expect(await tokens.verify(token)).toEqual(first);
    // One millisecond before exp: still valid (jose: exp must be later than the current second).
    setClock(() => new Date(expiresAt.getTime() - 1));
    expect(await tokens.verify(token)).toEqual(first);
    // At exp and later: refused, from the cache as jose refuses it.
    setClock(() => new Date(expiresAt.getTime()));
    expect(await tokens.verify(token)).toEqual({ refused: "expired" });
    setClock(() => new Date(expiresAt.getTime() + 3_600_000));
    expect(await tokens.verify(token)).toEqual({ refused: "expired" });
    // A fresh service (no cache) says the same.
    expect(await new TokenService(SECRET, 60).verify(token)).toEqual({ refused: "expired" });
  });

  test("a token changed in any byte, or signed with another secret, is checked anew and refused", async () => {
    const tokens = new TokenService(SECRET, 60);
    const { token } = await tokens.issue(claims);
    expect(await tokens.verify(token)).toMatchObject(claims);
    const [header, payload, signature] = token.split(".");
    // A character in the middle (the last one carries padding bits that decoding may ignore).
    const other = signature[10] === "A" ? "B" : "A";
    expect(await tokens.verify(`${header}.${payload}.${signature.slice(0, 10)}${other}${signature.slice(11)}`)).toEqual(
      {
        refused: "invalid",
      },
    );
    const forged = JSON.parse(Buffer.from(payload, "base64url").toString());
    forged.tid = "00000000-0000-0000-0000-000000000000";
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`;
    expect(await tokens.verify(tampered)).toEqual({ refused: "invalid" });
    const foreign = (await new TokenService(`${SECRET}-other`, 60).issue(claims)).token;
    expect(await tokens.verify(foreign)).toEqual({ refused: "invalid" });
    // Still refused on a second try: refusals are never cached as successes.
    expect(await tokens.verify(foreign)).toEqual({ refused: "invalid" });
  });

  test("a token without exp is refused, every time", async () => {
    const tokens = new TokenService(SECRET, 60);
    const noExp = await new SignJWT({ tid: claims.tenantId })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.userId)
      .setIssuer("jointcheck")
      .setAudience("jointcheck-api")
      .setIssuedAt()
      .sign(Buffer.from(SECRET, "utf8"));
    expect(await tokens.verify(noExp)).toEqual({ refused: "invalid" });
    expect(await tokens.verify(noExp)).toEqual({ refused: "invalid" });
  });

  test("the cache is bounded: the oldest tokens leave it and are verified again", async () => {
    const tokens = new TokenService(SECRET, 600, 50);
    const first = (await tokens.issue(claims)).token;
    await tokens.verify(first);
    const size = () => (tokens as unknown as { verified: Map<string, unknown> }).verified.size;
    for (let i = 0; i < 50 + 10; i++)
      await tokens.verify(
        (await tokens.issue({ ...claims, tenantId: claims.tenantId.replace(/.{4}$/, `${i}`.padStart(4, "0")) })).token,
      );
    expect(size()).toBe(50);
    expect((tokens as unknown as { verified: Map<string, unknown> }).verified.has(first)).toBe(false);
    expect(await tokens.verify(first)).toMatchObject(claims);
  });
});
