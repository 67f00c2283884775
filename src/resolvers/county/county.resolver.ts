import { Arg, Authorized, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { Role } from "../../auth/roles";
import { isIsoDate } from "../../calendar";
import { badInput } from "../../errors";
import { FileFormat } from "../../schema/catalog/catalog.enum";
import { ExportFileType } from "../../schema/catalog/exchange.type";
import {
  CountyRollupType,
  JointMemberUnitInput,
  JointMemberUnitPatch,
  JointMemberUnitType,
} from "../../schema/county/county.type";
import { countyService } from "../../services/county/county.service";
import { exportCountyReport } from "../../services/county/county-report.service";
import { chinaToday } from "../../time";

@Resolver()
export class CountyResolver {
  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER)
  @Query(() => [JointMemberUnitType], {
    description: "联席会议成员单位：联席会议办公室看全部名单，成员单位看本单位的登记",
  })
  async jointMemberUnits(): Promise<JointMemberUnitType[]> {
    return (await countyService.memberUnits()).map(JointMemberUnitType.from);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => JointMemberUnitType, { description: "联席会议办公室：增加成员单位" })
  async addJointMemberUnit(@Arg("input") input: JointMemberUnitInput): Promise<JointMemberUnitType> {
    return JointMemberUnitType.from(await countyService.addMemberUnit(input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => JointMemberUnitType, { description: "联席会议办公室：修改成员单位（成员、联络员等）" })
  async updateJointMemberUnit(
    @Arg("id", () => ID) id: string,
    @Arg("patch") patch: JointMemberUnitPatch,
  ): Promise<JointMemberUnitType> {
    return JointMemberUnitType.from(await countyService.updateMemberUnit(id, patch));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => JointMemberUnitType, { description: "联席会议办公室：移除成员单位" })
  async removeJointMemberUnit(@Arg("id", () => ID) id: string): Promise<JointMemberUnitType> {
    return JointMemberUnitType.from(await countyService.removeMemberUnit(id));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => JointMemberUnitType, { description: "成员单位：调整本单位联络员（报联席会议办公室备案）" })
  async setOwnLiaison(
    @Arg("liaisonName") liaisonName: string,
    @Arg("liaisonPhone", { defaultValue: "" }) liaisonPhone: string,
  ): Promise<JointMemberUnitType> {
    if (!liaisonName.trim() || liaisonName.trim().length > 50)
      throw badInput("liaisonName", "联络员姓名须为 1–50 个字符");
    return JointMemberUnitType.from(await countyService.setOwnLiaison(liaisonName, liaisonPhone));
  }

  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER)
  @Query(() => CountyRollupType, {
    complexity: 200,
    description:
      "联席会议办公室：全县汇总（各部门计划备案与公布、抽取、开展率、公示率、后续处置率、联合抽查、逾期事项）",
  })
  async countyRollup(
    @Arg("year", () => Int) year: number,
    @Arg("today", () => String, { nullable: true, description: "按指定日期统计逾期（默认今天）" }) today?: string,
  ): Promise<CountyRollupType> {
    if (today && !isIsoDate(today)) throw badInput("today", "日期应为 YYYY-MM-DD 格式");
    return CountyRollupType.from(await countyService.rollup(year, today ?? undefined));
  }

  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER)
  @Query(() => ExportFileType, { complexity: 200, description: "联席会议办公室：导出年度工作通报（CSV/XLSX）" })
  async exportCountyReport(
    @Arg("year", () => Int) year: number,
    @Arg("format", () => FileFormat) format: FileFormat,
  ): Promise<ExportFileType> {
    const f = await exportCountyReport(await countyService.rollup(year), format, chinaToday());
    return Object.assign(new ExportFileType(), {
      fileName: f.fileName,
      mimeType: f.mimeType,
      contentBase64: f.content.toString("base64"),
    });
  }
}
