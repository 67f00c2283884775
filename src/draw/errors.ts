/** Invalid input to a draw function; the server maps it to a BAD_USER_INPUT GraphQL error. */
export class DrawInputError extends Error {
  readonly code = "BAD_USER_INPUT";

  constructor(readonly issues: readonly string[]) {
    super(`Invalid draw input: ${issues.join("; ")}`);
    this.name = "DrawInputError";
  }
}

export function assertNoIssues(issues: readonly string[]): void {
  if (issues.length > 0) throw new DrawInputError(issues);
}
