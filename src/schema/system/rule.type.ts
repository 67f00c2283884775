import { Field, ObjectType } from "type-graphql";
import { RULES, type RuleCode } from "../../domain/rules";

@ObjectType("RuleInfo", { description: "业务规则：拒绝操作时 extensions.rule 所引用的规则及其名称" })
export class RuleInfoType {
  @Field({ description: "规则代码（extensions.rule）" }) code: string;
  @Field({ description: "规则名称" }) title: string;

  static all(): RuleInfoType[] {
    return (Object.keys(RULES) as RuleCode[]).map((code) =>
      Object.assign(new RuleInfoType(), { code, title: RULES[code] }),
    );
  }
}
