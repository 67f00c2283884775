import { FollowUpEntity, FollowUpTransferEntity } from "../entities/follow-up";
import { InspectionAttachmentEntity, InspectionRecordEntity } from "../entities/inspection-record";
import {
  InspectionResultEntity,
  ResultCodeEntity,
  ResultCodeMappingEntity,
  ResultPublicationEntity,
} from "../entities/inspection-result";
import { AssignmentFieldsResolver } from "../resolvers/assignment.resolver";
import { DeadlineAlertResolver } from "../resolvers/deadline-alert.resolver";
import { FollowUpResolver } from "../resolvers/follow-up.resolver";
import { InspectionResolver } from "../resolvers/inspection.resolver";
import { InspectionReportResolver } from "../resolvers/inspection-report.resolver";
import { PrintableFormResolver } from "../resolvers/printable-form.resolver";
import { PublicationResolver } from "../resolvers/publication.resolver";
import { ResultResolver } from "../resolvers/result.resolver";
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
