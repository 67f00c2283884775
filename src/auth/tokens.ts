import { errors, jwtVerify, SignJWT } from "jose";
import { now, nowMs } from "../time";

export interface AccessClaims {
  userId: string;
  tenantId: string;
}

const ISSUER = "jointcheck";
const AUDIENCE = "jointcheck-api";

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

  /** Returns the claims, or a reason the token is refused. */
  async verify(token: string): Promise<AccessClaims | { refused: "expired" | "invalid" }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
        currentDate: now(),
      });
      if (typeof payload.sub !== "string" || typeof payload.tid !== "string") return { refused: "invalid" };
      return { userId: payload.sub, tenantId: payload.tid };
    } catch (e) {
      return { refused: e instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  }
}
