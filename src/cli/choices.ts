import { didYouMean } from '../content/did-you-mean.ts';
import { UsageError, type Choice } from './io.ts';

/**
 * A flag's value when it is one of `choices` (undefined when the flag was not given); otherwise
 * a usage error naming the closest choice and listing them all.
 */
export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
  noun: string,
): T | undefined {
  if (value === undefined) return undefined;
  const found = choices.find((choice) => choice === value);
  if (found === undefined) {
    throw new UsageError(
      `${flag}: "${value}" is not ${noun}.${didYouMean(value, choices)} Use one of: ${choices.join(', ')}.`,
    );
  }
  return found;
}

/** Prompt choices that read as the values themselves. */
export function plainChoices<T extends string>(values: readonly T[]): Choice<T>[] {
  return values.map((value) => ({ value, name: value }));
}
