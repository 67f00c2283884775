import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { ItemListVersionStatus } from "../../domain/catalog/item-list-version.lifecycle";

/** One version of a department's 随机抽查事项清单 (第一版, 第二版 …): DRAFT while edited, then PUBLISHED and frozen. */
@Entity("item_list_version")
export class ItemListVersionEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("int", { name: "version_no" }) versionNo: number;
  @Column("text") status: ItemListVersionStatus;
  @Column("date", { name: "effective_date", nullable: true }) effectiveDate: string | null;
  @Column("timestamptz", { name: "published_at", nullable: true }) publishedAt: Date | null;
  @Column("uuid", { name: "published_by", nullable: true }) publishedBy: string | null;
  /** Last change to the draft's items; flagged when it stays unpublished too long. */
  @Column("timestamptz", { name: "draft_changed_at", nullable: true }) draftChangedAt: Date | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
