import { z, type ZodType } from 'zod';
import { componentSchema, groupsFileSchema } from './component.ts';
import { incidentSchema, maintenanceSchema } from './incident.ts';
import { siteConfigSchema } from './site.ts';

type JsonSchema = Record<string, unknown>;

/** Generated from the input side of a zod schema: keys with defaults are optional to writers. */
function toJson(schema: ZodType): JsonSchema {
  const json: JsonSchema = z.toJSONSchema(schema, { io: 'input', target: 'draft-07' });
  // Each file states its dialect once, at the top (see jsonSchemaFiles).
  delete json.$schema;
  return json;
}

/**
 * Files in `incidents/` are incidents unless `kind: maintenance`. An if/then/else on `kind`
 * (rather than anyOf) makes editors report only the errors of the kind the file is.
 */
function incidentFileJson(): JsonSchema {
  return {
    title: 'Statusmark incident or maintenance window',
    if: { type: 'object', properties: { kind: { const: 'maintenance' } }, required: ['kind'] },
    then: toJson(maintenanceSchema),
    else: toJson(incidentSchema),
  };
}

/** The JSON Schemas editors validate against, by file name under `schemas/`, as JSON text. */
export function jsonSchemaFiles(): Map<string, string> {
  const schemas: Record<string, JsonSchema> = {
    'incident.schema.json': incidentFileJson(),
    'component.schema.json': toJson(componentSchema),
    'groups.schema.json': toJson(groupsFileSchema),
    'site.schema.json': toJson(siteConfigSchema),
  };
  return new Map(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2)}\n`,
    ]),
  );
}
