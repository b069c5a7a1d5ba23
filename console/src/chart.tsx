import { useId } from 'preact/hooks';
import { TableWrap } from './ui';

export interface Series {
  name: string;
  values: number[];
  /** Drawn in the second colour. */
  alt?: boolean;
}

/**
 * Bars over time, in plain SVG drawn by the console (no charting library, nothing from a CDN).
 * The picture is one image with a summary for screen readers; the figures themselves are in
 * the table below it, which is the accessible form of the chart.
 */
export function BarChart({
  title,
  labels,
  series,
  summary,
}: {
  title: string;
  labels: string[];
  series: Series[];
  summary: string;
}) {
  const id = useId();
  const W = 480;
  const H = 180;
  const pad = { l: 36, r: 8, t: 8, b: 24 };
  const n = labels.length;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = (W - pad.l - pad.r) / Math.max(1, n);
  const barW = Math.max(1, (slot * 0.8) / series.length);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const every = Math.max(1, Math.ceil(n / 8));
  return (
    <figure class="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>{title}</strong>
      </figcaption>
      <div class="legend" aria-hidden="true">
        {series.map((s) => (
          <span key={s.name}>
            <span class={`swatch ${s.alt ? 'alt' : ''}`} />
            {s.name}
          </span>
        ))}
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        <line class="axis" x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} />
        <text x={pad.l - 4} y={pad.t + 8} text-anchor="end">
          {max}
        </text>
        <text x={pad.l - 4} y={H - pad.b} text-anchor="end">
          0
        </text>
        {labels.map((label, i) => (
          <g key={label}>
            {series.map((s, k) => {
              const v = s.values[i] ?? 0;
              return (
                <rect
                  key={s.name}
                  class={s.alt ? 'bar-alt' : 'bar'}
                  x={pad.l + i * slot + slot * 0.1 + k * barW}
                  y={y(v)}
                  width={barW}
                  height={H - pad.b - y(v)}
                />
              );
            })}
            {i % every === 0 ? (
              <text x={pad.l + i * slot + slot / 2} y={H - 6} text-anchor="middle">
                {label.slice(5)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <details>
        <summary>The figures as a table</summary>
        <TableWrap label={`${title}: figures`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map((s) => (
                  <th scope="col" class="num" key={s.name}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td class="num" key={s.name}>
                      {s.values[i] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}
