import { createSecretKey, type KeyObject } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { now, nowMs } from "../time";

export interface AccessClaims {
  userId: string;
  tenantId: string;
}

export interface VerifiedClaims extends AccessClaims {
  /** Epoch milliseconds of the token's `exp`. */
  expiresAt: number;
}

const ISSUER = "jointcheck";
const AUDIENCE = "jointcheck-api";
/** Printable-form links (/forms/…): a separate audience, so such a token never opens the API. */
const FORM_AUDIENCE = "jointcheck-form";
export const FORM_LINK_TTL_SECONDS = 300;
/** Access tokens whose signature and claims were checked, kept with their claims (the oldest go first). */
export const VERIFIED_TOKEN_CACHE = 5000;

/**
 * Short-lived HS256 access tokens (exp required). Roles are not trusted from the token: they are re-read per
 * operation, so a token only says who the caller claims to be until it expires.
 */
export class TokenService {
  /** A KeyObject made once: jose would otherwise build one from the bytes for every token it checks. */
  private readonly key: KeyObject;
  /**
   * Tokens already verified, by their exact text: the signature, issuer and audience of a given string never change,
   * so a client that sends the same token on every request pays the HMAC and the claim parsing once (~9 % of the
   * CPU of a `{ __typename }` request, BENCHMARKS.md "http"). The expiry is still checked on every use, against the
   * one clock, exactly as jose checks it (`exp` must be later than the current second). Only successes are kept.
   */
  private readonly verified = new Map<string, VerifiedClaims>();
  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly cacheSize = VERIFIED_TOKEN_CACHE,
  ) {
    this.key = createSecretKey(Buffer.from(secret, "utf8"));
  }

  async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(nowMs() / 1000);
    const expiresAt = new Date((issuedAt + this.ttlSeconds) * 1000);
    const token = await new SignJWT({ tid: claims.tenantId })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** A token for one printable form (`form` = "<kind>/<id>"), valid for FORM_LINK_TTL_SECONDS. */
  async issueFormToken(claims: AccessClaims, form: string): Promise<string> {
    return new SignJWT({ tid: claims.tenantId, form })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(FORM_AUDIENCE)
      .setIssuedAt(Math.floor(nowMs() / 1000))
      .setExpirationTime(Math.floor(nowMs() / 1000) + FORM_LINK_TTL_SECONDS)
      .sign(this.key);
  }

  /** The claims of a form token issued for exactly this form, or why it is refused. */
  async verifyFormToken(token: string, form: string): Promise<VerifiedClaims | { refused: "expired" | "invalid" }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: FORM_AUDIENCE,
        algorithms: ["HS256"],
        requiredClaims: ["exp", "sub"],
        currentDate: now(),
      });
      if (typeof payload.sub !== "string" || typeof payload.tid !== "string" || payload.form !== form)
        return { refused: "invalid" };
      return { userId: payload.sub, tenantId: payload.tid, expiresAt: (payload.exp as number) * 1000 };
    } catch (e) {
      return { refused: e instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  }

  /** Returns the claims, or a reason the token is refused. */
  async verify(token: string): Promise<VerifiedClaims | { refused: "expired" | "invalid" }> {
    const known = this.verified.get(token);
    if (known) {
      if (nowMs() < known.expiresAt) return known;
      this.verified.delete(token);
      return { refused: "expired" };
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
        // A token without an expiry would never die: refused, like one whose expiry has passed.
        requiredClaims: ["exp", "sub"],
        currentDate: now(),
      });
      if (typeof payload.sub !== "string" || typeof payload.tid !== "string") return { refused: "invalid" };
      const claims: VerifiedClaims = Object.freeze({
        userId: payload.sub,
        tenantId: payload.tid,
        expiresAt: (payload.exp as number) * 1000,
      });
      if (this.verified.size >= this.cacheSize) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, claims);
      return claims;
    } catch (e) {
      return { refused: e instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  }
}
