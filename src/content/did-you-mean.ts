import { closest, distance } from 'fastest-levenshtein';

/** The candidate closest to `input`, when it is close enough to be a likely typo. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || input === '') return undefined;
  // A shortened value (`partial` for `partial_outage`) is a likely intent even when far off.
  const extended = candidates.filter((candidate) => candidate.startsWith(input.toLowerCase()));
  if (extended.length === 1) return extended[0];
  const best = closest(input.toLowerCase(), [...candidates]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(input.toLowerCase(), best) <= limit ? best : undefined;
}

/** ` Did you mean "api"?` or an empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const best = suggest(input, candidates);
  return best === undefined ? '' : ` Did you mean "${best}"?`;
}

/** `a, b, c` — the list readers choose from, with "and N more" past twenty. */
export function listChoices(choices: readonly string[]): string {
  const shown = choices.slice(0, 20).join(', ');
  return choices.length > 20 ? `${shown} and ${choices.length - 20} more` : shown;
}
