import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { Rejection } from "../../exchange";

/** 导入任务: one background import started over GraphQL, with its progress and outcome (tenant-owned). */
@Entity("import_job")
export class ImportJobEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("text") kind: "SUBJECTS" | "INSPECTORS" | "ITEMS";
  @Column("text") mode: "ALL_OR_NOTHING" | "VALID_ROWS";
  @Column("text") format: "CSV" | "XLSX";
  @Column("int") bytes: number;
  @Column("text") status: "RUNNING" | "SUCCEEDED" | "REJECTED" | "FAILED";
  @Column("text", { nullable: true }) phase: "VALIDATE" | "MATCH" | "WRITE" | null;
  @Column("int", { name: "rows_read" }) rowsRead: number;
  @Column("int", { name: "total_rows", nullable: true }) totalRows: number | null;
  @Column("int", { nullable: true }) inserted: number | null;
  @Column("int", { nullable: true }) updated: number | null;
  @Column("int", { nullable: true }) rejected: number | null;
  /** The first rejections (at most IMPORT_JOB_MAX_REJECTIONS); `rejected` has the full count. */
  @Column("jsonb") rejections: Rejection[];
  @Column("text", { nullable: true }) error: string | null;
  @Column("uuid", { name: "started_by", nullable: true }) startedBy: string | null;
  @Column("timestamptz", { name: "started_at" }) startedAt: Date;
  @Column("timestamptz", { name: "updated_at" }) updatedAt: Date;
  @Column("timestamptz", { name: "finished_at", nullable: true }) finishedAt: Date | null;
}
