import { AssignmentFirmFieldsResolver, FirmResolver } from "../resolvers/firm/firm.resolver";
import type { Area } from "./area";

/** The inspected firm's side (issue 15): 扫码核验, 双预约, 申请回避, confirmation and rating; tables by raw SQL. */
export const firmArea: Area = { entities: [], resolvers: [FirmResolver, AssignmentFirmFieldsResolver] };
