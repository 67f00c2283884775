import type { MigrationInterface, QueryRunner } from "typeorm";
import { RUNTIME_GROUP } from "../roles";

const DEFINER_ONLY = `NOT pg_catalog.pg_has_role('${RUNTIME_GROUP}', 'USAGE')`;
const FLAG = `current_setting('app.compliance_tallies', true) = 'on' AND ${DEFINER_ONLY}`;

/**
 * The shared registry's read rule, decided once per statement instead of once per row (issue 19). Both permissive
 * SELECT policies on `subject` ("a signed-in department", and the compliance tallies' definer flag) depend on no
 * column, yet PostgreSQL evaluated them for every row it scanned: two `current_setting` calls and a role check per
 * subject, which was about 80 % of a full read of the registry (200,000 subjects: 114–124 ms → 22–24 ms) and a third
 * of a 50,000-entry draw's population query (387–413 ms → 243–288 ms), because the population joins the department's
 * entries to the registry. As scalar subqueries they become InitPlans: evaluated once, the same rule.
 */
export class SubjectReadOnce1763856000290 implements MigrationInterface {
  name = "SubjectReadOnce1763856000290";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER POLICY subject_read ON subject USING ((SELECT app_tenant_id()) IS NOT NULL)`);
    await q.query(`ALTER POLICY subject_compliance_tallies ON subject USING ((SELECT ${FLAG}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER POLICY subject_read ON subject USING (app_tenant_id() IS NOT NULL)`);
    await q.query(`ALTER POLICY subject_compliance_tallies ON subject USING (${FLAG})`);
  }
}
