import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 适用行业: an item of a 随机抽查事项清单 may name the industries it is for (国民经济行业分类 code prefixes, as the
 * task filters use them), beside its target kinds. Empty means every industry. Who may apply an item where is
 * decided once, in src/joint/applicability.ts.
 */
export class ItemIndustries1763856000140 implements MigrationInterface {
  name = "ItemIndustries1763856000140";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE check_item ADD COLUMN target_industry_codes text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE check_item DROP COLUMN target_industry_codes`);
  }
}
