import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { numericColumn } from "../numeric";

/** 检查依据 citation as stored in check_item.legal_basis. */
export interface StoredLegalBasis {
  kind: string;
  title: string;
  articles: string;
  text: string;
}

/** One item of a 随机抽查事项清单 version (tenant-owned; frozen once the version is published). */
@Entity("check_item")
export class CheckItemEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "list_version_id" }) listVersionId: string;
  @Column("text") code: string;
  /** 抽查类别 */
  @Column("text") category: string;
  /** 抽查事项 */
  @Column("text") name: string;
  /** 抽查内容 (rich text allowed) */
  @Column("text") content: string;
  @Column("text", { array: true }) methods: string[];
  @Column("jsonb", { name: "legal_basis" }) legalBasis: StoredLegalBasis[];
  @Column("text", { name: "target_kinds", array: true }) targetKinds: string[];
  /** 适用行业: 国民经济行业分类 code prefixes; empty = every industry (src/joint/applicability.ts). */
  @Column("text", { name: "target_industry_codes", array: true }) targetIndustryCodes: string[];
  /** 检查对象 as the list words it, e.g. 政策性储备粮（油）存储企业. */
  @Column("text", { name: "target_description", nullable: true }) targetDescription: string | null;
  /** 重点 KEY / 一般 GENERAL */
  @Column("text", { name: "item_class" }) itemClass: string;
  @Column("numeric", { name: "ratio_cap", nullable: true, transformer: numericColumn }) ratioCap: number | null;
  @Column("numeric", { name: "default_ratio", nullable: true, transformer: numericColumn }) defaultRatio: number | null;
  @Column("text", { nullable: true }) frequency: string | null;
  @Column("text", { name: "required_categories", array: true }) requiredCategories: string[];
  @Column("uuid", { name: "initiating_tenant_id" }) initiatingTenantId: string;
  @Column("uuid", { name: "cooperating_tenant_ids", array: true }) cooperatingTenantIds: string[];
  @Column("int", { name: "sort_order" }) sortOrder: number;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
