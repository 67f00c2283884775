import { itemListVersionLifecycle } from "../../../src/domain/catalog/item-list-version.lifecycle";
import { firmRequestLifecycle } from "../../../src/domain/firm/firm-request.lifecycle";
import { followUpLifecycle, transferLifecycle } from "../../../src/domain/inspection/follow-up.lifecycle";
import { inspectionRecordLifecycle } from "../../../src/domain/inspection/inspection-record.lifecycle";
import { resultLifecycle } from "../../../src/domain/inspection/result.lifecycle";
import { assertMove, type Lifecycle } from "../../../src/domain/lifecycle";
import { drawLifecycle } from "../../../src/domain/plan/draw.lifecycle";
import { planLifecycle } from "../../../src/domain/plan/plan.lifecycle";
import { taskLifecycle } from "../../../src/domain/plan/task.lifecycle";
import { DomainError } from "../../../src/errors";
import {
  acceptVisitDate,
  jointParticipationLifecycle,
  jointTargetLifecycle,
  jointTaskLifecycle,
  proposeVisitDate,
  recordPublication,
  visitLifecycle,
} from "../../../src/joint";

/** Every (state, move) a lifecycle allows, as "STATE move → RESULT" (RESULT is the state assertMove returns). */
function allowed<S extends string, M extends string>(lc: Lifecycle<S, M>): string[] {
  const out: string[] = [];
  for (const state of Object.keys(lc.states) as S[])
    for (const move of Object.keys(lc.moves) as M[]) {
      try {
        out.push(`${state} ${move} → ${assertMove(lc, state, move)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
      }
    }
  return out.sort();
}

function refusal<S extends string, M extends string>(lc: Lifecycle<S, M>, state: S, move: M): DomainError {
  try {
    assertMove(lc, state, move);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error(`${lc.name}: ${state} ${move} was not refused`);
}

// The specification, written out: anything not listed is refused.
const SPEC: Array<[Lifecycle<string, string>, string[]]> = [
  [
    planLifecycle,
    [
      "DRAFT submit → SUBMITTED",
      "SUBMITTED approve → APPROVED",
      "SUBMITTED return → DRAFT",
      "APPROVED publish → PUBLISHED",
      "PUBLISHED close → CLOSED",
      "DRAFT setRequiredRounds → DRAFT",
      "APPROVED file → APPROVED",
      "PUBLISHED file → PUBLISHED",
      "CLOSED file → CLOSED",
      "DRAFT addTask → DRAFT",
      "SUBMITTED addTask → SUBMITTED",
      "APPROVED addTask → APPROVED",
      "PUBLISHED addTask → PUBLISHED",
      "APPROVED approveTask → APPROVED",
      "PUBLISHED approveTask → PUBLISHED",
    ],
  ],
  [
    taskLifecycle,
    [
      "DRAFT approve → APPROVED",
      "APPROVED lockDraw → APPROVED",
      "APPROVED draw → DRAWN",
      "APPROVED voidDraw → APPROVED",
      "DRAWN voidDraw → APPROVED",
      "DRAFT assignDirectly → DRAFT",
      "APPROVED assignDirectly → APPROVED",
      "DRAWN assignDirectly → DRAWN",
    ],
  ],
  [drawLifecycle, ["VALID void → VOIDED", "INFEASIBLE void → VOIDED", "VALID substitute → VALID"]],
  [
    inspectionRecordLifecycle,
    [
      "ASSIGNED accept → ACCEPTED",
      "ACCEPTED accept → ACCEPTED",
      "ACCEPTED start → IN_PROGRESS",
      "IN_PROGRESS saveRecord → IN_PROGRESS",
      "IN_PROGRESS targetSignoff → IN_PROGRESS",
      "IN_PROGRESS inspectorSign → IN_PROGRESS",
      "IN_PROGRESS complete → RECORDED",
      "IN_PROGRESS addEvidence → IN_PROGRESS",
      "RECORDED addEvidence → RECORDED",
      "RECORDED draftResult → RECORDED",
      "ASSIGNED recuse → ASSIGNED",
      "ACCEPTED recuse → ACCEPTED",
      "IN_PROGRESS recuse → IN_PROGRESS",
      "RECORDED recuse → RECORDED",
      "ASSIGNED requestRecusal → ASSIGNED",
      "ACCEPTED requestRecusal → ACCEPTED",
      "IN_PROGRESS requestRecusal → IN_PROGRESS",
      "ASSIGNED cancel → CANCELLED",
      "ACCEPTED cancel → CANCELLED",
      "IN_PROGRESS cancel → CANCELLED",
      "RECORDED cancel → CANCELLED",
    ],
  ],
  [
    resultLifecycle,
    [
      "DRAFT saveDraft → DRAFT",
      "RETURNED saveDraft → RETURNED",
      "DRAFT submit → SUBMITTED",
      "RETURNED submit → SUBMITTED",
      "SUBMITTED approve → APPROVED",
      "SUBMITTED return → RETURNED",
      "APPROVED publish → PUBLISHED",
      "PUBLISHED correct → PUBLISHED",
    ],
  ],
  [followUpLifecycle, ["OPEN transfer → OPEN", "OPEN close → CLOSED"]],
  [transferLifecycle, ["PENDING accept → ACCEPTED", "PENDING return → RETURNED"]],
  [
    jointTaskLifecycle,
    [
      "INVITING confirmParticipation → INVITING",
      "INVITING declineParticipation → INVITING",
      "INVITING approve → APPROVED",
      "APPROVED lockDraw → APPROVED",
      "APPROVED draw → DRAWN",
      "APPROVED voidDraw → APPROVED",
      "DRAWN voidDraw → APPROVED",
    ],
  ],
  [
    jointParticipationLifecycle,
    [
      "INVITED confirm → CONFIRMED",
      "CONFIRMED confirm → CONFIRMED",
      "INVITED decline → DECLINED",
      "CONFIRMED decline → DECLINED",
    ],
  ],
  [jointTargetLifecycle, ["ACTIVE recuse → ACTIVE", "ACTIVE cancel → CANCELLED"]],
  [firmRequestLifecycle, ["PENDING grant → GRANTED", "PENDING reject → REJECTED", "PENDING close → CLOSED"]],
  [
    itemListVersionLifecycle,
    ["DRAFT editItems → DRAFT", "DRAFT publish → PUBLISHED", "PUBLISHED reference → PUBLISHED"],
  ],
  [
    visitLifecycle,
    [
      // The date moves keep the state here: the visit's transitions derive the next one from the responses.
      "UNSCHEDULED PROPOSE → UNSCHEDULED",
      "PROPOSED ACCEPT → PROPOSED",
      "CONTESTED ACCEPT → CONTESTED",
      "PROPOSED PROPOSE_OTHER_DATE → PROPOSED",
      "CONTESTED PROPOSE_OTHER_DATE → CONTESTED",
      "CONTESTED RESOLVE → AGREED",
      "AGREED PUBLISH → AGREED",
      "UNSCHEDULED RECUSE → UNSCHEDULED",
      "PROPOSED RECUSE → PROPOSED",
      "CONTESTED RECUSE → CONTESTED",
      "AGREED RECUSE → AGREED",
      "UNSCHEDULED CANCEL → CANCELLED",
      "PROPOSED CANCEL → CANCELLED",
      "CONTESTED CANCEL → CANCELLED",
      "AGREED CANCEL → CANCELLED",
      "COMPLETE CANCEL → CANCELLED",
    ],
  ],
];

describe("lifecycles: the declared moves", () => {
  test.each(SPEC.map(([lc, spec]) => [lc.name, lc, spec] as const))("%s allows exactly its moves", (_, lc, spec) => {
    expect(allowed(lc)).toEqual([...spec].sort());
  });

  test.each(SPEC.map(([lc]) => [lc.name, lc] as const))("%s labels every state and move in Chinese", (_, lc) => {
    for (const label of [...Object.values(lc.states), ...Object.values(lc.moves).map((m) => m.label)])
      expect(label).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("lifecycles: a refused move names the thing, its state and the move", () => {
  const REFUSED = (
    [
      [planLifecycle, "DRAFT", "publish", "计划当前为“草稿”，不能执行“公布”"],
      [planLifecycle, "CLOSED", "addTask", "计划当前为“已结束”，不能执行“添加任务”"],
      [planLifecycle, "SUBMITTED", "file", "计划当前为“已提交”，不能执行“报联席会议办公室备案”：计划批准后才能备案"],
      [
        taskLifecycle,
        "DRAWN",
        "draw",
        "抽查任务当前为“已抽取”，不能执行“随机抽取”：如需重新抽取，须由监督人员先作废原抽取并说明理由",
      ],
      [taskLifecycle, "DRAFT", "lockDraw", "抽查任务当前为“草稿”，不能执行“锁定抽取参数”：任务批准后才能锁定"],
      [taskLifecycle, "CLOSED", "assignDirectly", "抽查任务当前为“已结束”，不能执行“指派检查人员”"],
      [drawLifecycle, "VOIDED", "void", "抽取当前为“已作废”，不能执行“作废”"],
      [drawLifecycle, "VOIDED", "substitute", "抽取当前为“已作废”，不能执行“回避递补”：该抽取已被作废"],
      [inspectionRecordLifecycle, "ASSIGNED", "start", "检查任务当前为“已分派”，不能执行“开始检查”"],
      [inspectionRecordLifecycle, "RECORDED", "saveRecord", "检查任务当前为“已记录”，不能执行“填写检查记录”"],
      [
        inspectionRecordLifecycle,
        "IN_PROGRESS",
        "draftResult",
        "检查任务当前为“检查中”，不能执行“填报检查结果”：检查记录完成后才能填报检查结果",
      ],
      [inspectionRecordLifecycle, "CANCELLED", "accept", "检查任务当前为“已取消”，不能执行“接收任务”"],
      [resultLifecycle, "PUBLISHED", "saveDraft", "检查结果当前为“已公示”，不能执行“修改”"],
      [resultLifecycle, "DRAFT", "approve", "检查结果当前为“草稿”，不能执行“批准”"],
      [
        resultLifecycle,
        "APPROVED",
        "correct",
        "检查结果当前为“已批准”，不能执行“更正”：只有已公示的结果才能更正；未公示的结果请退回修改",
      ],
      [followUpLifecycle, "CLOSED", "transfer", "后续处置事项当前为“已办结”，不能执行“移交”"],
      [transferLifecycle, "ACCEPTED", "return", "移交事项当前为“已接收”，不能执行“退回”"],
      [
        jointTaskLifecycle,
        "APPROVED",
        "confirmParticipation",
        "联合抽查任务当前为“已批准”，不能执行“确认参与”：任务已批准抽取，参与情况不能再更改",
      ],
      [
        jointTaskLifecycle,
        "INVITING",
        "draw",
        "联合抽查任务当前为“待确认”，不能执行“随机抽取”：须由发起部门监督人员批准任务（公布随机种子承诺值）后才能抽取",
      ],
      [
        jointParticipationLifecycle,
        "DECLINED",
        "confirm",
        "本部门的参与当前为“已拒绝参与”，不能执行“确认参与”：本部门已拒绝参与该联合抽查任务，不能再确认参与",
      ],
      [
        jointParticipationLifecycle,
        "DECLINED",
        "decline",
        "本部门的参与当前为“已拒绝参与”，不能执行“拒绝参与”：本部门已拒绝参与该联合抽查任务",
      ],
      [jointTargetLifecycle, "CANCELLED", "cancel", "联合抽查对象当前为“已取消”，不能执行“随抽取作废取消”"],
      [firmRequestLifecycle, "GRANTED", "reject", "企业申请当前为“已准予回避”，不能执行“不予回避”：该申请已经处理"],
      [firmRequestLifecycle, "CLOSED", "close", "企业申请当前为“已办结”，不能执行“办结”：该申请已经处理"],
      [itemListVersionLifecycle, "PUBLISHED", "publish", "清单版本当前为“已发布”，不能执行“发布”"],
      [
        visitLifecycle,
        "COMPLETE",
        "RECUSE",
        "联合检查当前为“已完成”，不能执行“回避递补”：该联合检查已完成，不能再办理回避",
      ],
      [visitLifecycle, "AGREED", "RESOLVE", "联合检查当前为“检查日期已商定”，不能执行“裁定检查日期”"],
      [
        visitLifecycle,
        "CANCELLED",
        "ACCEPT",
        "联合检查当前为“已取消”，不能执行“接受检查日期”：该联合检查已随抽取作废而取消",
      ],
      [
        visitLifecycle,
        "UNSCHEDULED",
        "PUBLISH",
        "联合检查当前为“待提出检查日期”，不能执行“登记本部门公示”：检查日期尚未提出",
      ],
    ] as Array<[Lifecycle<string, string>, string, string, string]>
  ).map(([lc, state, move, message]) => [lc.name, state, move, lc, message] as const);

  test.each(REFUSED)("%s in %s: %s is refused", (_, state, move, lc, message) => {
    const e = refusal(lc, state, move);
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toBe(message);
    expect(e.details).toEqual({ rule: "INVALID_TRANSITION", lifecycle: lc.name, from: state, status: state, move });
  });
});

describe("lifecycles: a move may type its refusal as a named rule or as the input at fault", () => {
  test("a published version's items cannot change: RULE_VIOLATION citing PUBLISHED_VERSION_IMMUTABLE", () => {
    const e = refusal(itemListVersionLifecycle, "PUBLISHED", "editItems");
    expect(e.code).toBe("RULE_VIOLATION");
    expect(e.message).toBe(
      "清单版本当前为“已发布”，不能执行“修改事项”：已发布的清单版本不能修改；请新建草稿修改后发布新版本",
    );
    expect(e.details).toEqual({
      rule: "PUBLISHED_VERSION_IMMUTABLE",
      field: "listVersionId",
      lifecycle: "itemListVersion",
      from: "PUBLISHED",
      status: "PUBLISHED",
      move: "editItems",
    });
  });

  test("a cancelled target is no longer there for a recusal: NOT_FOUND, with the reason", () => {
    const e = refusal(jointTargetLifecycle, "CANCELLED", "recuse");
    expect(e.code).toBe("NOT_FOUND");
    expect(e.message).toBe("联合抽查对象当前为“已取消”，不能执行“回避递补”：该联合抽查对象已随抽取作废而取消");
    expect(e.details).toMatchObject({
      entity: "联合抽查对象",
      lifecycle: "jointTarget",
      from: "CANCELLED",
      move: "recuse",
    });
  });

  test("a cancelled assignment is no longer there for a supervisor's 回避递补: NOT_FOUND, with the reason", () => {
    const e = refusal(inspectionRecordLifecycle, "CANCELLED", "recuse");
    expect(e.code).toBe("NOT_FOUND");
    expect(e.message).toBe("检查任务当前为“已取消”，不能执行“回避递补”：该检查任务已随抽取作废而取消");
  });

  test("a draft's items cannot be referenced: BAD_USER_INPUT naming the field", () => {
    const e = refusal(itemListVersionLifecycle, "DRAFT", "reference");
    expect(e.code).toBe("BAD_USER_INPUT");
    expect(e.message).toBe("清单版本当前为“草稿”，不能执行“引用事项”：只能引用已发布清单中的事项");
    expect(e.details).toMatchObject({ field: "checkItemId", rule: "INVALID_TRANSITION", move: "reference" });
  });
});

describe("joint visit: the derived states stay within the declared outcomes", () => {
  const window = { from: "2026-03-01", to: "2026-03-31" };
  const proposal = { visitId: "v", targetId: "t", coordinatorId: "a", participantIds: ["a", "b"], window };

  test("propose, accept and publish lead only to their outcomes", () => {
    const proposed = proposeVisitDate({ ...proposal, date: "2026-03-10" });
    if (!proposed.ok) throw new Error("not proposed");
    expect(visitLifecycle.moves.PROPOSE.outcomes).toContain(proposed.value.status);
    const accepted = acceptVisitDate(proposed.value, "b");
    if (!accepted.ok) throw new Error("not accepted");
    expect(visitLifecycle.moves.ACCEPT.outcomes).toContain(accepted.value.status);
    expect(accepted.value.status).toBe("AGREED");
    const half = recordPublication(accepted.value, "a");
    const all = half.ok ? recordPublication(half.value, "b") : half;
    if (!half.ok || !all.ok) throw new Error("not published");
    expect([half.value.status, all.value.status]).toEqual(["AGREED", "COMPLETE"]);
    for (const s of [half.value.status, all.value.status]) expect(visitLifecycle.moves.PUBLISH.outcomes).toContain(s);
  });
});
