import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";

/**
 * A definer-only policy: a whole policy that admits rows only when a flag is raised AND the current role is outside
 * the runtime group, i.e. only inside a SECURITY DEFINER function that raised it (0005, 0006, 0080, 0090, 0110,
 * 0120, 0130, 0221, 0290, 0310). No such policy can ever admit a row for the runtime role, yet created `TO PUBLIC`
 * each one is OR'd into the runtime role's security qual on its table: on assignment seven of them, on
 * inspection_result two. The OR keeps `tenant_id = app_tenant_id()` out of the index condition of every query that
 * leaves the tenant to the policy (a bitmap-or or a scan of every department's rows instead of the tenant index) and
 * widens the planner's estimates (issue 19).
 *
 * PostgreSQL combines only the policies that apply to the current role. So each definer-only policy now applies to
 * the definers' owner alone (the role that runs the migrations and owns every SECURITY DEFINER function; the floor
 * test checks both): what the definers see is unchanged, and the runtime role's qual on these tables is the plain
 * tenant predicate. The flag and the runtime-group test stay in the policies as they were (a second lock).
 *
 * Selected by form, not by name: the policy's USING and WITH CHECK (each where present) contain the runtime-group
 * test and no OR or CASE (live_event_read and joint_participation_read mix that test into a wider expression; they
 * are left as they are).
 */
const DEFINER_ONLY_POLICIES = `
  SELECT p.schemaname, p.tablename, p.policyname FROM pg_catalog.pg_policies p
   WHERE p.schemaname = 'public' AND p.roles = '{public}'
     AND coalesce(p.qual, '') || coalesce(p.with_check, '') LIKE '%NOT pg_has_role(''${RUNTIME_GROUP}''::name%'
     AND coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '') !~ '\\m(OR|CASE)\\M'
     AND (p.qual IS NULL OR p.qual LIKE '%pg_has_role(''${RUNTIME_GROUP}''%')
     AND (p.with_check IS NULL OR p.with_check LIKE '%pg_has_role(''${RUNTIME_GROUP}''%')`;

export class DefinerPolicies1763856000340 implements MigrationInterface {
  name = "DefinerPolicies1763856000340";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      DECLARE r record;
      BEGIN
        FOR r IN ${DEFINER_ONLY_POLICIES} LOOP
          EXECUTE pg_catalog.format('ALTER POLICY %I ON %I.%I TO CURRENT_USER', r.policyname, r.schemaname, r.tablename);
        END LOOP;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT p.schemaname, p.tablename, p.policyname FROM pg_catalog.pg_policies p
                  WHERE p.schemaname = 'public' AND p.roles = ARRAY[CURRENT_USER]::name[]
                    AND coalesce(p.qual, '') || coalesce(p.with_check, '') LIKE '%NOT pg_has_role(''${RUNTIME_GROUP}''::name%' LOOP
          EXECUTE pg_catalog.format('ALTER POLICY %I ON %I.%I TO PUBLIC', r.policyname, r.schemaname, r.tablename);
        END LOOP;
      END $$`);
  }
}
