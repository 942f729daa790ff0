// A migration (or item) status as a coloured badge; the colour is decoration, the text says it all.
import { statusLabel } from "./format.ts";

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`rms-badge rms-badge--${status.toLowerCase().replace(/_/g, "-")}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}
