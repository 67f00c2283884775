import { AssignmentEntity, DrawEntity } from "../entities/draw/draw.entity";
import { DrawResolver, TaskDrawsResolver } from "../resolvers/draw/draw.resolver";
import type { Area } from "./area";

/** The verifiable draw of a department task (lock, witness, draw, 回避/递补, voiding) and its assignments. */
export const drawArea: Area = {
  entities: [DrawEntity, AssignmentEntity],
  resolvers: [DrawResolver, TaskDrawsResolver],
};
