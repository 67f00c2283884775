import { errors, jwtVerify, SignJWT } from "jose";

export interface AccessClaims {
  userId: string;
  tenantId: string;
}

const ISSUER = "jointcheck";
const AUDIENCE = "jointcheck-api";
/** Printable-form links (/forms/…): a separate audience, so such a token never opens the API. */
const FORM_AUDIENCE = "jointcheck-form";
export const FORM_LINK_TTL_SECONDS = 300;

/** Short-lived HS256 access tokens. Roles are not trusted from the token: they are re-read per request. */
export class TokenService {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Math.floor(Date.now() / 1000 + this.ttlSeconds) * 1000);
    const token = await new SignJWT({ tid: claims.tenantId })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
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
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + FORM_LINK_TTL_SECONDS)
      .sign(this.key);
  }

  /** The claims of a form token issued for exactly this form, or why it is refused. */
  async verifyFormToken(token: string, form: string): Promise<AccessClaims | { refused: "expired" | "invalid" }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: FORM_AUDIENCE,
        algorithms: ["HS256"],
      });
      if (typeof payload.sub !== "string" || typeof payload.tid !== "string" || payload.form !== form)
        return { refused: "invalid" };
      return { userId: payload.sub, tenantId: payload.tid };
    } catch (e) {
      return { refused: e instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  }

  /** Returns the claims, or a reason the token is refused. */
  async verify(token: string): Promise<AccessClaims | { refused: "expired" | "invalid" }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
      });
      if (typeof payload.sub !== "string" || typeof payload.tid !== "string") return { refused: "invalid" };
      return { userId: payload.sub, tenantId: payload.tid };
    } catch (e) {
      return { refused: e instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  }
}
