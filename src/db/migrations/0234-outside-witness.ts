import type { MigrationInterface, QueryRunner } from "typeorm";

/** The caller's tenant is a designated draw supervisor (纪委监委, 公证) of the region of department `t`. */
const SUPERVISES = (t: string) => `EXISTS (
  SELECT 1 FROM public.tenant w JOIN public.tenant d ON d.id = ${t}
   WHERE w.id = public.app_tenant_id() AND w.supervises_draws AND w.region_code = d.region_code)`;

/**
 * A witness who is not the operator's colleague (issue 11): a tenant designated for supervision of draws (纪委监委 or
 * a 公证 office: tenant.supervises_draws) may witness the draws of the departments of its region. Its SUPERVISOR
 * confirms from their own session, as a department's own witness does (0150's guard: only the witness's own
 * transaction, once, on an open lock). What this adds:
 * - an UPDATE policy letting such a witness write the confirmation on another department's open lock — and nothing
 *   else: a trigger refuses any change of the lock's settlement by a tenant other than the lock's own;
 * - the witness's department and public label, set by the trigger from the witness's own rows (not writable), so the
 *   drawing department, which cannot read another tenant's users, names the witness on the record.
 */
export class OutsideWitness1763856000234 implements MigrationInterface {
  name = "OutsideWitness1763856000234";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE tenant ADD COLUMN supervises_draws boolean NOT NULL DEFAULT false`,
      `ALTER TABLE draw_lock ADD COLUMN witness_tenant_id uuid REFERENCES tenant (id), ADD COLUMN witness_label text`,
      `CREATE POLICY draw_lock_outside_witness ON draw_lock FOR UPDATE
         USING (status = 'OPEN' AND public.app_has_role('SUPERVISOR') AND ${SUPERVISES("draw_lock.tenant_id")})
         WITH CHECK (public.app_has_role('SUPERVISOR') AND ${SUPERVISES("draw_lock.tenant_id")})`,
      `CREATE FUNCTION draw_lock_witness_identity() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF public.app_tenant_id() IS DISTINCT FROM OLD.tenant_id AND (
              NEW.status IS DISTINCT FROM OLD.status OR NEW.draw_id IS DISTINCT FROM OLD.draw_id
              OR NEW.release_reason IS DISTINCT FROM OLD.release_reason) THEN
           RAISE EXCEPTION 'draw_lock %: an outside witness only confirms', OLD.id USING ERRCODE = 'insufficient_privilege';
         END IF;
         IF NEW.witness_id IS DISTINCT FROM OLD.witness_id THEN
           NEW.witness_tenant_id := public.app_tenant_id();
           NEW.witness_label := (SELECT u.display_name || '（' || t.name || '）'
                                   FROM public.app_user u JOIN public.tenant t ON t.id = u.tenant_id
                                  WHERE u.id = NEW.witness_id);
         ELSE
           NEW.witness_tenant_id := OLD.witness_tenant_id;
           NEW.witness_label := OLD.witness_label;
         END IF;
         RETURN NEW;
       END $$`,
      `CREATE TRIGGER draw_lock_witness_identity BEFORE UPDATE ON draw_lock
         FOR EACH ROW EXECUTE FUNCTION draw_lock_witness_identity()`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      "DROP TRIGGER draw_lock_witness_identity ON draw_lock",
      "DROP FUNCTION draw_lock_witness_identity()",
      "DROP POLICY draw_lock_outside_witness ON draw_lock",
      "ALTER TABLE draw_lock DROP COLUMN witness_label, DROP COLUMN witness_tenant_id",
      "ALTER TABLE tenant DROP COLUMN supervises_draws",
    ])
      await q.query(sql);
  }
}
