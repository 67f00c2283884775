import { defineComponent, type PropType, type VNodeChild } from "vue";

/** Label–value rows of a record (task, plan, result), as a bordered two-column table. */
export type FactRows = ReadonlyArray<readonly [string, VNodeChild] | false | null | undefined>;

export default defineComponent({
  props: { rows: { type: Array as PropType<FactRows>, required: true } },
  setup(props) {
    return () => (
      <table class="wb-facts">
        <tbody>
          {props.rows
            .filter((r): r is readonly [string, VNodeChild] => Boolean(r))
            .map(([label, value]) => (
              <tr key={label}>
                <th>{label}</th>
                <td>{value}</td>
              </tr>
            ))}
        </tbody>
      </table>
    );
  },
});
