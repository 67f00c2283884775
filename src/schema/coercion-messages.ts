/**
 * graphql-js's value-coercion details (the part after "got invalid value …;") in Chinese, so a clerk whose client
 * sent a wrong variable reads what is wrong without English. A detail not in the table (a custom scalar's own
 * message, already Chinese) passes through.
 */
const DETAILS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Int cannot represent non-integer value: (.*)$/s, (m) => `整数（Int）不能取非整数值 ${m[1]}`],
  [/^Int cannot represent non 32-bit signed integer value: (.*)$/s, (m) => `整数（Int）超出 32 位范围：${m[1]}`],
  [/^Float cannot represent non numeric value: (.*)$/s, (m) => `数值（Float）不能取非数值 ${m[1]}`],
  [/^String cannot represent a non string value: (.*)$/s, (m) => `文本（String）不能取非文本值 ${m[1]}`],
  [/^Boolean cannot represent a non boolean value: (.*)$/s, (m) => `是/否（Boolean）不能取 ${m[1]}`],
  [/^ID cannot represent value: (.*)$/s, (m) => `编号（ID）不能取 ${m[1]}`],
  [/^Value "(.*)" does not exist in "(\w+)" enum\.$/s, (m) => `“${m[1]}”不是 ${m[2]} 的可选值`],
  [/^Field "(\w+)" of required type "([^"]+)" was not provided\.$/, (m) => `缺少必填字段 ${m[1]}（类型 ${m[2]}）`],
  [/^Field "(\w+)" is not defined by type "(\w+)"\.$/, (m) => `${m[2]} 没有字段 ${m[1]}`],
  [/^Expected type "(\w+)" to be an object\.$/, (m) => `应为 ${m[1]} 类型的对象`],
  [/^Expected non-nullable type "([^"]+)" not to be null\.$/, (m) => `类型 ${m[1]} 的值不能为空`],
];

/** The Chinese text of one coercion detail (suggestions already removed). */
export function coercionDetail(detail: string): string {
  for (const [pattern, say] of DETAILS) {
    const m = pattern.exec(detail);
    if (m) return say(m);
  }
  return detail;
}
