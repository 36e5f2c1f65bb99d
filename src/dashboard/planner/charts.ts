/**
 * The planners' page's two ECharts charts (ranked bars, lines over the years), in a module of their
 * own: the page imports it while its first request is under way, so the numbers (table, map) are
 * drawn without waiting for ECharts and the charts follow as soon as it has loaded.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

// no ECharts aria: the page labels each chart itself, in its language and with units (ECharts' label,
// "the data for Long An is 19100000000", replaced it)
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

const LINE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"];
const SYMBOLS = ["circle", "rect", "triangle", "diamond", "pin"];

export interface Bar {
  name: string;
  value: number;
  label: string;
}
export interface Line {
  name: string;
  /** One per category; null for an empty year (the line breaks there). */
  values: (number | null)[];
  /** The values as the table writes them (unit, qualifier, a range for a bounded value). */
  texts: string[];
}

interface TooltipItem {
  dataIndex: number;
  seriesIndex: number;
  marker: string;
  seriesName: string;
  name: string;
}

/** Tooltips carry the page's own text (ECharts would show the bare number: 19100000000, a range's lower bound). */
const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export class Charts {
  private readonly ranking: echarts.ECharts;
  private readonly series: echarts.ECharts;

  constructor(rankingEl: HTMLElement, seriesEl: HTMLElement) {
    this.ranking = echarts.init(rankingEl, null, { renderer: "svg" });
    this.series = echarts.init(seriesEl, null, { renderer: "svg" });
    addEventListener("resize", () => {
      this.ranking.resize();
      this.series.resize();
    });
  }

  drawRanking(bars: Bar[]): void {
    const series: BarSeriesOption = {
      type: "bar",
      data: bars.map((b) => b.value),
      itemStyle: { color: "#0072B2" },
      label: { show: true, position: "right", formatter: (p) => bars[p.dataIndex].label },
    };
    this.ranking.setOption(
      {
        animation: false,
        grid: { left: 8, right: 120, top: 8, bottom: 8, containLabel: true },
        tooltip: {
          trigger: "item",
          formatter: (p: unknown) => {
            const bar = bars[(p as TooltipItem).dataIndex];
            return `${escape(bar.name)}: ${escape(bar.label)}`;
          },
        },
        xAxis: { type: "value", show: false },
        yAxis: { type: "category", inverse: true, data: bars.map((b) => b.name) },
        series: [series],
      },
      true,
    );
    this.ranking.resize();
  }

  /** `tick` writes an axis value in the measure's unit ("21 tỷ đồng", "3.000 hộ"). */
  drawSeries(categories: string[], lines: Line[], tick: (value: number) => string): void {
    const series: LineSeriesOption[] = lines.map((l, i) => ({
      type: "line",
      name: l.name,
      connectNulls: false,
      color: LINE_COLOURS[i % LINE_COLOURS.length],
      symbol: SYMBOLS[i % SYMBOLS.length],
      symbolSize: 8,
      data: l.values,
    }));
    this.series.setOption(
      {
        animation: false,
        legend: { top: 0 },
        tooltip: {
          trigger: "axis",
          formatter: (ps: unknown) => {
            const items = ps as TooltipItem[];
            const lineOf = (p: TooltipItem) =>
              `${p.marker}${escape(p.seriesName)}: ${escape(lines[p.seriesIndex].texts[p.dataIndex])}`;
            return [escape(items[0]?.name ?? ""), ...items.map(lineOf)].join("<br>");
          },
        },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: categories },
        yAxis: { type: "value", axisLabel: { formatter: (value: number) => tick(value) } },
        series,
      },
      true,
    );
    this.series.resize(); // it may have been hidden (a view with no data) since it was last drawn
  }

  /** The ranking as an SVG document (the SVG renderer's own output, with its namespace). */
  rankingSvg(): string {
    return this.ranking.renderToSVGString();
  }

  /**
   * The ranking as PNG. The SVG renderer's getDataURL gives SVG whatever type is asked for, so the
   * SVG is drawn on a canvas (white background, twice the pixels) and that is encoded.
   */
  async rankingPng(): Promise<Blob> {
    const svg = this.rankingSvg();
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    await img.decode();
    URL.revokeObjectURL(img.src);
    const ratio = 2;
    const canvas = document.createElement("canvas");
    canvas.width = this.ranking.getWidth() * ratio;
    canvas.height = this.ranking.getHeight() * ratio;
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
  }
}
