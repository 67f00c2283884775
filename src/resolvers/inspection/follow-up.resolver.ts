import { Arg, Args, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Role } from "../../auth/roles";
import { isIsoDate } from "../../calendar";
import { badInput } from "../../errors";
import { FollowUpListArgs, InboxArgs } from "../../schema/inspection/follow-up.args";
import {
  FollowUpPage,
  FollowUpTransferPage,
  FollowUpTransferType,
  FollowUpType,
  OpenFollowUpInput,
  RiskProposalInput,
  TransferKindEnum,
} from "../../schema/inspection/follow-up.type";
import { listComplexity } from "../../schema/pagination";
import { followUpService } from "../../services/inspection/follow-up.service";

@Resolver(() => FollowUpType)
export class FollowUpResolver {
  @Authorized()
  @Query(() => FollowUpPage, { complexity: listComplexity, description: "后续处置台账" })
  async followUps(@Args() { limit, offset, status }: FollowUpListArgs): Promise<FollowUpPage> {
    const [rows, total] = await followUpService.list(status, limit, offset);
    return Object.assign(new FollowUpPage(), { items: rows.map(FollowUpType.from), total });
  }

  @Authorized()
  @Query(() => FollowUpTransferPage, { complexity: listComplexity, description: "本部门收到的移交、抄告和建议" })
  async followUpInbox(@Args() { limit, offset, status }: InboxArgs): Promise<FollowUpTransferPage> {
    const [rows, total] = await followUpService.inbox(status, limit, offset);
    return Object.assign(new FollowUpTransferPage(), { items: rows.map(FollowUpTransferType.from), total });
  }

  @Authorized()
  @Query(() => [FollowUpTransferType], { description: "本部门发出的移交、抄告和建议（最多 500 条）" })
  async followUpOutbox(
    @Arg("followUpId", () => ID, { nullable: true }) followUpId?: string,
  ): Promise<FollowUpTransferType[]> {
    return (await followUpService.outbox(followUpId ?? undefined)).map(FollowUpTransferType.from);
  }

  @Authorized(Role.INSPECTOR, Role.SUPERVISOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => FollowUpType, { description: "登记后续处置事项" })
  async openFollowUp(@Arg("input") input: OpenFollowUpInput): Promise<FollowUpType> {
    return FollowUpType.from(await followUpService.open(input));
  }

  @Authorized(Role.INSPECTOR, Role.SUPERVISOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => FollowUpTransferType, { description: "移交或抄告其他部门" })
  async transferFollowUp(
    @Arg("id", () => ID) id: string,
    @Arg("toDepartmentId", () => ID) toDepartmentId: string,
    @Arg("kind", () => TransferKindEnum) kind: TransferKindEnum,
    @Arg("note") note: string,
  ): Promise<FollowUpTransferType> {
    return FollowUpTransferType.from(await followUpService.transfer(id, toDepartmentId, kind, note));
  }

  @Authorized(Role.SUPERVISOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => FollowUpTransferType, { description: "接收移交（移交事项在本部门登记为后续处置事项）" })
  async acceptFollowUpTransfer(
    @Arg("id", () => ID) id: string,
    @Arg("note", () => String, { nullable: true }) note?: string,
    @Arg("responsiblePerson", () => String, { nullable: true }) responsiblePerson?: string,
    @Arg("dueDate", () => String, { nullable: true }) dueDate?: string,
  ): Promise<FollowUpTransferType> {
    return FollowUpTransferType.from(await followUpService.accept(id, { note, responsiblePerson, dueDate }));
  }

  @Authorized(Role.SUPERVISOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => FollowUpTransferType, { description: "退回移交（须说明原因）" })
  async returnFollowUpTransfer(
    @Arg("id", () => ID) id: string,
    @Arg("note") note: string,
  ): Promise<FollowUpTransferType> {
    return FollowUpTransferType.from(await followUpService.returnTransfer(id, note));
  }

  @Authorized(Role.INSPECTOR, Role.SUPERVISOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => FollowUpType, { description: "办结后续处置事项（可向其他部门提出风险等级调整建议）" })
  async closeFollowUp(
    @Arg("id", () => ID) id: string,
    @Arg("note") note: string,
    @Arg("riskProposal", () => RiskProposalInput, { nullable: true }) riskProposal?: RiskProposalInput,
  ): Promise<FollowUpType> {
    return FollowUpType.from(await followUpService.close(id, note, riskProposal ?? null));
  }

  @Authorized(Role.INSPECTOR, Role.SUPERVISOR, Role.PLANNER, Role.ADMIN)
  @Mutation(() => FollowUpType, {
    description: "立案查处、行政处罚事项：登记案件编号、处罚决定及日期、行政处罚信息公示日期（省略的项不变）",
  })
  async recordFollowUpCase(
    @Arg("id", () => ID) id: string,
    @Arg("caseNumber", () => String, { nullable: true }) caseNumber?: string,
    @Arg("decision", () => String, { nullable: true, description: "处罚决定" }) decision?: string,
    @Arg("decidedOn", () => String, { nullable: true, description: "处罚决定日期" }) decidedOn?: string,
    @Arg("publishedOn", () => String, { nullable: true, description: "行政处罚信息公示日期" }) publishedOn?: string,
  ): Promise<FollowUpType> {
    return FollowUpType.from(await followUpService.recordCase(id, { caseNumber, decision, decidedOn, publishedOn }));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "期限状态（按工作日）：OK / DUE_SOON 即将到期 / OVERDUE 已逾期；已办结为空",
  })
  async dueState(
    @Root() f: FollowUpType,
    @Arg("today", () => String, { nullable: true, description: "按指定日期计算（默认今天）" }) today?: string,
  ): Promise<string | null> {
    if (today !== undefined && today !== null && !isIsoDate(today)) throw badInput("today", "日期应为 YYYY-MM-DD 格式");
    return followUpService.dueState(f, today ?? undefined);
  }
}
