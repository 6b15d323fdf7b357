import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
}

interface DashChartProps {
  /** Names the chart in hooks. */
  name: string;
  title: string;
  /** X labels (dates, bucket names). */
  labels: string[];
  series: ChartSeries[];
  bars?: boolean;
  /** Click-through: the point clicked, by index into labels. */
  onPick?: (index: number) => void;
  width?: number;
}

/**
 * A uPlot chart. The x axis is the index into `labels` (uPlot wants numbers), drawn as the
 * label. The same figures are always in a table next to it, for keyboards and screen readers.
 */
export function DashChart({ name, title, labels, series, bars = false, onPick, width = 520 }: DashChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const xs = labels.map((_, i) => i);
    const barPaths = bars ? uPlot.paths.bars?.({ size: [0.6, 40] }) : undefined;
    const plot = new uPlot(
      {
        width,
        height: 200,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] } },
        axes: [{ values: (_u, ticks) => ticks.map((tick) => (Number.isInteger(tick) ? (labels[tick] ?? '') : '')), gap: 4, size: 40 }, { size: 44 }],
        series: [{ label: '' }, ...series.map((s) => ({ label: s.label, stroke: s.color, fill: bars ? `${s.color}cc` : undefined, width: bars ? 0 : 2, paths: barPaths, points: { show: !bars } }))],
      },
      [xs, ...series.map((s) => s.values)],
      el,
    );
    const click = () => {
      const index = plot.cursor.idx;
      if (onPick && index !== null && index !== undefined) onPick(index);
    };
    plot.over.addEventListener('click', click);
    return () => {
      plot.over.removeEventListener('click', click);
      plot.destroy();
    };
  }, [labels, series, bars, onPick, width]);
  return (
    <figure class="dash-chart" data-testid="gs-dash-chart" data-chart={name}>
      <figcaption>{title}</figcaption>
      <div ref={host} />
    </figure>
  );
}
