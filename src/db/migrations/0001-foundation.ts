import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { rlsOn, tenantOwned } from "./sql";

/** Tenants, users, API keys; the session helpers every RLS policy uses. */
export class Foundation1763856000001 implements MigrationInterface {
  name = "Foundation1763856000001";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `REVOKE ALL ON SCHEMA public FROM PUBLIC`,
      `GRANT USAGE ON SCHEMA public TO ${RUNTIME_GROUP}`,
      // Transaction-local request settings, written by the server with set_config(..., true) per operation.
      `CREATE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$`,
      `CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$`,
      `CREATE FUNCTION app_has_role(role text) RETURNS boolean LANGUAGE sql STABLE AS
        $$ SELECT role = ANY (string_to_array(coalesce(current_setting('app.roles', true), ''), ',')) $$`,
      `GRANT EXECUTE ON FUNCTION app_tenant_id(), app_user_id(), app_has_role(text) TO ${RUNTIME_GROUP}`,

      /** 部门: a tenant. Names and codes are public (一公开 needs them); writes are for platform admins. */
      `CREATE TABLE tenant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{2,40}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        kind text NOT NULL CHECK (kind IN ('COUNTY_BUREAU', 'TOWNSHIP_GOVERNMENT', 'OTHER', 'PLATFORM')),
        is_coordinator boolean NOT NULL DEFAULT false,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...rlsOn("tenant", "SELECT, INSERT, UPDATE"),
      `CREATE POLICY tenant_read ON tenant FOR SELECT USING (true)`,
      `CREATE POLICY tenant_create ON tenant FOR INSERT WITH CHECK (app_has_role('PLATFORM_ADMIN'))`,
      `CREATE POLICY tenant_update ON tenant FOR UPDATE
        USING (app_has_role('PLATFORM_ADMIN') OR (id = app_tenant_id() AND app_has_role('ADMIN')))`,

      `CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        username text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{2,40}$'),
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (roles <@ ARRAY['PLATFORM_ADMIN','ADMIN','PLANNER','SUPERVISOR','INSPECTOR','VIEWER']),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, username)
      )`,
      ...tenantOwned("app_user"),

      /** Keys for departments' GraphQL clients: shown once, stored as a SHA-256 of a 256-bit secret. */
      `CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        name text NOT NULL,
        secret_hash text NOT NULL,
        roles text[] NOT NULL CHECK (roles <@ ARRAY['ADMIN','PLANNER','SUPERVISOR','INSPECTOR','VIEWER']),
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`,
      ...tenantOwned("api_key", "SELECT, INSERT, UPDATE"),
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE api_key, app_user, tenant");
    await q.query("DROP FUNCTION app_tenant_id(), app_user_id(), app_has_role(text)");
  }
}
