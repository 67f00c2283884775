import { nationalCalendar } from "../../../src/calendar";
import { type RoundDeadlineSource, roundDeadlines } from "../../../src/domain/inspection/deadlines";

const cal = nationalCalendar();
const plan = (required: number, drawnOn: string[]): RoundDeadlineSource => ({
  planId: "p",
  departmentId: "d",
  year: 2026,
  required,
  drawnOn,
});
const states = (s: RoundDeadlineSource, today: string) =>
  roundDeadlines([s], today, cal).map((d) => [d.round, d.dueDate, d.state]);

describe("roundDeadlines (抽查频次)", () => {
  test("every round not yet drawn is open, due at the end of month ⌈12k/N⌉", () => {
    expect(states(plan(2, []), "2026-03-02")).toEqual([
      [1, "2026-06-30", "OK"],
      [2, "2026-12-31", "OK"],
    ]);
  });

  test("a drawn round closes the earliest open round; draws after today do not count yet", () => {
    expect(states(plan(2, ["2026-03-02"]), "2026-03-02")).toEqual([[2, "2026-12-31", "OK"]]);
    expect(states(plan(2, ["2026-03-03"]), "2026-03-02")).toHaveLength(2);
    expect(states(plan(2, ["2026-01-05", "2026-08-01"]), "2026-09-01")).toEqual([]);
  });

  test("due soon two working days ahead, overdue from the next day", () => {
    // 30 June 2026 is a Tuesday: on Thursday 25 June it is three working days ahead, on Monday 29 June one.
    expect(states(plan(2, []), "2026-06-25")[0][2]).toBe("OK");
    expect(states(plan(2, []), "2026-06-29")[0][2]).toBe("DUE_SOON");
    expect(states(plan(2, []), "2026-06-30")[0][2]).toBe("DUE_SOON");
    expect(states(plan(2, []), "2026-07-01")[0][2]).toBe("OVERDUE");
  });

  test("a late round closes the overdue item (the roll-up still counts it as late)", () => {
    expect(states(plan(2, ["2026-07-10"]), "2026-07-11")).toEqual([[2, "2026-12-31", "OK"]]);
  });
});
