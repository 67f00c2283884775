import { tenantLoader } from "../../context/loaders";
import { publishedText } from "../../context/published-text";
import { ctx } from "../../context/request-context";
import type { DrawEntity } from "../../entities/draw/draw.entity";
import type { JointDrawEntity } from "../../entities/joint/joint-visit.entity";
import { visibleJointTask } from "../joint/joint.guards";
import { fullJointRecord } from "../joint/joint-record.service";
import { taskService } from "../plan/task.service";
import { drawService } from "./draw.service";
import { renderDrawRecordHtml } from "./draw-record.html";

/** The 选派（抽取）记录单 of a draw with the names of its subjects and inspectors (Draw.recordHtml and /forms). */
export async function drawRecordSheet(
  d: DrawEntity | JointDrawEntity,
  kind: "TASK" | "JOINT" = "TASK",
): Promise<string> {
  const record =
    kind === "JOINT" ? await fullJointRecord(d as JointDrawEntity) : await drawService.record(d as DrawEntity);
  const task = kind === "JOINT" ? await visibleJointTask(d.taskId) : await taskService.get(d.taskId);
  const tenant = await tenantLoader().load(d.tenantId);
  const subjectIds = record.drawn.map((x) => x.key);
  const inspectorIds = [
    ...new Set(
      record.inspectorResults
        .flatMap((r) => r.teams.flatMap((t) => t.members))
        .concat(record.substitutions.map((s) => s.substitute)),
    ),
  ];
  const { manager } = ctx();
  const subjects: Array<{ id: string; name: string; credit_code: string | null; address: string | null }> =
    await manager.query(`SELECT id, name, credit_code, address FROM subject WHERE id = ANY ($1)`, [subjectIds]);
  const inspectors: Array<{ id: string; name: string; certificate_no: string }> = await manager.query(
    `SELECT id, name, certificate_no FROM inspector WHERE id = ANY ($1)`,
    [inspectorIds],
  );
  return renderDrawRecordHtml(record, {
    department: tenant?.name ?? "",
    taskName: publishedText(task.name, task.tenantId),
    subjects: new Map(subjects.map((s) => [s.id, { name: s.name, creditCode: s.credit_code, address: s.address }])),
    inspectors: new Map(inspectors.map((i) => [i.id, { name: i.name, certificateNo: i.certificate_no }])),
  });
}
