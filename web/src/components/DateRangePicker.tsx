import { useMeta } from '../lib/meta';
import { PRESETS, useRange } from '../lib/url-state';

/** Preset or custom local days in the reporting time zone; the choice is kept in the URL. */
export function DateRangePicker() {
  const range = useRange();
  const meta = useMeta();
  return (
    <div className="range" data-testid="date-range">
      <select
        aria-label="Date range"
        value={range.preset}
        onChange={(e) => e.target.value !== 'custom' && range.setPreset(e.target.value)}
      >
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
        <option value="custom">Custom</option>
      </select>
      <input
        type="date"
        aria-label="From"
        value={range.from}
        max={range.to}
        onChange={(e) => e.target.value && range.setCustom(e.target.value, range.to)}
      />
      <span className="muted">→</span>
      <input
        type="date"
        aria-label="To"
        value={range.to}
        min={range.from}
        onChange={(e) => e.target.value && range.setCustom(range.from, e.target.value)}
      />
      <span className="tz muted" title="All days are local to the reporting time zone">
        {meta?.reportTimeZone ?? ''}
      </span>
    </div>
  );
}
