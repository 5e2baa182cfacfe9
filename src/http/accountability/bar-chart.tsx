import type { VNode } from 'preact';

import { layoutBarChart } from '../../domain/transparency/bar-chart.ts';

export interface BarChartProps {
  /** A unique id on the page, which the title and description hang from. */
  readonly id: string;
  readonly title: string;
  readonly entries: Readonly<Record<string, number>>;
  /** Turns a key into the label shown beside its bar. */
  readonly label?: (key: string) => string;
}

/**
 * Renders a horizontal bar chart as inline SVG with a title and a description that
 * lists every value, so screen readers get the figures as text. The table
 * beside each chart carries the same numbers. The chart takes the width of its
 * box up to its natural width and scales down on narrower screens.
 */
export function BarChart(props: BarChartProps): VNode {
  const label = props.label ?? ((key: string) => key);
  const longest = Math.max(0, ...Object.keys(props.entries).map((key) => label(key).length));
  // About 8 units per character at font size 14 keeps long labels inside the chart.
  const labelWidth = Math.min(360, Math.max(120, longest * 8 + 16));
  const layout = layoutBarChart(props.entries, { labelWidth, width: labelWidth + 320 });
  const description = layout.bars.map((bar) => `${label(bar.label)}: ${bar.value}`).join('; ');
  return (
    <svg
      class="chart"
      role="img"
      viewBox={`0 0 ${layout.width} ${Math.max(layout.height, 1)}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      style={`max-width: ${layout.width}px`}
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{description}</desc>
      {layout.bars.map((bar) => (
        <g key={bar.label}>
          <text
            x={layout.barX - 8}
            y={bar.y + layout.barHeight / 2}
            text-anchor="end"
            dominant-baseline="middle"
            font-size="14"
            fill="#1f2933"
          >
            {label(bar.label)}
          </text>
          <rect
            x={layout.barX}
            y={bar.y}
            width={bar.width}
            height={layout.barHeight}
            fill="#1d5fa8"
          />
          <text
            x={layout.barX + bar.width + 6}
            y={bar.y + layout.barHeight / 2}
            dominant-baseline="middle"
            font-size="14"
            font-weight="bold"
            fill="#1f2933"
          >
            {String(bar.value)}
          </text>
        </g>
      ))}
    </svg>
  );
}
