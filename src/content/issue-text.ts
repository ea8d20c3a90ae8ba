import { globalRegistry, type core, type ZodType } from 'zod';
import { patternFix } from '../schema/common.ts';
import { describeKeyChange, keyChange } from '../schema/key-history.ts';
import { didYouMean, listChoices } from './did-you-mean.ts';
import type { Path } from './yaml-source.ts';

/** A zod issue turned into words for the person who wrote the file. */
export interface IssueText {
  readonly path: Path;
  readonly message: string;
  readonly fix: string;
}

/** `updates[1].at`: the key as a reader finds it in the file. */
export function keyName(path: Path): string {
  return path.reduce<string>((name, segment) => {
    if (typeof segment === 'number') return `${name}[${segment}]`;
    return name === '' ? String(segment) : `${name}.${String(segment)}`;
  }, '');
}

/**
 * Every zod issue becomes one or more texts: one per unknown key, otherwise one. The schema is
 * walked to the failing key so the fix can quote its documentation and the allowed keys.
 */
export function describeIssues(schema: ZodType, issues: readonly core.$ZodIssue[]): IssueText[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = objectKeys(schemaAt(schema, issue.path), issue.input);
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        const change = keyChange(schema, path);
        if (change !== undefined) return { path, ...describeKeyChange(change) };
        return {
          path,
          message: `"${keyName(path)}" is not a key Statusmark knows.`,
          fix: `Remove it or correct its spelling.${didYouMean(key, allowed)} Allowed here: ${listChoices(allowed)}.`,
        };
      });
    }
    return [{ path: issue.path, ...describeIssue(issue, schemaAt(schema, issue.path)) }];
  });
}

function describeIssue(
  issue: core.$ZodIssue,
  at: ZodType | undefined,
): { message: string; fix: string } {
  const key = `"${keyName(issue.path)}"`;
  const about = at ? description(at) : undefined;
  const aboutSentence = about ? ` (${lowerFirstWord(withoutFinalStop(about))})` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) {
        return {
          message: `${key} is missing.`,
          fix: `Add the key ${key}${aboutSentence}.`,
        };
      }
      return {
        message: `${key} should be ${typeNoun(issue.expected)}, not ${shownValue(issue.path, issue.input)}.`,
        fix: `Write ${typeNoun(issue.expected)} here${aboutSentence}.`,
      };
    case 'invalid_value':
      return notOneOf(key, issue.input, issue.values.map(String));
    case 'invalid_union':
      // A discriminated union (e.g. a notification target's `channel`) names its allowed values.
      if ('discriminator' in issue && 'options' in issue) {
        const input = issue.input as Record<string, unknown> | undefined;
        const options = (issue.options as unknown[]).map(String);
        return notOneOf(key, input?.[String(issue.discriminator)], options);
      }
      return { message: `${key}: ${issue.message}.`, fix: about ?? 'Correct the value.' };
    case 'too_big':
      return {
        message: `${key} is ${describeSize(issue.input, issue.origin)}; the limit is ${String(issue.maximum)}${sizeUnit(issue.origin)}.`,
        fix:
          issue.origin === 'string'
            ? 'Shorten it; longer text belongs in the Markdown body below the frontmatter.'
            : 'Remove entries until it is within the limit.',
      };
    case 'too_small':
      if (issue.origin === 'string') {
        return { message: `${key} is empty.`, fix: `Write the text${aboutSentence}.` };
      }
      if (issue.origin === 'array') {
        return {
          message: `${key} needs at least ${String(issue.minimum)} entry.`,
          fix: `Add an entry${aboutSentence}.`,
        };
      }
      return {
        message: `${key} is below ${String(issue.minimum)}.`,
        fix: `Use ${String(issue.minimum)} or more.`,
      };
    case 'invalid_format':
      return describeFormat(key, issue);
    case 'invalid_key': {
      // A record's key: the inner issue says what the key should be (e.g. `is not an id`).
      const inner = issue.issues[0];
      const rule = inner?.message ?? 'is not a valid key';
      return {
        message: `The key ${key} ${rule}.`,
        fix: patternFix(rule) ?? 'Correct the key.',
      };
    }
    case 'custom':
      // Refinements carry their own fix in `params.fix` or through `patternError` (see
      // src/schema/). A refinement of a whole object (a target, a window) speaks of the object.
      return {
        message:
          typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input)
            ? `${key} ${issue.message}.`
            : `${key} is ${shownValue(issue.path, issue.input)}, which ${issue.message}.`,
        fix:
          typeof issue.params?.fix === 'string'
            ? issue.params.fix
            : (patternFix(issue.message) ?? 'Correct the value.'),
      };
    default:
      return { message: `${key}: ${issue.message}.`, fix: about ?? 'Correct the value.' };
  }
}

const ZONELESS_TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/;

function describeFormat(
  key: string,
  issue: core.$ZodIssueInvalidStringFormat,
): { message: string; fix: string } {
  const input = shortened(String(issue.input));
  switch (issue.format) {
    case 'datetime':
      if (ZONELESS_TIME.test(input)) {
        return {
          message: `${key} has no time zone: "${input}".`,
          fix: `Add "Z" for UTC or an offset such as "+02:00", with seconds: e.g. "${input.replace(' ', 'T')}${input.length === 16 ? ':00' : ''}Z".`,
        };
      }
      return {
        message: `${key} is not an ISO 8601 date and time: "${input}".`,
        fix: 'Write it as date, "T", hours:minutes:seconds and a zone, e.g. 2026-02-20T10:02:00Z or 2026-02-20T11:02:00+01:00.',
      };
    case 'date':
      return {
        message: `${key} is not a date: "${input}".`,
        fix: 'Write it as YYYY-MM-DD, e.g. 2026-02-20.',
      };
    case 'url':
      return {
        message: `${key} is not an absolute web address: "${input}".`,
        fix: 'Write the full URL, starting with https://.',
      };
    case 'regex':
      // The schema names what the value should be (`is not a path prefix`) and how to write it.
      return {
        message: `${key} is ${shownValue(issue.path, issue.input)}, which ${issue.message}.`,
        fix: patternFix(issue.message) ?? 'Correct the value.',
      };
    default:
      return { message: `${key} is not valid: "${input}".`, fix: issue.message };
  }
}

/** The zod schema that validates the value at `path`, unwrapping optional and default layers. */
function schemaAt(root: ZodType, path: Path): ZodType | undefined {
  let schema: ZodType | undefined = root;
  for (const segment of path) {
    schema = unwrap(schema);
    if (!schema) return undefined;
    const def = schema._zod.def;
    if (def.type === 'object') {
      schema = (def as core.$ZodObjectDef).shape[String(segment)] as ZodType | undefined;
    } else if (def.type === 'array') {
      schema = (def as core.$ZodArrayDef).element as ZodType;
    } else if (def.type === 'record') {
      schema = (def as core.$ZodRecordDef).valueType as ZodType;
    } else {
      return undefined;
    }
  }
  return schema;
}

/** Strips optional, default and similar wrappers down to the schema that holds the shape. */
function unwrap(schema: ZodType | undefined): ZodType | undefined {
  let current = schema;
  while (current && 'innerType' in current._zod.def)
    current = current._zod.def.innerType as ZodType;
  return current;
}

function notOneOf(
  key: string,
  input: unknown,
  values: readonly string[],
): { message: string; fix: string } {
  return {
    message: `${key} is ${describeValue(input)}, which is not one of: ${listChoices(values)}.`,
    fix: `Use one of the values listed.${didYouMean(String(input), values)}`,
  };
}

/**
 * The keys an object schema allows. For a discriminated union, the keys of the option the
 * input's discriminator picks (or of every option, when it picks none).
 */
function objectKeys(schema: ZodType | undefined, input?: unknown): string[] {
  const inner = unwrap(schema);
  const def = inner?._zod.def;
  if (def?.type === 'object') return Object.keys((def as core.$ZodObjectDef).shape);
  if (def?.type !== 'union') return [];
  // A plain union has no discriminator; a discriminated one picks its option by it.
  const { options, discriminator } = def as Omit<
    core.$ZodDiscriminatedUnionDef,
    'discriminator'
  > & {
    discriminator?: string;
  };
  const value =
    typeof input === 'object' && input !== null && discriminator !== undefined
      ? (input as Record<string, unknown>)[discriminator]
      : undefined;
  const chosen = options.filter((option) => {
    const literal = unwrap(objectShape(option)?.[discriminator ?? ''] as ZodType | undefined);
    return (literal?._zod.def as { values?: unknown[] } | undefined)?.values?.includes(value);
  });
  const keys = (chosen.length > 0 ? chosen : options).flatMap((option) =>
    Object.keys(objectShape(option) ?? {}),
  );
  return [...new Set(keys)];
}

function objectShape(schema: unknown): Record<string, unknown> | undefined {
  const def = (schema as ZodType | undefined)?._zod.def;
  return def?.type === 'object' ? (def as core.$ZodObjectDef).shape : undefined;
}

function description(schema: ZodType): string | undefined {
  let current: ZodType | undefined = schema;
  while (current) {
    const text = globalRegistry.get(current)?.description;
    if (text !== undefined) return text;
    current = 'innerType' in current._zod.def ? (current._zod.def.innerType as ZodType) : undefined;
  }
  return undefined;
}

function typeNoun(expected: string): string {
  const nouns: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list (one "- item" per line)',
    object: 'a set of "key: value" lines',
    record: 'a set of "key: value" lines',
  };
  return nouns[expected] ?? expected;
}

/**
 * The value as an error may quote it. A `*_env` key names a secret: what was written there may
 * be the secret itself, so it is never repeated, in the terminal or in a CI log.
 */
function shownValue(path: Path, value: unknown): string {
  const last = path.at(-1);
  if (typeof last === 'string' && last.endsWith('_env')) return 'a value (not repeated here)';
  return describeValue(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a set of keys';
  if (typeof value === 'string') return `"${shortened(value)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'nothing';
}

/** A value quoted in an error stays one short line, whatever was written. */
function shortened(text: string): string {
  const line = text.replaceAll('\n', ' ');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function describeSize(input: unknown, origin: string): string {
  if (origin === 'string' && typeof input === 'string') return `${input.length} characters long`;
  if (Array.isArray(input)) return `${input.length} entries long`;
  return describeValue(input);
}

function sizeUnit(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array') return ' entries';
  return '';
}

/** "A short headline" → "a short headline", but "IANA time zone" stays as it is. */
function lowerFirstWord(text: string): string {
  return /^[A-Z]([a-z]|\s)/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function withoutFinalStop(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}
