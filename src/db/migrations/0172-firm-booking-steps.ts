import type { MigrationInterface, QueryRunner } from "typeorm";
import { tenantOwned } from "./sql";

/**
 * 双预约 history (issue 15): every step of a visit's booking — the firm's proposal, the team's other date, the
 * acceptance and by whom — append-only, so the firm (through its code) and the supervisor see how the date was
 * reached, beside the recusal requests and complaints with their decisions.
 */
export class FirmBookingSteps1763856000172 implements MigrationInterface {
  name = "FirmBookingSteps1763856000172";

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE firm_booking_step (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        assignment_id uuid NOT NULL REFERENCES assignment (id),
        party text NOT NULL CHECK (party IN ('FIRM', 'TEAM')),
        action text NOT NULL CHECK (action IN ('PROPOSED', 'COUNTER_PROPOSED', 'ACCEPTED')),
        visit_date date NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      ...tenantOwned("firm_booking_step", "SELECT, INSERT"),
      `CREATE INDEX firm_booking_step_visit_idx ON firm_booking_step (assignment_id, created_at, seq)`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE firm_booking_step");
  }
}
