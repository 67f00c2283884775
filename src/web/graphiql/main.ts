import "graphiql/style.css";
import "./graphiql.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

/**
 * The self-hosted API console at GET /graphql (in a browser): GraphiQL on this origin only, no CDN (a government
 * intranet does not reach one). HTTP for queries and mutations, graphql-ws on the same URL for subscriptions. Sign
 * in with the `login` mutation and put `{"authorization": "Bearer <token>"}` in the headers pane.
 */
const url = `${location.origin}/graphql`;
const fetcher = createGraphiQLFetcher({
  url,
  subscriptionUrl: url.replace(/^http/, "ws"),
});

const DEFAULT_QUERY = `# 联合抽查平台 API 控制台
# 1. 登录取得访问令牌：
#    mutation { login(tenantCode: "wy-samr", username: "planner", password: "…") { token expiresAt } }
# 2. 在下方“Headers”中填写：{"authorization": "Bearer <token>"}
# 公开查询无需登录，例如：
query PublicDepartments {
  tenants { code name isCoordinator }
}
`;

const root = document.getElementById("graphiql");
if (root) createRoot(root).render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY }));
