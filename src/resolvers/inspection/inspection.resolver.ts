import { Arg, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Role } from "../../auth/roles";
import {
  AttachmentInput,
  InspectionRecordInput,
  StartInspectionInput,
  TargetSignoffInput,
} from "../../schema/inspection/inspection.input";
import {
  AttachmentContentType,
  InspectionAttachmentType,
  InspectionRecordType,
} from "../../schema/inspection/inspection.type";
import { AssignmentType } from "../../schema/plan/plan.type";
import { inspectionService } from "../../services/inspection/inspection.service";

@Resolver(() => InspectionRecordType)
export class InspectionResolver {
  @Authorized(Role.INSPECTOR)
  @Query(() => [AssignmentType], { description: "我的检查任务（本人所在检查组）" })
  async myInspectionAssignments(): Promise<AssignmentType[]> {
    return (await inspectionService.myAssignments()).map(AssignmentType.from);
  }

  @Authorized()
  @Query(() => InspectionRecordType, { nullable: true, description: "检查任务的抽查情况记录表" })
  async inspectionRecord(@Arg("assignmentId", () => ID) assignmentId: string): Promise<InspectionRecordType | null> {
    const rec = await inspectionService.readableRecord(assignmentId);
    return rec ? InspectionRecordType.from(rec) : null;
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => AssignmentType, { description: "接收检查任务（检查组成员）" })
  async acceptAssignment(@Arg("assignmentId", () => ID) assignmentId: string): Promise<AssignmentType> {
    return AssignmentType.from(await inspectionService.accept(assignmentId));
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => AssignmentType, { description: "开始检查并确定检查方式（组长）" })
  async startInspection(
    @Arg("assignmentId", () => ID) assignmentId: string,
    @Arg("input") input: StartInspectionInput,
  ): Promise<AssignmentType> {
    return AssignmentType.from(await inspectionService.start(assignmentId, input));
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => InspectionRecordType, { description: "填写抽查情况记录（组长；修改后检查人员须重新签字）" })
  async saveInspectionRecord(@Arg("input") input: InspectionRecordInput): Promise<InspectionRecordType> {
    const { assignmentId, mode, lines, ...rest } = input;
    return InspectionRecordType.from(
      await inspectionService.save(assignmentId, {
        ...rest,
        mode: mode ?? undefined,
        lines: lines
          ? lines.map((l) => ({
              checkItemId: l.checkItemId,
              itemName: "",
              checked: l.checked,
              notCheckedReason: l.notCheckedReason ?? null,
              result: l.result,
              rectificationOrdered: l.rectificationOrdered,
              rectified: l.rectified,
              notes: l.notes ?? null,
              legalBasis: l.legalBasis ?? null,
            }))
          : undefined,
      }),
    );
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => InspectionRecordType, { description: "被检查对象负责人签字或记录拒签（组长）" })
  async recordTargetSignoff(@Arg("input") input: TargetSignoffInput): Promise<InspectionRecordType> {
    return InspectionRecordType.from(await inspectionService.targetSignoff(input.assignmentId, input));
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => InspectionRecordType, { description: "执法检查人员在记录上签字" })
  async signInspectionRecord(@Arg("assignmentId", () => ID) assignmentId: string): Promise<InspectionRecordType> {
    return InspectionRecordType.from(await inspectionService.sign(assignmentId));
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => AssignmentType, { description: "完成抽查情况记录（组长）" })
  async completeInspectionRecord(@Arg("assignmentId", () => ID) assignmentId: string): Promise<AssignmentType> {
    return AssignmentType.from(await inspectionService.complete(assignmentId));
  }

  @Authorized(Role.INSPECTOR)
  @Mutation(() => InspectionAttachmentType, { description: "上传证据材料（不覆盖，更正时作为新版本）" })
  async addInspectionAttachment(@Arg("input") input: AttachmentInput): Promise<InspectionAttachmentType> {
    return InspectionAttachmentType.from(await inspectionService.addAttachment(input));
  }

  @Authorized()
  @Query(() => AttachmentContentType, { description: "证据材料内容" })
  async inspectionAttachmentContent(@Arg("id", () => ID) id: string): Promise<AttachmentContentType> {
    const { att, content } = await inspectionService.attachmentContent(id);
    return Object.assign(new AttachmentContentType(), {
      attachment: InspectionAttachmentType.from(att),
      contentBase64: content.toString("base64"),
    });
  }

  @FieldResolver(() => [InspectionAttachmentType], { description: "证据材料（全部版本）" })
  async attachments(@Root() rec: InspectionRecordType): Promise<InspectionAttachmentType[]> {
    return (await inspectionService.attachments(rec.id)).map(InspectionAttachmentType.from);
  }
}
