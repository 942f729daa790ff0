// Throughput and failures per timeline bucket as paired bars of what happened: documents migrated and failed
// in each bucket (counts, never a rate extrapolated from a few seconds). Hand-written SVG with its unit on the
// axis: an image with a title and a description for screen readers, a tooltip per bar, and the same numbers in
// a data table beside it.
import { useId } from "react";
import { formatNumber } from "../format.ts";

export interface TimelinePoint {
  start: string;
  completed: number;
  failed: number;
  documentsPerMinute: number;
  failedPerMinute: number;
}

export type Bucket = "MINUTE" | "HOUR" | "DAY";

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { left: 44, right: 12, top: 24, bottom: 28 };

const timeFormats: Record<Bucket, Intl.DateTimeFormat> = {
  MINUTE: new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }),
  HOUR: new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
  DAY: new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }),
};

export function formatBucket(iso: string, bucket: Bucket): string {
  return timeFormats[bucket].format(new Date(iso));
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (1 for nothing to show). */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * magnitude >= value) ?? 10;
  return step * magnitude;
}

export function ThroughputChart({ timeline, bucket }: { timeline: TimelinePoint[]; bucket: Bucket }) {
  const ids = useId();
  const unit = bucket.toLowerCase();
  const first = timeline[0];
  const last = timeline[timeline.length - 1];
  if (!first || !last) return <p className="rms-muted">No documents finished yet.</p>;

  const max = niceMax(Math.max(...timeline.map((p) => Math.max(p.completed, p.failed))));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const band = plotWidth / timeline.length;
  const barWidth = Math.min(band * 0.35, 28);
  const center = (i: number) => PAD.left + band * (i + 0.5);
  const y = (value: number) => PAD.top + plotHeight * (1 - value / max);
  const bar = (value: number) => ({
    y: y(value),
    height: value > 0 ? Math.max(1, plotHeight - (y(value) - PAD.top)) : 0,
  });

  const peak = timeline.reduce((best, p) => (p.completed > best.completed ? p : best), first);
  const failures = timeline.reduce((n, p) => n + p.failed, 0);
  const migrated = timeline.reduce((n, p) => n + p.completed, 0);
  const description =
    `${timeline.length} ${unit}(s) from ${formatBucket(first.start, bucket)} to ${formatBucket(last.start, bucket)}. ` +
    `${migrated} document(s) migrated, most (${peak.completed}) in the ${unit} of ${formatBucket(peak.start, bucket)}; ` +
    `${failures} failure(s) in all.`;
  const labelled =
    timeline.length <= 3 ? timeline.map((_, i) => i) : [0, Math.floor((timeline.length - 1) / 2), timeline.length - 1];
  // Counts are whole documents: with a small maximum, ticks at halves would read as half a document.
  const ticks = max >= 2 ? [0, Math.round(max / 2), max] : [0, max];

  return (
    <figure className="rms-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${ids}-title`}>
          Throughput and failures per {unit}: documents migrated and failed in each {unit}
        </title>
        <desc id={`${ids}-desc`}>{description}</desc>
        <text className="rms-chart__label" x={4} y={10}>
          documents
        </text>
        {ticks.map((tick) => (
          <g key={tick} className="rms-chart__grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {timeline.map((p, i) => (
          <g key={p.start}>
            <rect className="rms-chart__throughput" x={center(i) - barWidth} width={barWidth} {...bar(p.completed)}>
              <title>{`${formatBucket(p.start, bucket)}: ${p.completed} document(s) migrated`}</title>
            </rect>
            <rect className="rms-chart__failures" x={center(i)} width={barWidth} {...bar(p.failed)}>
              <title>{`${formatBucket(p.start, bucket)}: ${p.failed} document(s) failed`}</title>
            </rect>
          </g>
        ))}
        {labelled.map((i) => (
          <text key={`x${i}`} className="rms-chart__label" x={center(i)} y={HEIGHT - 8} textAnchor="middle">
            {formatBucket(timeline[i]!.start, bucket)}
          </text>
        ))}
      </svg>
      <figcaption className="rms-chart__legend">
        <span className="rms-chart__key rms-chart__key--throughput">Migrated (documents per {unit})</span>
        <span className="rms-chart__key rms-chart__key--failures">Failed (documents per {unit})</span>
      </figcaption>
      <div className="rms-chart__data">
        <p className="rms-chart__data-title" id={`${ids}-data`}>
          Data table
        </p>
        <table className="rms-table" aria-labelledby={`${ids}-data`}>
          <thead>
            <tr>
              <th scope="col">{unit.charAt(0).toUpperCase() + unit.slice(1)}</th>
              <th scope="col">Migrated</th>
              <th scope="col">Failed</th>
              <th scope="col">Migrated / min (avg)</th>
              <th scope="col">Failed / min (avg)</th>
            </tr>
          </thead>
          <tbody>
            {timeline.map((p) => (
              <tr key={p.start}>
                <td>{formatBucket(p.start, bucket)}</td>
                <td>{p.completed}</td>
                <td>{p.failed}</td>
                <td>{formatNumber(p.documentsPerMinute)}</td>
                <td>{formatNumber(p.failedPerMinute)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
