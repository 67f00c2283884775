import { Arg, Authorized, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { CheckItemType } from "../../schema/catalog/item-list.type";
import { SubjectType } from "../../schema/catalog/subject.type";
import { InspectionResultType } from "../../schema/inspection/result.type";
import { AssignmentType, InspectionTaskType } from "../../schema/plan/plan.type";
import { itemListService } from "../../services/catalog/item-list.service";
import { subjectService } from "../../services/catalog/subject.service";
import { inspectionService } from "../../services/inspection/inspection.service";
import { resultService } from "../../services/inspection/result.service";
import { taskService } from "../../services/plan/task.service";

/**
 * What an assignment is about, for the inspector's screen: the target (name, address), the task (window, kind)
 * and the items to check. Each read goes through the service that already guards it.
 */
@Resolver(() => AssignmentType)
export class AssignmentFieldsResolver {
  @Authorized()
  @Query(() => AssignmentType, { description: "检查任务分配（本部门）" })
  async assignment(@Arg("id", () => ID) id: string): Promise<AssignmentType> {
    return AssignmentType.from(await inspectionService.assignment(id));
  }

  @FieldResolver(() => SubjectType, { description: "检查对象（名称、地址等）" })
  async subject(@Root() a: AssignmentType): Promise<SubjectType> {
    return SubjectType.from(await subjectService.get(a.subjectId));
  }

  @FieldResolver(() => InspectionTaskType, {
    nullable: true,
    description: "所属抽查任务（部门联合抽查的本部门部分为空，见 jointTaskId）",
  })
  async task(@Root() a: AssignmentType): Promise<InspectionTaskType | null> {
    return a.taskId ? InspectionTaskType.from(await taskService.get(a.taskId)) : null;
  }

  @FieldResolver(() => String, { description: "所属抽查任务名称（部门联合抽查为联合抽查任务名称）" })
  async taskName(@Root() a: AssignmentType): Promise<string> {
    return (await inspectionService.taskOf(await inspectionService.assignment(a.id))).name;
  }

  @FieldResolver(() => InspectionResultType, { nullable: true, description: "检查结果（尚未填报为空）" })
  async result(@Root() a: AssignmentType): Promise<InspectionResultType | null> {
    const r = await resultService.forAssignment(a.id);
    return r ? InspectionResultType.from(r) : null;
  }

  @FieldResolver(() => [CheckItemType], { description: "本次检查的抽查事项" })
  async items(@Root() a: AssignmentType): Promise<CheckItemType[]> {
    const task = await inspectionService.taskOf(await inspectionService.assignment(a.id));
    return (await itemListService.itemsOfTask(task.itemIds)).map(CheckItemType.from);
  }
}
