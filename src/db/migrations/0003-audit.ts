import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";
import { rlsOn, tenantOwned } from "./sql";

/**
 * The audit trail (全程留痕): an append-only log, hash-chained per tenant; and the platform-wide working-day
 * calendar overrides (工作日调整).
 *
 * Chain encoding v1 (mirrored by src/domain/audit-chain.ts; change both or neither):
 *   hash = hex(SHA-256(F("jointcheck-audit-v1") ‖ F(tenant_id) ‖ F(seq) ‖ F(occurred_at) ‖ F(request_id) ‖ F(actor)
 *          ‖ F(action) ‖ F(entity_type) ‖ F(entity_id) ‖ F(before_digest) ‖ F(after_digest) ‖ F(summary) ‖ F(prev_hash)))
 *   F(NULL) = FF FF FF FF;  F(s) = uint32 big-endian byte length of UTF-8(s) ‖ UTF-8(s)
 *   tenant_id: lower-case uuid; seq: decimal; occurred_at: UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" (stored to the
 *   millisecond); prev_hash of seq 1: 64 × "0".
 * The BEFORE INSERT trigger sets seq, prev_hash, occurred_at and hash itself, under a transaction-level advisory
 * lock per tenant, so writers cannot forge them and concurrent writers of one tenant queue for the chain head.
 */
export class Audit1763856000003 implements MigrationInterface {
  name = "Audit1763856000003";

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE audit_event (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        seq bigint NOT NULL CHECK (seq > 0),
        occurred_at timestamptz NOT NULL,
        request_id text CHECK (length(request_id) <= 100),
        actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
        action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.]{1,79}$'),
        entity_type text NOT NULL CHECK (entity_type ~ '^[a-z][a-z0-9_]{1,59}$'),
        entity_id text CHECK (length(entity_id) <= 200),
        before_digest text CHECK (before_digest ~ '^[0-9a-f]{64}$'),
        after_digest text CHECK (after_digest ~ '^[0-9a-f]{64}$'),
        summary text CHECK (length(summary) <= 4000),
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (tenant_id, seq)
      )`,
      `CREATE INDEX audit_event_entity_idx ON audit_event (tenant_id, entity_type, entity_id)`,
      `CREATE INDEX audit_event_time_idx ON audit_event (tenant_id, occurred_at)`,
      ...tenantOwned("audit_event", "SELECT, INSERT"),
      `REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${RUNTIME_GROUP}`,

      `CREATE FUNCTION audit_field(v text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN v IS NULL THEN decode('ffffffff', 'hex')
                    ELSE int4send(octet_length(convert_to(v, 'UTF8'))) || convert_to(v, 'UTF8') END $$`,
      `CREATE FUNCTION audit_event_hash(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(
          audit_field('jointcheck-audit-v1') || audit_field(e.tenant_id::text) || audit_field(e.seq::text)
          || audit_field(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          || audit_field(e.request_id) || audit_field(e.actor) || audit_field(e.action) || audit_field(e.entity_type)
          || audit_field(e.entity_id) || audit_field(e.before_digest) || audit_field(e.after_digest)
          || audit_field(e.summary) || audit_field(e.prev_hash)
        ), 'hex') $$`,
      // Runs as the inserting role under RLS: the head it reads is the tenant's own (app.tenant_id).
      // READ COMMITTED: the SELECT after the lock sees the head the previous lock holder committed.
      `CREATE FUNCTION audit_event_append() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE head record;
        BEGIN
          PERFORM pg_advisory_xact_lock(1763856003, hashtext(NEW.tenant_id::text));
          SELECT a.seq, a.hash INTO head FROM audit_event a WHERE a.tenant_id = NEW.tenant_id ORDER BY a.seq DESC LIMIT 1;
          NEW.seq := coalesce(head.seq, 0) + 1;
          NEW.prev_hash := coalesce(head.hash, repeat('0', 64));
          NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
          NEW.hash := audit_event_hash(NEW);
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER audit_event_append BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append()`,
      // Defence in depth beyond the grants: even the owner cannot rewrite history without disabling triggers.
      `CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege'; END $$`,
      `CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_immutable()`,
      `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable()`,
      `GRANT EXECUTE ON FUNCTION audit_field(text), audit_event_hash(audit_event) TO ${RUNTIME_GROUP}`,

      /** 工作日调整: platform-wide days off / make-up workdays on top of the national data; region_code NULL = national. */
      `CREATE TABLE calendar_day_override (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        date date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('DAY_OFF', 'WORKDAY')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        region_code text CHECK (region_code ~ '^[0-9]{6}$'),
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE NULLS NOT DISTINCT (date, region_code)
      )`,
      ...rlsOn("calendar_day_override", "SELECT, INSERT, UPDATE, DELETE"),
      `CREATE POLICY calendar_read ON calendar_day_override FOR SELECT USING (true)`,
      `CREATE POLICY calendar_insert ON calendar_day_override FOR INSERT WITH CHECK (app_has_role('PLATFORM_ADMIN'))`,
      `CREATE POLICY calendar_update ON calendar_day_override FOR UPDATE
        USING (app_has_role('PLATFORM_ADMIN')) WITH CHECK (app_has_role('PLATFORM_ADMIN'))`,
      `CREATE POLICY calendar_delete ON calendar_day_override FOR DELETE USING (app_has_role('PLATFORM_ADMIN'))`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE calendar_day_override");
    await q.query("DROP TABLE audit_event CASCADE");
    await q.query("DROP FUNCTION audit_event_append(), audit_event_immutable(), audit_field(text)");
  }
}
