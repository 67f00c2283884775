import { ElOption, ElSelect } from "element-plus";
import { defineComponent, type PropType } from "vue";
import { label, options } from "./labels";

/**
 * A select over the values of one GraphQL enum, each shown by its Chinese name (labels.ts). `values` picks which
 * values and in which order (default: all, in schema order); `filter` drops some. Class and other attributes fall
 * through to the ElSelect.
 */
export default defineComponent({
  name: "EnumSelect",
  props: {
    modelValue: { type: [String, Array] as PropType<string | string[] | null>, default: null },
    enumName: { type: String, required: true },
    values: { type: Array as PropType<readonly string[]>, default: undefined },
    filter: { type: Function as PropType<(value: string) => boolean>, default: undefined },
    multiple: { type: Boolean, default: false },
    placeholder: { type: String, default: undefined },
    testId: { type: String, default: undefined },
  },
  // Callers pass a handler for string (single) or string[] (multiple); the intersection accepts both.
  emits: { "update:modelValue": (_v: string & string[]) => true },
  setup(props, { emit }) {
    return () => {
      const all = props.values ?? enumValues(props.enumName);
      const shown = props.filter ? all.filter(props.filter) : all;
      return (
        <ElSelect
          modelValue={props.modelValue ?? undefined}
          onUpdate:modelValue={(v: string & string[]) => emit("update:modelValue", v)}
          multiple={props.multiple}
          placeholder={props.placeholder}
          data-field={props.testId}
        >
          {shown.map((v) => (
            <ElOption key={v} value={v} label={label(props.enumName, v)} />
          ))}
        </ElSelect>
      );
    };
  },
});

const enumValues = (enumName: string) => options(enumName).map((o) => o.value);
