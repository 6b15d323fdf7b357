/** The part of a zod issue (classic or mini) an error message needs. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** Names the field that failed, e.g. `events.3.author.name: expected string`; at most five issues. */
export function describeIssues(issues: ReadonlyArray<IssueLike>): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}
