import type { BarSeriesOption } from "echarts/charts";
import { BarChart } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { type ComposeOption, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { defineComponent, onMounted, onUnmounted, type PropType, ref, watch } from "vue";

use([BarChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/**
 * An ECharts chart drawn on canvas. Tooltips are rendered as rich text on the canvas too: ECharts' HTML tooltips
 * carry inline style attributes, which the pages' Content-Security-Policy refuses.
 */
export default defineComponent({
  props: { option: { type: Object as PropType<ChartOption>, required: true }, label: { type: String, default: "" } },
  setup(props) {
    const el = ref<HTMLDivElement>();
    let chart: ReturnType<typeof init> | undefined;
    const draw = () =>
      chart?.setOption(
        { tooltip: { renderMode: "richText" }, ...props.option, textStyle: { fontFamily: "inherit" } },
        true,
      );
    onMounted(() => {
      if (!el.value) return;
      chart = init(el.value, undefined, { renderer: "canvas" });
      draw();
      window.addEventListener("resize", resize);
    });
    const resize = () => chart?.resize();
    watch(() => props.option, draw, { deep: true });
    onUnmounted(() => {
      window.removeEventListener("resize", resize);
      chart?.dispose();
    });
    return () => <div ref={el} class="wb-chart" role="img" aria-label={props.label} data-chart={props.label} />;
  },
});
