import { EstimateResolver } from "../resolvers/estimates/estimate.resolver";
import type { Area } from "./area";

/** 合规估计: compliance estimates from the random draws and the published results (docs/ESTIMATES.md). */
export const estimatesArea: Area = { entities: [], resolvers: [EstimateResolver] };
