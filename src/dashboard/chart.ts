/**
 * The two charts (ECharts, only the parts used, SVG so text stays crisp): a bar per place, and a
 * line per place over time. Each place keeps one colour (Okabe–Ito, safe for colour-blind readers)
 * plus its own pattern and marker shape, so nothing depends on telling colours apart.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import * as echarts from "echarts/core";
import { LabelLayout } from "echarts/features";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  MarkLineComponent,
  LabelLayout,
  SVGRenderer,
]);

type Option = echarts.ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | AriaComponentOption
  | MarkLineComponentOption
>;

/** Okabe & Ito (2008), yellow last: it is the weakest on white. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
const SYMBOLS = ["circle", "rect", "triangle", "diamond", "roundRect", "pin", "arrow", "emptyCircle"];
const LINE_TYPES: ("solid" | "dashed" | "dotted")[] = [
  "solid",
  "dashed",
  "dotted",
  "solid",
  "dashed",
  "dotted",
  "solid",
  "dashed",
];
const SHADE = "rgba(0, 0, 0, 0.28)";
const LIGHT = "rgba(255, 255, 255, 0.55)";
const DECALS = [
  { symbol: "none" },
  { color: SHADE, dashArrayX: [1, 0], dashArrayY: [2, 5], symbolSize: 1, rotation: Math.PI / 6 },
  {
    color: SHADE,
    symbol: "circle",
    dashArrayX: [
      [8, 8],
      [0, 8, 8, 0],
    ],
    dashArrayY: [6, 0],
    symbolSize: 0.8,
  },
  { color: SHADE, dashArrayX: [1, 0], dashArrayY: [4, 3], rotation: -Math.PI / 4 },
  {
    color: SHADE,
    dashArrayX: [
      [6, 6],
      [0, 6, 6, 0],
    ],
    dashArrayY: [6, 0],
  },
  {
    color: SHADE,
    dashArrayX: [
      [1, 0],
      [1, 6],
    ],
    dashArrayY: [1, 0, 6, 0],
    rotation: Math.PI / 4,
  },
  {
    color: LIGHT,
    symbol: "triangle",
    dashArrayX: [
      [9, 9],
      [0, 9, 9, 0],
    ],
    dashArrayY: [7, 2],
    symbolSize: 0.75,
  },
  { color: SHADE, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: 0 },
];

export const colourOf = (slot: number) => PALETTE[slot % PALETTE.length];
export const symbolOf = (slot: number) => SYMBOLS[slot % SYMBOLS.length];

const FONT = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif";
const INK = "#1d2733";
const MUTED = "#5b6b7b";

export interface Bar<R> {
  label: string;
  period: string;
  value: number | null;
  text: string;
  slot: number;
  row: R;
  tooltip: string;
}

export interface BarModel<R> {
  bars: Bar<R>[];
  axisName: string;
  tick: (value: number) => string;
  planLine?: string;
  description: string;
}

export interface SeriesPoint<R> {
  value: number;
  text: string;
  tooltip: string;
  row: R;
}

export interface SeriesModel<R> {
  /** The x axis: every year from the first point to the last. */
  years: number[];
  /** Per place, a point or a gap for each year. */
  series: { name: string; slot: number; points: (SeriesPoint<R> | null)[] }[];
  axisName: string;
  tick: (value: number) => string;
  planLine?: string;
  description: string;
}

/**
 * One ECharts instance on a container, resized with it. `data-state` says "ready" once the
 * latest option has been drawn (the browser test and the first-chart timing read it).
 */
abstract class ChartView<R> {
  /** Made on the first draw: the container has no size while the page shows no choice. */
  private instance: echarts.ECharts | null = null;
  private onPick: (row: R) => void = () => {};

  constructor(protected el: HTMLElement) {}

  onSelect(fn: (row: R) => void): void {
    this.onPick = fn;
  }

  private chart(): echarts.ECharts {
    if (this.instance) return this.instance;
    const chart = echarts.init(this.el, null, { renderer: "svg" });
    new ResizeObserver(() => chart.resize()).observe(this.el);
    chart.on("click", (p) => {
      const row = (p.data as { row?: R } | undefined)?.row;
      if (row) this.onPick(row);
    });
    this.instance = chart;
    return chart;
  }

  protected draw(option: Option, height: number, signature: string): void {
    this.el.dataset.state = "drawing";
    this.el.style.height = `${height}px`;
    const chart = this.chart();
    chart.resize();
    // the first frame drawn after setOption is the chart on screen (there is no animation)
    chart.off("rendered");
    chart.on("rendered", () => {
      chart.off("rendered");
      this.el.dataset.state = "ready";
      this.el.dataset.signature = signature;
    });
    chart.setOption(option, { notMerge: true });
  }

  clear(signature: string): void {
    this.instance?.clear();
    this.el.dataset.state = "empty";
    this.el.dataset.signature = signature;
  }
}

const tooltipBase: TooltipComponentOption = {
  trigger: "item",
  confine: true,
  backgroundColor: "#fff",
  borderColor: "#c9d3dc",
  textStyle: { color: INK, fontFamily: FONT, fontSize: 13 },
  extraCssText: "box-shadow: 0 4px 14px rgba(15, 40, 60, .15); max-width: 320px; white-space: normal;",
};

export class BarChartView<R> extends ChartView<R> {
  render(model: BarModel<R>, signature: string): void {
    const rowHeight = 52;
    const height = Math.max(170, model.bars.length * rowHeight + 70);
    const values = model.bars.map((b) => b.value).filter((v): v is number => v !== null);
    const max = Math.max(0, ...values, model.planLine ? 100 : 0);
    const option: Option = {
      // no animation: the first frame is the chart (and moving bars would not help reading it)
      animation: false,
      textStyle: { fontFamily: FONT, color: INK },
      aria: { enabled: true, decal: { show: true }, label: { description: model.description } },
      // room on the right for the value labels, less on a phone
      grid: {
        left: 8,
        right: Math.round(Math.min(150, Math.max(80, this.el.clientWidth * 0.2))),
        top: 12,
        bottom: 36,
        outerBoundsMode: "same",
        outerBoundsContain: "axisLabel",
      },
      tooltip: { ...tooltipBase, formatter: (p) => (p as unknown as { data: { tip: string } }).data.tip },
      xAxis: {
        type: "value",
        max: max > 0 ? undefined : 1,
        name: model.axisName,
        nameLocation: "middle",
        nameGap: 26,
        nameTextStyle: { color: MUTED, fontSize: 12 },
        axisLabel: { formatter: (v: number) => model.tick(v), color: MUTED, fontSize: 12 },
        splitLine: { lineStyle: { color: "#e6ebf0" } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: model.bars.map((b) => ({ value: b.label, textStyle: {} })),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: "#9aa8b5" } },
        axisLabel: {
          formatter: (_: string, i: number) => `{name|${model.bars[i].label}}\n{period|${model.bars[i].period}}`,
          rich: {
            name: { fontSize: 14, fontWeight: 600, color: INK, lineHeight: 20, align: "right" },
            period: { fontSize: 12, color: MUTED, lineHeight: 16, align: "right" },
          },
        },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 30,
          cursor: "pointer",
          data: model.bars.map((b) => ({
            value: b.value ?? 0,
            row: b.row,
            tip: b.tooltip,
            itemStyle: {
              color: colourOf(b.slot),
              decal: DECALS[b.slot % DECALS.length] as never,
              borderRadius: [0, 3, 3, 0],
            },
            label: {
              show: true,
              position: "right",
              formatter: b.text,
              fontSize: 13,
              fontWeight: b.value === null ? 400 : 600,
              fontStyle: b.value === null ? "italic" : "normal",
              color: b.value === null ? MUTED : INK,
            },
          })),
          markLine: model.planLine
            ? {
                symbol: "none",
                silent: true,
                data: [{ xAxis: 100 }],
                lineStyle: { color: "#b3261e", type: "dashed", width: 1.5 },
                label: { formatter: model.planLine, position: "start", color: "#b3261e", fontSize: 12 },
              }
            : undefined,
        },
      ],
    };
    this.draw(option, height, signature);
  }
}

export class LineChartView<R> extends ChartView<R> {
  render(model: SeriesModel<R>, signature: string): void {
    const drawn = model.series.reduce((n, x) => n + x.points.filter(Boolean).length, 0);
    const option: Option = {
      // no animation: the first frame is the chart (and moving bars would not help reading it)
      animation: false,
      textStyle: { fontFamily: FONT, color: INK },
      aria: { enabled: true, decal: { show: true }, label: { description: model.description } },
      grid: { left: 8, right: 24, top: 56, bottom: 8, outerBoundsMode: "same", outerBoundsContain: "axisLabel" },
      legend: { top: 0, left: 0, itemGap: 18, textStyle: { fontSize: 13, color: INK }, itemWidth: 26, itemHeight: 12 },
      tooltip: { ...tooltipBase, formatter: (p) => (p as unknown as { data: { tip: string } }).data.tip },
      xAxis: {
        type: "category",
        data: model.years.map(String),
        boundaryGap: true,
        axisTick: { alignWithLabel: true },
        axisLabel: { color: MUTED, fontSize: 12 },
        axisLine: { lineStyle: { color: "#9aa8b5" } },
      },
      yAxis: {
        type: "value",
        name: model.axisName,
        nameTextStyle: { color: MUTED, fontSize: 12, align: "left" },
        axisLabel: { formatter: (v: number) => model.tick(v), color: MUTED, fontSize: 12 },
        splitLine: { lineStyle: { color: "#e6ebf0" } },
      },
      series: model.series.map((s, i) => ({
        type: "line" as const,
        name: s.name,
        color: colourOf(s.slot),
        symbol: symbolOf(s.slot),
        symbolSize: 10,
        cursor: "pointer",
        connectNulls: false,
        lineStyle: { width: 2.5, type: LINE_TYPES[s.slot % LINE_TYPES.length] },
        label: {
          show: drawn <= 16,
          position: "top" as const,
          formatter: (p: { data: unknown }) => (p.data as { text?: string } | null)?.text ?? "",
          fontSize: 12,
          color: INK,
        },
        labelLayout: { hideOverlap: true },
        data: s.points.map((p) => (p ? { value: p.value, text: p.text, tip: p.tooltip, row: p.row } : null)),
        markLine:
          i === 0 && model.planLine
            ? {
                symbol: "none",
                silent: true,
                data: [{ yAxis: 100 }],
                lineStyle: { color: "#b3261e", type: "dashed" as const, width: 1.5 },
                label: { formatter: model.planLine, position: "insideEndTop" as const, color: "#b3261e", fontSize: 12 },
              }
            : undefined,
      })),
    };
    this.draw(option, 320, signature);
  }
}
