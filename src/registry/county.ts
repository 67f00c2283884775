import { JointMemberUnitEntity } from "../entities/joint-member-unit";
import { CountyResolver } from "../resolvers/county.resolver";
import type { Area } from "./area";

/** 联席会议 (issue 14): member units, 备案 seen by the coordinator, the county roll-up and the year-end 通报. */
export const countyArea: Area = {
  entities: [JointMemberUnitEntity],
  resolvers: [CountyResolver],
};
