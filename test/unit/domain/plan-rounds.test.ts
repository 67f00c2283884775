import { roundDueDates, roundsStatus } from "../../../src/domain/county/rounds";

describe("required rounds (抽查频次 每年不少于 N 次)", () => {
  it("spreads the due dates evenly over the year's month-ends", () => {
    expect(roundDueDates(2028, 1)).toEqual(["2028-12-31"]);
    expect(roundDueDates(2028, 2)).toEqual(["2028-06-30", "2028-12-31"]);
    expect(roundDueDates(2028, 3)).toEqual(["2028-04-30", "2028-08-31", "2028-12-31"]);
    expect(roundDueDates(2028, 4)).toEqual(["2028-03-31", "2028-06-30", "2028-09-30", "2028-12-31"]);
    expect(roundDueDates(2028, 12)[1]).toBe("2028-02-29"); // leap February
  });

  it("a round is overdue only after its due date, and a late round still counts toward the year", () => {
    expect(roundsStatus(2028, 2, [], "2028-06-30")).toMatchObject({
      overdue: 0,
      nextDueDate: "2028-06-30",
      short: true,
    });
    expect(roundsStatus(2028, 2, [], "2028-07-01")).toMatchObject({ overdue: 1, nextDueDate: "2028-12-31" });
    // Drawn in August: the first round was late (still overdue), the year is not short once the second is drawn.
    expect(roundsStatus(2028, 2, ["2028-08-01"], "2028-09-01")).toMatchObject({ drawn: 1, overdue: 1, short: true });
    expect(roundsStatus(2028, 2, ["2028-03-02", "2028-11-30"], "2029-01-01")).toMatchObject({
      drawn: 2,
      overdue: 0,
      nextDueDate: null,
      short: false,
    });
    expect(roundsStatus(2028, 2, ["2028-03-02"], "2029-01-01")).toMatchObject({ overdue: 1, short: true });
  });
});
