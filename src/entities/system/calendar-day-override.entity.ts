import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type CalendarDayKind = "DAY_OFF" | "WORKDAY";

/** 工作日调整: a platform-wide day off or make-up workday on top of the national data. */
@Entity("calendar_day_override")
export class CalendarDayOverrideEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  /** YYYY-MM-DD (pg date columns are read as strings). */
  @Column("date") date: string;
  @Column("text") kind: CalendarDayKind;
  @Column("text") name: string;
  /** 行政区划代码; null = national. */
  @Column("text", { name: "region_code", nullable: true }) regionCode: string | null;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
