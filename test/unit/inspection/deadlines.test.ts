import { nationalCalendar } from "../../../src/calendar";
import {
  DEFAULT_DEADLINE_RULES,
  deadlineRulesFrom,
  feedbackDeadlines,
  followUpDeadlines,
  isValidDeadlineRule,
  openDeadlines,
} from "../../../src/domain/inspection/deadlines";

const cal = nationalCalendar();
const src = (over: object = {}) => ({
  assignmentId: "a",
  subjectId: "s",
  drawnOn: "2025-09-19",
  assignmentStatus: "RECORDED",
  inspectedOn: "2025-09-26",
  resultStatus: null,
  ...over,
});

describe("openDeadlines (injectable today, national calendar)", () => {
  test("the report falls due on 2025-10-10: National Day off, 28 Sep (Sunday 调休) worked", () => {
    const [report, publication] = openDeadlines([src()], "2025-10-08", cal);
    expect(report).toMatchObject({ kind: "REPORT", dueDate: "2025-10-10", state: "DUE_SOON", approximate: false });
    expect(publication).toMatchObject({ kind: "PUBLICATION", state: "OK" });
    // A weekends-only count would have made it due on 2025-10-03 and overdue on the 8th.
    expect(openDeadlines([src()], "2025-10-11", cal)[0].state).toBe("OVERDUE");
  });

  test("carried out but not published stays open; published closes everything; submitted closes the report", () => {
    expect(openDeadlines([src({ resultStatus: "SUBMITTED" })], "2025-10-08", cal).map((d) => d.kind)).toEqual([
      "PUBLICATION",
    ]);
    expect(openDeadlines([src({ resultStatus: "APPROVED" })], "2026-01-01", cal)[0].state).toBe("OVERDUE");
    expect(openDeadlines([src({ resultStatus: "PUBLISHED" })], "2026-01-01", cal)).toEqual([]);
  });

  test("the notice to the target counts from the draw until the team starts", () => {
    const [notice] = openDeadlines([src({ assignmentStatus: "ASSIGNED", inspectedOn: null })], "2025-09-22", cal);
    expect(notice).toMatchObject({ kind: "NOTICE", dueDate: "2025-09-24", state: "DUE_SOON" });
    expect(openDeadlines([src({ assignmentStatus: "CANCELLED" })], "2025-09-22", cal)).toEqual([]);
  });

  test("department rules override the defaults; nonsense is ignored", () => {
    expect(deadlineRulesFrom({ reportWorkingDays: 3, publishWorkingDays: -1, noticeWorkingDays: "x" })).toEqual({
      reportWorkingDays: 3,
      publishWorkingDays: 20,
      noticeWorkingDays: 3,
      dueSoonWorkingDays: 2,
      penaltyPublishWorkingDays: 7,
      transferFeedbackWorkingDays: 5,
      resultFeedbackWorkingDays: 0,
    });
    const [report] = openDeadlines([src()], "2025-10-08", cal, deadlineRulesFrom({ reportWorkingDays: 3 }));
    expect(report).toMatchObject({ dueDate: "2025-09-30", state: "OVERDUE" });
  });
});

describe("followUpDeadlines (due dates the department set, judged on working days)", () => {
  const fu = (dueDate: string) => ({ followUpId: "f", assignmentId: null, subjectId: "s", dueDate });

  test("due-soon counts working days: a due date right after National Day 2025 is near on 30 Sep", () => {
    expect(followUpDeadlines([fu("2025-10-09")], "2025-09-30", cal)[0]).toEqual({
      assignmentId: null,
      followUpId: "f",
      subjectId: "s",
      kind: "FOLLOW_UP",
      dueDate: "2025-10-09",
      state: "DUE_SOON",
      approximate: false,
    });
    // On 26 Sep the next working days are 28 Sep (调休 Sunday), 29 and 30 Sep: 9 Oct is not near yet.
    expect(followUpDeadlines([fu("2025-10-09")], "2025-09-26", cal)[0].state).toBe("OK");
    expect(followUpDeadlines([fu("2025-10-09")], "2025-10-10", cal)[0].state).toBe("OVERDUE");
  });

  test("the department's due-soon threshold applies; a date outside the data is approximate", () => {
    const zero = deadlineRulesFrom({ dueSoonWorkingDays: 0 });
    expect(followUpDeadlines([fu("2025-10-09")], "2025-09-30", cal, zero)[0].state).toBe("OK");
    expect(followUpDeadlines([fu("2040-01-10")], "2040-01-02", cal)[0].approximate).toBe(true);
  });
});

describe("deadline rule limits", () => {
  test("stored values outside a rule's range fall back to the default, each rule on its own range", () => {
    expect(isValidDeadlineRule("noticeWorkingDays", 0)).toBe(true);
    expect(isValidDeadlineRule("reportWorkingDays", 0)).toBe(false);
    expect(isValidDeadlineRule("publishWorkingDays", 120)).toBe(true);
    expect(isValidDeadlineRule("publishWorkingDays", 121)).toBe(false);
    expect(isValidDeadlineRule("dueSoonWorkingDays", 2.5)).toBe(false);
    expect(deadlineRulesFrom({ reportWorkingDays: 0, dueSoonWorkingDays: 30, noticeWorkingDays: 0 })).toEqual({
      ...DEFAULT_DEADLINE_RULES,
      noticeWorkingDays: 0,
    });
  });
});

describe("feedbackDeadlines (检查结果反馈, 住建局: 5 working days after the report)", () => {
  const report = { assignmentId: "a", subjectId: "s", reportedOn: "2025-09-26" };
  const housing = deadlineRulesFrom({ resultFeedbackWorkingDays: 5 });

  test("counted on the calendar: National Day off, 28 Sep and 11 Oct (调休 Sundays/Saturday) worked", () => {
    // 26 Sep (Fri) + 5 working days: 28 (Sun, worked), 29, 30 Sep, then 9, 10 Oct.
    const [item] = feedbackDeadlines([report], "2025-10-09", cal, housing);
    expect(item).toMatchObject({
      kind: "RESULT_FEEDBACK",
      assignmentId: "a",
      dueDate: "2025-10-10",
      state: "DUE_SOON",
    });
    expect(feedbackDeadlines([report], "2025-10-11", cal, housing)[0].state).toBe("OVERDUE");
  });

  test("none when the department has no such rule (the default 0)", () => {
    expect(DEFAULT_DEADLINE_RULES.resultFeedbackWorkingDays).toBe(0);
    expect(feedbackDeadlines([report], "2025-10-09", cal)).toEqual([]);
    expect(isValidDeadlineRule("resultFeedbackWorkingDays", 0)).toBe(true);
    expect(isValidDeadlineRule("resultFeedbackWorkingDays", 61)).toBe(false);
  });
});
