import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';

/**
 * The YAML beside the models, in dbt's shape: `models:` with config, columns and tests,
 * and `sources:`. Checked with a schema so a typo fails the load, not a run.
 */
const Ident = Type.String({ pattern: '^[a-z_][a-z0-9_]*$' });
const Severity = Type.Union([Type.Literal('warn'), Type.Literal('error')]);
const Common = { severity: Type.Optional(Severity), where: Type.Optional(Type.String()) };

const ColumnTest = Type.Union([
  Type.Literal('not_null'),
  Type.Literal('unique'),
  Type.Object({ not_null: Type.Object(Common, { additionalProperties: false }) }),
  Type.Object({ unique: Type.Object(Common, { additionalProperties: false }) }),
  Type.Object({
    accepted_values: Type.Object(
      { values: Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()])), ...Common },
      { additionalProperties: false },
    ),
  }),
  Type.Object({
    relationships: Type.Object(
      { to: Type.String({ pattern: "^ref\\('[a-z0-9_]+'\\)$" }), field: Ident, ...Common },
      { additionalProperties: false },
    ),
  }),
]);

const ModelTest = Type.Union([
  Type.Object({
    expression_is_true: Type.Object(
      { expression: Type.String(), name: Type.Optional(Type.String()), ...Common },
      { additionalProperties: false },
    ),
  }),
  Type.Object({
    row_count: Type.Object(
      { min: Type.Optional(Type.Integer()), max: Type.Optional(Type.Integer()), ...Common },
      { additionalProperties: false },
    ),
  }),
  Type.Object({
    freshness: Type.Object(
      { column: Ident, max_age_minutes: Type.Integer({ minimum: 1 }), ...Common },
      { additionalProperties: false },
    ),
  }),
]);

const ModelSpec = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    description: Type.String({ minLength: 1 }),
    config: Type.Object(
      {
        materialized: Type.Union([
          Type.Literal('view'),
          Type.Literal('table'),
          Type.Literal('incremental'),
        ]),
        /** The columns that identify one row; tested not null and unique. */
        grain: Type.Array(Ident, { minItems: 1 }),
        /** Incremental: rows with this column at or after the window are rebuilt. */
        window_column: Type.Optional(Ident),
        /** Incremental: how far before the oldest changed event the window opens. */
        lookback_minutes: Type.Optional(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
    columns: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Ident,
            description: Type.String({ minLength: 1 }),
            tests: Type.Optional(Type.Array(ColumnTest)),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    tests: Type.Optional(Type.Array(ModelTest)),
  },
  { additionalProperties: false },
);

const SourceSpec = Type.Object(
  {
    name: Type.String(),
    description: Type.Optional(Type.String()),
    tables: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          identifier: Type.Optional(Type.String()),
          description: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const PropertiesFile = Type.Object(
  {
    version: Type.Literal(2),
    models: Type.Optional(Type.Array(ModelSpec)),
    sources: Type.Optional(Type.Array(SourceSpec)),
  },
  { additionalProperties: false },
);

export type PropertiesFile = Static<typeof PropertiesFile>;
export type ModelSpec = Static<typeof ModelSpec>;
export type ColumnTestSpec = Static<typeof ColumnTest>;
export type ModelTestSpec = Static<typeof ModelTest>;
export type SourceSpec = Static<typeof SourceSpec>;

const ajv = new Ajv({ allErrors: true });
export const validateProperties = ajv.compile<PropertiesFile>(PropertiesFile);
