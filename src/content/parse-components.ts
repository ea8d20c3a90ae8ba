import { componentSchema, groupsFileSchema, type GroupData } from '../schema/component.ts';
import { ID_PATTERN } from '../schema/common.ts';
import type { Component } from '../domain/model.ts';
import type { Problem } from './problems.ts';
import { decodeText, idOf, type SourceFile } from './source-file.ts';
import { validateYaml } from './validate-yaml.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

export interface ParsedComponent {
  readonly component: Component;
  readonly source: YamlSource;
}

export interface ParsedGroups {
  readonly groups: readonly GroupData[];
  readonly source: YamlSource;
}

/** Parses `components/<id>.yml`. */
export function parseComponentFile(file: SourceFile): {
  parsed?: ParsedComponent;
  problems: Problem[];
} {
  const text = decodeText(file);
  if (typeof text !== 'string') return { problems: [text] };
  const source = parseYamlSource(file.path, text);
  const result = validateYaml(componentSchema, source);
  if ('problems' in result) return { problems: result.problems };
  const data = result.value;
  return {
    parsed: {
      source,
      component: {
        id: idOf(file.path),
        name: data.name,
        description: data.description,
        group: data.group ?? null,
        order: data.order,
        hiddenUnlessDegraded: data.hidden_unless_degraded,
        startDate: data.start_date ?? null,
      },
    },
    problems: [],
  };
}

/** Parses `components/_groups.yml`; group ids must be unique. */
export function parseGroupsFile(file: SourceFile): { parsed?: ParsedGroups; problems: Problem[] } {
  const text = decodeText(file);
  if (typeof text !== 'string') return { problems: [text] };
  const source = parseYamlSource(file.path, text);
  const result = validateYaml(groupsFileSchema, source);
  if ('problems' in result) return { problems: result.problems };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  result.value.groups.forEach((group, index) => {
    if (seen.has(group.id)) {
      problems.push({
        file: file.path,
        ...source.locate(['groups', index, 'id']),
        message: `The group id "${group.id}" is used twice.`,
        fix: 'Give each group its own id, or merge the two groups.',
      });
    }
    seen.add(group.id);
  });
  return { parsed: { groups: result.value.groups, source }, problems };
}

/** Component and incident ids come from file names, which must make valid, unique ids. */
export function checkFileIds(files: readonly SourceFile[], example: string): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, string>();
  for (const file of files) {
    const id = idOf(file.path);
    if (!ID_PATTERN.test(id)) {
      problems.push({
        file: file.path,
        line: 1,
        column: 1,
        message: `The file name does not make a valid id: "${id}".`,
        fix: `Rename the file to lower-case letters, digits and dashes, e.g. ${example}; the id appears in URLs.`,
      });
    }
    const other = byId.get(id);
    if (other !== undefined) {
      problems.push({
        file: file.path,
        line: 1,
        column: 1,
        message: `Another file has the same id "${id}": ${other}.`,
        fix: 'Rename one of the two files: ids come from file names and must be unique.',
      });
    }
    byId.set(id, file.path);
  }
  return problems;
}
