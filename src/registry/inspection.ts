import { FollowUpEntity, FollowUpTransferEntity } from "../entities/inspection/follow-up.entity";
import { InspectionAttachmentEntity, InspectionRecordEntity } from "../entities/inspection/inspection-record.entity";
import {
  InspectionResultEntity,
  ResultCodeEntity,
  ResultCodeMappingEntity,
  ResultPublicationEntity,
} from "../entities/inspection/inspection-result.entity";
import { AssignmentFieldsResolver } from "../resolvers/inspection/assignment.resolver";
import { DeadlineAlertResolver } from "../resolvers/inspection/deadline-alert.resolver";
import { FollowUpResolver } from "../resolvers/inspection/follow-up.resolver";
import { InspectionResolver } from "../resolvers/inspection/inspection.resolver";
import { InspectionReportResolver } from "../resolvers/inspection/inspection-report.resolver";
import { PrintableFormResolver } from "../resolvers/inspection/printable-form.resolver";
import { PublicationResolver } from "../resolvers/inspection/publication.resolver";
import { ResultResolver } from "../resolvers/inspection/result.resolver";
import type { Area } from "./area";

/** Inspection records, results and review, publication (一公开), follow-up (后续处置) and the summary report. */
export const inspectionArea: Area = {
  entities: [
    InspectionRecordEntity,
    InspectionAttachmentEntity,
    ResultCodeEntity,
    ResultCodeMappingEntity,
    InspectionResultEntity,
    ResultPublicationEntity,
    FollowUpEntity,
    FollowUpTransferEntity,
  ],
  resolvers: [
    InspectionResolver,
    AssignmentFieldsResolver,
    ResultResolver,
    PublicationResolver,
    PrintableFormResolver,
    FollowUpResolver,
    InspectionReportResolver,
    DeadlineAlertResolver,
  ],
};
