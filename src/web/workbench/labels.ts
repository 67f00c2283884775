import ENUM_LABELS from "virtual:enum-labels";

export { describeEvent, roleLabel, topicLabel } from "../client/labels";

/** The Chinese name of a GraphQL enum value (from schema.graphql's descriptions; see src/web/build.ts). */
export function label(enumName: string, value: string | null | undefined): string {
  if (!value) return "";
  return ENUM_LABELS[enumName]?.[value] ?? value;
}

/** All values of an enum with their Chinese names, for selects. */
export function options(enumName: string): Array<{ value: string; label: string }> {
  return Object.entries(ENUM_LABELS[enumName] ?? {}).map(([value, l]) => ({ value, label: l }));
}
