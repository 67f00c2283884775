import { defineComponent } from "vue";

export default defineComponent({
  props: { params: { type: Object, default: () => ({}) }, query: { type: Object, default: () => ({}) } },
  setup() {
    return () => <div class="wb-screen">county</div>;
  },
});
