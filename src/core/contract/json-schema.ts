import { CONTRACT_VERSION, Envelope, EventSchemas } from './schema.js';
import { ALIASES } from './names.js';

/**
 * The contract as one JSON Schema document (schemas/event-v1.json): the envelope, and for
 * each canonical event the schema of its `properties` (of `traits` for identify), with
 * the wire names that map to it. `storepulse schema` prints it; a test keeps the file equal.
 */
export function contractJsonSchema(): Record<string, unknown> {
  const aliases: Record<string, string[]> = {};
  for (const [alias, name] of Object.entries(ALIASES)) (aliases[name] ??= []).push(alias);
  return JSON.parse(
    JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `https://storepulse.dev/schemas/event-v${CONTRACT_VERSION}.json`,
      title: `storepulse event contract v${CONTRACT_VERSION}`,
      description:
        'A Segment-style envelope ($defs.envelope). type "track" names an event matched to a canonical name ignoring case, spaces, hyphens and underscores (x-wire-names lists the squashed forms); its properties must match $defs.events[name]. type "page" is page_view; type "identify" carries traits checked against $defs.events.identify.',
      $ref: '#/$defs/envelope',
      $defs: { envelope: Envelope, events: EventSchemas },
      'x-wire-names': aliases,
    }),
  ) as Record<string, unknown>;
}
