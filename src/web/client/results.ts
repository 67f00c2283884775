import { GqlError, gql } from "./api";

/**
 * 抽查结果检索 through `publishedResults` (public, de-identified). A server without that query (older build)
 * answers with a validation error: the search then reports that nothing is published instead of failing.
 */
export interface PublishedResult {
  id: string;
  resultId: string;
  subjectName: string;
  creditCode: string | null;
  departmentName: string;
  taskName: string;
  categoryName: string;
  inspectedOn: string;
  publishedAt: string;
  /** Part of a 部门联合抽查 visit: every department publishes its own result of the one visit. */
  jointVisit: { visitId: string; taskName: string; departments: Array<{ id: string; name: string }> } | null;
}

const QUERY = `query($name: String, $code: String) {
  publishedResults(subjectName: $name, creditCode: $code, limit: 50) {
    items { id resultId subjectName creditCode departmentName taskName categoryName inspectedOn publishedAt
      jointVisit { visitId taskName departments { id name } } }
  }
}`;

/** null: the results query is not available on this server. */
export async function searchPublishedResults(text: string, isCreditCode: boolean): Promise<PublishedResult[] | null> {
  try {
    const data = await gql<{ publishedResults: { items: PublishedResult[] } }>(
      QUERY,
      isCreditCode ? { code: text } : { name: text },
    );
    return data.publishedResults.items;
  } catch (e) {
    if (e instanceof GqlError && e.code === "GRAPHQL_VALIDATION_FAILED") return null;
    throw e;
  }
}
