import { z } from 'zod';
import { dateSchema, idSchema, singleLine } from './common.ts';

/** One status component: `components/<id>.yml`. The id is the file name. */
export const componentSchema = z
  .strictObject({
    /** The name visitors read, e.g. "API". */
    name: singleLine(100).meta({ description: 'The name visitors read.' }),
    /** One sentence on what the component is, shown under its name. */
    description: z
      .string()
      .trim()
      .max(500)
      .default('')
      .meta({ description: 'One sentence on what the component is.' }),
    /** The id of the group it is listed in (see `components/_groups.yml`); none lists it alone. */
    group: idSchema
      .optional()
      .meta({ description: 'The id of its group in `components/_groups.yml`.' }),
    /** Position within its group, lowest first; ties are broken by name. */
    order: z
      .number()
      .int()
      .default(0)
      .meta({ description: 'Position within its group, lowest first.' }),
    /** List the component only while it is not operational. */
    hidden_unless_degraded: z
      .boolean()
      .default(false)
      .meta({ description: 'Show the component only while it is not operational.' }),
    /** The day the component went live; uptime has no data before it. */
    start_date: dateSchema
      .optional()
      .meta({ description: 'The day the component went live; no uptime is shown before it.' }),
  })
  .meta({ title: 'Statusmark component', description: 'A status component, one file each.' });

export type ComponentInput = z.input<typeof componentSchema>;
export type ComponentData = z.output<typeof componentSchema>;

/** One group of components, listed in `components/_groups.yml` in display order. */
export const groupSchema = z.strictObject({
  /** The id components name in their `group` key. */
  id: idSchema,
  /** The heading visitors read. */
  name: singleLine(100).meta({ description: 'The heading visitors read.' }),
  /** A sentence shown under the heading. */
  description: z
    .string()
    .trim()
    .max(500)
    .default('')
    .meta({ description: 'Shown under the heading.' }),
  /** Show the group folded; it unfolds by itself when one of its components is not operational. */
  collapsed: z
    .boolean()
    .default(false)
    .meta({ description: 'Fold the group while all its components are operational.' }),
});

/** `components/_groups.yml`: the groups, in the order they are shown. */
export const groupsFileSchema = z
  .strictObject({
    groups: z.array(groupSchema).default([]).meta({ description: 'The groups, in display order.' }),
  })
  .meta({ title: 'Statusmark component groups' });

export type GroupData = z.output<typeof groupSchema>;
