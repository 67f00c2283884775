import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type {
  InspectionAttachmentEntity,
  InspectionRecordEntity,
} from "../../entities/inspection/inspection-record.entity";

export enum InspectionModeEnum {
  ON_SITE = "ON_SITE",
  WRITTEN = "WRITTEN",
  ONLINE_MONITORING = "ONLINE_MONITORING",
  POSTAL = "POSTAL",
  SELF_INSPECTION = "SELF_INSPECTION",
  THIRD_PARTY = "THIRD_PARTY",
}
registerEnumType(InspectionModeEnum, {
  name: "InspectionMode",
  description: "检查方式",
  valuesConfig: {
    ON_SITE: { description: "实地检查" },
    WRITTEN: { description: "书面检查" },
    ONLINE_MONITORING: { description: "网络监测" },
    POSTAL: { description: "邮寄专用信函（须设材料提交截止日期）" },
    SELF_INSPECTION: { description: "企业自查报告" },
    THIRD_PARTY: { description: "委托第三方（须填写机构名称）" },
  },
});

@ObjectType("RecordLine", { description: "检查项目记录" })
export class RecordLineType {
  @Field(() => ID) checkItemId: string;
  @Field({ description: "检查项目" }) itemName: string;
  @Field({ description: "是否检查该项目" }) checked: boolean;
  @Field(() => String, { nullable: true, description: "未检查原因" }) notCheckedReason: string | null;
  @Field({ description: "检查结果" }) result: string;
  @Field({ description: "是否下达责令整改" }) rectificationOrdered: boolean;
  @Field({ description: "是否已整改" }) rectified: boolean;
  @Field(() => String, { nullable: true }) notes: string | null;
  @Field(() => String, { nullable: true, description: "检查依据" }) legalBasis: string | null;
}

@ObjectType("InspectorSignoff", { description: "执法检查人员签字" })
export class InspectorSignoffType {
  @Field(() => ID) inspectorId: string;
  @Field() signedAt: string;
}

@ObjectType("InspectionRecord", { description: "抽查情况记录表" })
export class InspectionRecordType {
  @Field(() => ID) id: string;
  @Field(() => ID) assignmentId: string;
  @Field(() => ID) subjectId: string;
  @Field(() => [ID], { description: "已接收任务的检查人员" }) acceptedBy: string[];
  @Field(() => InspectionModeEnum, { nullable: true }) mode: InspectionModeEnum | null;
  @Field(() => String, { nullable: true, description: "邮寄专用信函：材料提交截止日期" }) materialsDue: string | null;
  @Field(() => String, { nullable: true, description: "受托第三方机构" }) thirdPartyOrg: string | null;
  @Field(() => String, { nullable: true, description: "检查日期" }) inspectedOn: string | null;
  @Field(() => [RecordLineType]) lines: RecordLineType[];
  @Field(() => String, { nullable: true, description: "检查情况" }) situation: string | null;
  @Field(() => String, { nullable: true, description: "处理意见" }) handlingOpinion: string | null;
  @Field(() => Boolean, { nullable: true, description: "是否出示执法证件" }) identityShown: boolean | null;
  @Field(() => Boolean, { nullable: true, description: "是否出示检查通知书" }) noticeShown: boolean | null;
  @Field(() => String, { nullable: true, description: "被检查对象签字人" }) targetSignerName: string | null;
  @Field(() => String, { nullable: true, description: "签字人职务" }) targetSignerRole: string | null;
  @Field(() => Date, { nullable: true }) targetSignedAt: Date | null;
  @Field(() => String, { nullable: true, description: "拒绝签字原因" }) refusalReason: string | null;
  @Field(() => String, { nullable: true, description: "拒签见证人" }) refusalWitness: string | null;
  @Field(() => [InspectorSignoffType]) inspectorSignoffs: InspectorSignoffType[];
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) recordedAt: Date | null;

  static from(e: InspectionRecordEntity): InspectionRecordType {
    return Object.assign(new InspectionRecordType(), e, { mode: e.mode as InspectionModeEnum | null });
  }
}

@ObjectType("InspectionAttachment", { description: "证据材料（只增不改，更正为新版本）" })
export class InspectionAttachmentType {
  @Field(() => ID) id: string;
  @Field(() => ID) recordId: string;
  @Field() fileName: string;
  @Field({ description: "按文件内容识别的类型" }) mimeType: string;
  @Field(() => Int) sizeBytes: number;
  @Field({ description: "SHA-256（十六进制）" }) sha256: string;
  @Field(() => Int) version: number;
  @Field(() => ID, { nullable: true, description: "所更正的旧版本" }) supersedesId: string | null;
  @Field(() => Date, { nullable: true, description: "拍摄/形成时间" }) takenAt: Date | null;
  @Field(() => Float, { nullable: true }) latitude: number | null;
  @Field(() => Float, { nullable: true }) longitude: number | null;
  @Field() createdAt: Date;

  static from(e: InspectionAttachmentEntity): InspectionAttachmentType {
    return Object.assign(new InspectionAttachmentType(), e);
  }
}

@ObjectType("AttachmentContent", { description: "证据材料内容（Base64）" })
export class AttachmentContentType {
  @Field(() => InspectionAttachmentType) attachment: InspectionAttachmentType;
  @Field() contentBase64: string;
}
