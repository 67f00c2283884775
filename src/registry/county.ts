import { CreditRecordEntity } from "../entities/county/credit-record.entity";
import { JointMemberUnitEntity } from "../entities/county/joint-member-unit.entity";
import { CountyResolver } from "../resolvers/county/county.resolver";
import { CreditRecordResolver } from "../resolvers/county/credit-record.resolver";
import type { Area } from "./area";

/**
 * 联席会议 and the seeds' remaining rules (issue 14): member units, 备案 seen by the coordinator, the county roll-up
 * and the year-end 通报; the public credit records written by results, abnormal listings and penalties.
 */
export const countyArea: Area = {
  entities: [JointMemberUnitEntity, CreditRecordEntity],
  resolvers: [CountyResolver, CreditRecordResolver],
};
