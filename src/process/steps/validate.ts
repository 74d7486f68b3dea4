import { Ajv, type ValidateFunction } from 'ajv';
import { Envelope, EventSchemas, type CanonicalEvent } from '../../core/contract/schema.js';
import { canonicalTrackName } from '../../core/contract/names.js';
import { pass, reject, type StepResult } from './outcome.js';

export interface ValidEvent {
  envelope: Envelope;
  name: CanonicalEvent;
  /** `properties` of track and page, `traits` of identify; validated against `name`. */
  props: Record<string, unknown>;
}

function describe(v: ValidateFunction, where: string): string {
  const e = v.errors?.[0];
  return e ? `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}` : `${where} is invalid`;
}

/** Checks the envelope, the identity, the event name and the event's own properties. */
export function createValidateStep() {
  const ajv = new Ajv({ strict: false, allErrors: false });
  const envelope = ajv.compile<Envelope>(Envelope);
  const byEvent = Object.fromEntries(
    Object.entries(EventSchemas).map(([name, schema]) => [name, ajv.compile(schema)]),
  ) as Record<CanonicalEvent, ValidateFunction>;

  return function validate(raw: Record<string, unknown>): StepResult<ValidEvent> {
    if (!envelope(raw)) return reject('schema_violation', describe(envelope, 'event'));
    const e = raw;
    if (!e.userId?.trim() && !e.anonymousId?.trim()) {
      return reject('missing_identity', 'neither userId nor anonymousId is set');
    }
    const name = eventName(e);
    if (!name.ok) return name;
    const props = (e.type === 'identify' ? e.traits : e.properties) ?? {};
    const check = byEvent[name.value];
    if (!check(props)) {
      const where = e.type === 'identify' ? 'traits' : 'properties';
      return reject('schema_violation', describe(check, where));
    }
    return pass({ envelope: e, name: name.value, props });
  };
}

function eventName(e: Envelope): StepResult<CanonicalEvent> {
  if (e.type === 'page') return pass('page_view');
  if (e.type === 'identify') return pass('identify');
  if (e.type !== 'track')
    return reject('unsupported_type', `type "${e.type}" is not track, identify or page`);
  if (!e.event) return reject('schema_violation', 'a track event needs an event name');
  const name = canonicalTrackName(e.event);
  return name ? pass(name) : reject('unknown_event', `"${e.event}" is not a contract event`);
}
