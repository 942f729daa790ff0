// An accessible modal dialog: labelled by its title, focus trapped inside while open and restored on
// close, Escape or the backdrop closes it. Renders nothing when closed.
import { useId, useRef, type ReactNode } from "react";
import { useFocusTrap } from "./use-focus-trap.ts";

export interface DialogProps {
  open: boolean;
  title: string;
  /** Short explanation under the title (announced as the dialog's description). */
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** The action buttons. */
  footer?: ReactNode;
}

export function Dialog({ open, title, description, onClose, children, footer }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useFocusTrap(ref, open, onClose);
  if (!open) return null;
  return (
    <div className="rms-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={ref}
        className="rms-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
      >
        {/* Plain divs: a <header>/<footer> here would add a second banner/contentinfo landmark to the page. */}
        <div className="rms-dialog__header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="rms-icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {description && (
          <p id={descriptionId} className="rms-dialog__description">
            {description}
          </p>
        )}
        <div className="rms-dialog__body">{children}</div>
        {footer && <div className="rms-dialog__footer">{footer}</div>}
      </div>
    </div>
  );
}
