import { Column, Entity, PrimaryColumn } from "typeorm";

/** 公布: a joint plan is PUBLISHED once it has this row (DRAFT before). */
@Entity("joint_plan_publication")
export class JointPlanPublicationEntity {
  @PrimaryColumn("uuid", { name: "plan_id" }) planId: string;
  /** The coordinator tenant. */
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("timestamptz", { name: "published_at" }) publishedAt: Date;
  @Column("uuid", { name: "published_by" }) publishedBy: string;
}
