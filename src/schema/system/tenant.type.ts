import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { TenantEntity } from "../../entities/system/tenant.entity";

export enum TenantKind {
  COUNTY_BUREAU = "COUNTY_BUREAU",
  TOWNSHIP_GOVERNMENT = "TOWNSHIP_GOVERNMENT",
  OTHER = "OTHER",
  PLATFORM = "PLATFORM",
}
registerEnumType(TenantKind, {
  name: "TenantKind",
  valuesConfig: {
    COUNTY_BUREAU: { description: "县级部门" },
    TOWNSHIP_GOVERNMENT: { description: "乡镇人民政府" },
    OTHER: { description: "其他单位" },
    PLATFORM: { description: "平台运营方" },
  },
});

/** 部门 (tenant). Its identity is public: published lists and results name their department. */
@ObjectType("Tenant", { description: "部门（租户）" })
export class TenantType {
  @Field(() => ID) id: string;
  @Field({ description: "部门代码" }) code: string;
  @Field({ description: "部门名称" }) name: string;
  @Field({ description: "行政区划代码" }) regionCode: string;
  @Field(() => TenantKind) kind: TenantKind;
  @Field({ description: "是否为联合抽查牵头协调部门（联席会议办公室）" }) isCoordinator: boolean;
  @Field({
    description: "是否为本行政区划指定的抽取监督机构（如纪委监委、公证处），其监督人员可担任各部门抽取的现场监督人",
  })
  supervisesDraws: boolean;

  static from(e: TenantEntity): TenantType {
    return Object.assign(new TenantType(), {
      id: e.id,
      code: e.code,
      name: e.name,
      regionCode: e.regionCode,
      kind: e.kind as TenantKind,
      isCoordinator: e.isCoordinator,
      supervisesDraws: e.supervisesDraws,
    });
  }
}
