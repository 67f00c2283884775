import { nationalCalendar } from "../../../src/calendar";
import { deadlineRulesFrom, openDeadlines } from "../../../src/domain/inspection/deadlines";

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
    });
    const [report] = openDeadlines([src()], "2025-10-08", cal, deadlineRulesFrom({ reportWorkingDays: 3 }));
    expect(report).toMatchObject({ dueDate: "2025-09-30", state: "OVERDUE" });
  });
});
