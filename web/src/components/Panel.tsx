import type { ReactNode } from 'react';
import type { ApiError } from '../lib/api';

/** A titled card. */
export function Panel({
  title,
  subtitle,
  actions,
  children,
  className = '',
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`panel ${className}`} aria-label={title}>
      <header className="panel-head">
        <div>
          <h2>{title}</h2>
          {subtitle && <p className="muted">{subtitle}</p>}
        </div>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** What a page shows instead of data: loading, a clear error, or why it is empty. */
export function Status({ loading, error }: { loading: boolean; error: ApiError | null }) {
  if (error) {
    return (
      <div className={`notice ${error.code === 'not_ready' ? 'info' : 'error'}`} role="alert">
        {error.code === 'not_ready' ? 'Preparing the first numbers: ' : 'Could not load: '}
        {error.message}
      </div>
    );
  }
  return loading ? <div className="notice info">Loading…</div> : null;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
