import type {
  Component,
  ComponentGroup,
  Entry,
  Incident,
  Maintenance,
  SiteContent,
} from '../domain/model.ts';
import { didYouMean, listChoices } from './did-you-mean.ts';
import {
  checkFileIds,
  parseComponentFile,
  parseGroupsFile,
  type ParsedComponent,
} from './parse-components.ts';
import { parseIncidentFile } from './parse-incident.ts';
import type { ParseMemo } from './parse-memo.ts';
import { parseSiteConfig } from './parse-site-config.ts';
import { sortProblems, type Problem } from './problems.ts';
import { idOf, type SourceFile } from './source-file.ts';
import { ID_PATTERN } from '../schema/common.ts';
import type { GroupData } from '../schema/component.ts';
import type { YamlSource } from './yaml-source.ts';

/** The files of a content repository, before any parsing. */
export interface ContentFiles {
  /** `statusmark.yml`, or null when missing. */
  readonly config: SourceFile | null;
  /** `components/_groups.yml`, or null when there are no groups. */
  readonly groups: SourceFile | null;
  /** `components/*.yml`. */
  readonly components: readonly SourceFile[];
  /** `incidents/**\/*.md`. */
  readonly incidents: readonly SourceFile[];
  /** Problems found while reading, such as symbolic links where content files belong. */
  readonly problems?: readonly Problem[];
}

export interface ParseResult {
  /** The model; only trustworthy when `problems` is empty. Null when the site config is unusable. */
  readonly content: SiteContent | null;
  /** Every problem of every file, sorted by file, line and column. */
  readonly problems: readonly Problem[];
}

/**
 * Validates and cross-checks a whole content repository. Pure: no I/O, no clock. With a
 * `memo` (a build's), a file parsed without a problem before is not parsed again.
 */
export function parseContent(files: ContentFiles, memo?: ParseMemo): ParseResult {
  const problems: Problem[] = [...(files.problems ?? [])];
  const collect = <T>(result: { problems: Problem[] } & T): T => {
    problems.push(...result.problems);
    return result;
  };

  const { config } = collect(parseSiteConfig(files.config));
  const groupsData = files.groups ? collect(parseGroupsFile(files.groups)).parsed : undefined;
  problems.push(...checkFileIds(files.components, 'api.yml'));
  problems.push(...checkFileIds(files.incidents, '2026-02-20-api-errors.md'));
  const parsedComponents = files.components.flatMap(
    (file) => collect(parseComponentFile(file)).parsed ?? [],
  );
  const componentIds = files.components.map((file) => idOf(file.path));
  const knownComponents = new Set(componentIds);
  const recalled: Entry[] = [];
  const incidentResults = files.incidents.flatMap((file) => {
    const remembered = memo?.recall(file);
    // A file that now names a component that is gone is parsed again, to say where.
    if (remembered?.references.every((id) => knownComponents.has(id))) {
      recalled.push(remembered.entry);
      return [];
    }
    const result = collect(parseIncidentFile(file));
    if (memo && result.parsed && result.problems.length === 0) {
      const references = componentReferences(result.parsed.source.data).map(({ id }) => id);
      memo.remember(file, { entry: result.parsed.entry, references });
    }
    return [result];
  });
  const parsedEntries = [
    ...recalled,
    ...incidentResults.flatMap((result) => (result.parsed ? [result.parsed.entry] : [])),
  ];

  const groups = groupsData?.groups ?? [];
  // A broken file is reported once, at its own place: its id (the file name) still counts as
  // known, and group references are only checked against a groups file that parsed.
  if (files.groups === null || groupsData) {
    problems.push(...checkGroupReferences(parsedComponents, groups));
  }
  if (groupsData) problems.push(...checkGroupIdsAreFree(groupsData, componentIds));
  problems.push(
    ...incidentResults.flatMap((result) =>
      result.source ? checkComponentReferences(result.source, knownComponents, componentIds) : [],
    ),
  );

  if (!config) return { content: null, problems: sortProblems(problems) };
  const components = parsedComponents.map((parsed) => parsed.component);
  return {
    content: {
      config,
      ...arrangeComponents(components, groups),
      incidents: parsedEntries
        .filter((entry): entry is Incident => entry.kind === 'incident')
        .sort((a, b) => b.startedAt - a.startedAt || compareIds(a.id, b.id)),
      maintenances: parsedEntries
        .filter((entry): entry is Maintenance => entry.kind === 'maintenance')
        .sort((a, b) => b.scheduledFor - a.scheduledFor || compareIds(a.id, b.id)),
    },
    problems: sortProblems(problems),
  };
}

function checkGroupReferences(
  components: readonly ParsedComponent[],
  groups: readonly GroupData[],
): Problem[] {
  const groupIds = groups.map((group) => group.id);
  return components.flatMap(({ component, source }) =>
    component.group === null || groupIds.includes(component.group)
      ? []
      : [
          {
            file: source.file,
            ...source.locate(['group']),
            message: `"group" is "${component.group}", which is not a group in components/_groups.yml.`,
            fix:
              groupIds.length === 0
                ? 'Add the group to components/_groups.yml, or remove the "group" key.'
                : `Use one of: ${listChoices(groupIds)}.${didYouMean(component.group, groupIds)} Or add the group to components/_groups.yml.`,
          },
        ],
  );
}

/** Groups and components share one id space in the API (a group is a component there). */
function checkGroupIdsAreFree(
  { groups, source }: NonNullable<ReturnType<typeof parseGroupsFile>['parsed']>,
  componentIds: readonly string[],
): Problem[] {
  return groups.flatMap((group, index) =>
    componentIds.includes(group.id)
      ? [
          {
            file: source.file,
            ...source.locate(['groups', index, 'id']),
            message: `The group id "${group.id}" is also the id of a component (components/${group.id}.yml).`,
            fix: 'Give the group another id, e.g. add "-group"; the API lists groups and components together, so their ids must differ.',
          },
        ]
      : [],
  );
}

/**
 * Every component id an incident or maintenance names must be a file in `components/`. Read
 * from the YAML itself, so a file the schema refused for another reason is checked too.
 */
function checkComponentReferences(
  source: YamlSource,
  known: ReadonlySet<string>,
  componentIds: readonly string[],
): Problem[] {
  // An id that is not even well-formed is already reported by the schema, at the same key.
  return componentReferences(source.data)
    .filter((reference) => ID_PATTERN.test(reference.id) && !known.has(reference.id))
    .map((reference) => ({
      file: source.file,
      ...source.locate(reference.path),
      message: `"${reference.id}" is not a component.`,
      fix: `Name a component from components/ (${listChoices(componentIds)}).${didYouMean(reference.id, componentIds)} To add a new one, create components/${reference.id}.yml.`,
    }));
}

/**
 * The component ids a file's frontmatter names, with their paths: a maintenance window lists
 * them, an incident maps them to statuses (at the top and per update).
 */
function componentReferences(data: unknown): { id: string; path: (string | number)[] }[] {
  if (!isRecord(data)) return [];
  const { components, updates } = data;
  if (Array.isArray(components)) {
    return components.flatMap((id: unknown, index) =>
      typeof id === 'string' ? [{ id, path: ['components', index] }] : [],
    );
  }
  const top = isRecord(components)
    ? Object.keys(components).map((id) => ({ id, path: ['components', id] }))
    : [];
  const perUpdate = (Array.isArray(updates) ? (updates as unknown[]) : []).flatMap(
    (update, index) =>
      isRecord(update) && isRecord(update.components)
        ? Object.keys(update.components).map((id) => ({
            id,
            path: ['updates', index, 'components', id],
          }))
        : [],
  );
  return [...top, ...perUpdate];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Groups in file order, each with its components by `order` then name; then the ungrouped. */
function arrangeComponents(
  components: readonly Component[],
  groups: readonly GroupData[],
): Pick<SiteContent, 'components' | 'groups' | 'ungrouped'> {
  const sorted = [...components].sort(
    (a, b) => a.order - b.order || a.name.localeCompare(b.name, 'en') || compareIds(a.id, b.id),
  );
  const arranged: ComponentGroup[] = groups.map((group) => ({
    id: group.id,
    name: group.name,
    description: group.description,
    collapsed: group.collapsed,
    components: sorted.filter((component) => component.group === group.id),
  }));
  const groupIds = new Set(groups.map((group) => group.id));
  const ungrouped = sorted.filter(
    (component) => component.group === null || !groupIds.has(component.group),
  );
  return {
    groups: arranged,
    ungrouped,
    components: [...arranged.flatMap((group) => group.components), ...ungrouped],
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
