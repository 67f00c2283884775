import { Arg, Args, Authorized, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import { FirmArgs, FirmRequestArgs } from "../../schema/firm/firm.args";
import {
  FirmFeedbackType,
  FirmRequestType,
  VisitBookingType,
  VisitCheckType,
  VisitHistoryEntryType,
} from "../../schema/firm/firm.type";
import { PageArgs } from "../../schema/pagination";
import { AssignmentType } from "../../schema/plan/plan.type";
import { firmDepartmentService } from "../../services/firm/department.service";
import { firmService } from "../../services/firm/firm.service";
import { inspectionService } from "../../services/inspection/inspection.service";

/** The page's state after any action: the check with the firm's part. */
const flatten = async (code: string, firmCode?: string | null) => {
  const r = await firmService.check(code, firmCode);
  return { ...r.check, firm: r.firm } as unknown as VisitCheckType;
};

/** The inspected firm's side (issue 15): anyone checks a visit by its code; the firm acts with its 办事码. */
@Resolver()
export class FirmResolver {
  @Public()
  @Query(() => VisitCheckType, {
    complexity: 50,
    description: "扫码核验（无需登录）：核验码所对应的检查是否真实；附企业办事码时另含企业可见部分",
  })
  async visitCheck(
    @Arg("code") code: string,
    @Arg("firmCode", () => String, { nullable: true }) firmCode?: string | null,
  ): Promise<VisitCheckType> {
    return flatten(code, firmCode);
  }

  @Public()
  @Mutation(() => VisitCheckType, { description: "企业提出检查时间（双预约，须在检查期限内）" })
  async firmProposeVisitDate(@Args() a: FirmArgs, @Arg("date") date: string): Promise<VisitCheckType> {
    await firmService.proposeDate(a.code, a.firmCode, date);
    return flatten(a.code, a.firmCode);
  }

  @Public()
  @Mutation(() => VisitCheckType, { description: "企业接受检查组另提的时间" })
  async firmAcceptVisitDate(@Args() a: FirmArgs): Promise<VisitCheckType> {
    await firmService.acceptDate(a.code, a.firmCode);
    return flatten(a.code, a.firmCode);
  }

  @Public()
  @Mutation(() => VisitCheckType, { description: "企业确认检查是否已经进行" })
  async firmConfirmVisit(
    @Args() a: FirmArgs,
    @Arg("tookPlace") tookPlace: boolean,
    @Arg("note", () => String, { nullable: true }) note?: string | null,
  ): Promise<VisitCheckType> {
    await firmService.confirmVisit(a.code, a.firmCode, tookPlace, note ?? null);
    return flatten(a.code, a.firmCode);
  }

  @Public()
  @Mutation(() => VisitCheckType, { description: "企业评价本次检查（1–5 分，可附意见）" })
  async firmRateVisit(
    @Args() a: FirmArgs,
    @Arg("rating", () => Int) rating: number,
    @Arg("comment", () => String, { nullable: true }) comment?: string | null,
  ): Promise<VisitCheckType> {
    await firmService.rateVisit(a.code, a.firmCode, rating, comment ?? null);
    return flatten(a.code, a.firmCode);
  }

  @Public()
  @Mutation(() => VisitCheckType, { description: "企业申请检查人员回避（送监督人员审核）" })
  async firmRequestRecusal(
    @Args() a: FirmArgs,
    @Arg("inspectorId", () => ID) inspectorId: string,
    @Arg("reason") reason: string,
  ): Promise<VisitCheckType> {
    await firmService.requestRecusal(a.code, a.firmCode, inspectorId, reason);
    return flatten(a.code, a.firmCode);
  }

  @Public()
  @Mutation(() => VisitCheckType, { description: "企业投诉检查人员的执法行为（送监督人员，检查人员不可见）" })
  async firmComplain(@Args() a: FirmArgs, @Arg("reason") reason: string): Promise<VisitCheckType> {
    await firmService.complain(a.code, a.firmCode, reason);
    return flatten(a.code, a.firmCode);
  }

  @Authorized(Role.INSPECTOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => VisitBookingType, { description: "检查组接受企业提出的检查时间" })
  async acceptFirmVisitDate(@Arg("assignmentId", () => ID) assignmentId: string): Promise<VisitBookingType> {
    return firmDepartmentService.acceptDate(assignmentId);
  }

  @Authorized(Role.INSPECTOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => VisitBookingType, { description: "检查组另提检查时间（由企业答复）" })
  async proposeOtherFirmVisitDate(
    @Arg("assignmentId", () => ID) assignmentId: string,
    @Arg("date") date: string,
  ): Promise<VisitBookingType> {
    return firmDepartmentService.proposeOther(assignmentId, date);
  }

  @Authorized(Role.SUPERVISOR)
  @Query(() => [FirmRequestType], { description: "企业的回避申请和投诉（监督人员待办）" })
  async firmRequests(@Args() { status, limit, offset }: FirmRequestArgs): Promise<FirmRequestType[]> {
    return firmDepartmentService.requests(status ?? null, limit, offset);
  }

  @Authorized(Role.SUPERVISOR)
  @Query(() => [VisitHistoryEntryType], {
    description: "一次检查的办理记录：企业预约与检查组答复、回避申请和投诉及其处理（监督人员）",
  })
  async firmVisitHistory(@Arg("assignmentId", () => ID) assignmentId: string): Promise<VisitHistoryEntryType[]> {
    return firmDepartmentService.history(assignmentId);
  }

  @Authorized(Role.SUPERVISOR)
  @Query(() => [FirmFeedbackType], { description: "企业对检查的确认与评价（称未进行检查的排在前面）" })
  async firmFeedback(@Args() { limit, offset }: PageArgs): Promise<FirmFeedbackType[]> {
    return firmDepartmentService.feedback(limit, offset);
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => FirmRequestType, { description: "监督人员处理企业申请：准予回避即按原排序递补；投诉办结" })
  async decideFirmRequest(
    @Arg("id", () => ID) id: string,
    @Arg("grant") grant: boolean,
    @Arg("note") note: string,
  ): Promise<FirmRequestType> {
    return firmDepartmentService.decide(id, grant, note);
  }
}

/** What the firm's side adds to an inspector's assignment: the code to show, the agreed date. */
@Resolver(() => AssignmentType)
export class AssignmentFirmFieldsResolver {
  @FieldResolver(() => String, { description: "核验码（检查人员出示二维码供企业扫码核验）" })
  async verifyCode(@Root() a: AssignmentType): Promise<string> {
    return (await firmDepartmentService.codes(await inspectionService.assignment(a.id))).verifyCode;
  }

  @FieldResolver(() => String, {
    description: "企业办事码（与检查通知书所印相同，检查组成员可向企业核对；本部门其他检查人员和其他部门不可见）",
  })
  async firmCode(@Root() a: AssignmentType): Promise<string> {
    return (await firmDepartmentService.codes(await inspectionService.assignment(a.id))).firmCode;
  }

  @FieldResolver(() => VisitBookingType, { description: "双预约：企业提出与商定的检查时间" })
  async visitBooking(@Root() a: AssignmentType): Promise<VisitBookingType> {
    return firmDepartmentService.booking(await inspectionService.assignment(a.id));
  }
}
