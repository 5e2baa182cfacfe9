/** One bar of a horizontal bar chart, placed in SVG user units. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly y: number;
  readonly width: number;
}

export interface BarChartLayout {
  readonly width: number;
  readonly height: number;
  /** X coordinate where bars start. Labels sit to the left of it. */
  readonly barX: number;
  readonly barHeight: number;
  readonly bars: readonly Bar[];
}

export interface BarChartOptions {
  readonly width?: number;
  readonly labelWidth?: number;
}

const BAR_HEIGHT = 22;
const GAP = 8;
/** Room right of the longest bar for its value. */
const VALUE_ROOM = 56;

/**
 * Lays out a horizontal bar chart, largest first, with bar lengths in
 * proportion to the values. Horizontal bars keep long category names
 * readable, and every bar carries its number, so the chart needs no axis.
 */
export function layoutBarChart(
  entries: Readonly<Record<string, number>>,
  options: BarChartOptions = {},
): BarChartLayout {
  const width = options.width ?? 640;
  const barX = options.labelWidth ?? 220;
  const room = Math.max(width - barX - VALUE_ROOM, 10);
  const ordered = Object.entries(entries).sort(([, a], [, b]) => b - a);
  const max = Math.max(1, ...ordered.map(([, value]) => value));
  const bars = ordered.map(([label, value], index) => ({
    label,
    value,
    y: GAP + index * (BAR_HEIGHT + GAP),
    width: value === 0 ? 0 : Math.max(2, Math.round((value / max) * room)),
  }));
  return {
    width,
    height: GAP + bars.length * (BAR_HEIGHT + GAP),
    barX,
    barHeight: BAR_HEIGHT,
    bars,
  };
}
