import { RequestError } from '@octokit/request-error';
import { GitHubError } from './types.ts';

export function statusOf(error: unknown): number | null {
  return error instanceof RequestError ? error.status : null;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** GitHub's 422 answers carry the reason in `errors[].message`, not in the top-level message. */
export function detailsOf(error: unknown): string {
  if (!(error instanceof RequestError)) return messageOf(error);
  const data: unknown = error.response?.data;
  const errors =
    typeof data === 'object' && data !== null && 'errors' in data && Array.isArray(data.errors)
      ? (data.errors as unknown[])
      : [];
  const reasons = errors.map((item) =>
    typeof item === 'object' && item !== null && 'message' in item ? String(item.message) : '',
  );
  return [error.message, ...reasons].join(' ');
}

/**
 * Why no answer came, when none did: Octokit reports a network failure or a timeout as a
 * RequestError with status 500 and no response, which is not GitHub answering 500.
 */
function unreachableReason(error: unknown): string | null {
  const noResponse =
    (error instanceof RequestError && error.response === undefined) ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'));
  if (!noResponse) return null;
  const cause = (error as { cause?: unknown }).cause;
  const name = cause instanceof Error ? cause.name : error.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer in time';
  const code = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code : 'network error';
}

function hostOf(error: unknown): string {
  const url = (error as { request?: { url?: unknown } }).request?.url;
  try {
    return typeof url === 'string' ? new URL(url).host : 'its API';
  } catch {
    return 'its API';
  }
}

/**
 * A GitHub failure as a sentence for the workflow log. Octokit's own message can include the
 * request URL, which never carries a token here (auth goes in a header), so it is safe to show.
 */
export function describe(error: unknown, doing: string): GitHubError {
  if (error instanceof GitHubError) return error;
  // GraphQL answers 200 with an `errors` list (GraphqlResponseError).
  const graphqlErrors =
    error instanceof Error && 'errors' in error && Array.isArray(error.errors)
      ? (error.errors as { message?: unknown }[]).map((item) => String(item.message))
      : null;
  if (graphqlErrors) {
    return new GitHubError(
      `GitHub's GraphQL API refused the request while ${doing}: ${graphqlErrors.join(' ')}`,
      { cause: error },
    );
  }
  const unreachable = unreachableReason(error);
  if (unreachable !== null) {
    return new GitHubError(
      `Could not reach GitHub at ${hostOf(error)} while ${doing} (${unreachable}). Check the network and GITHUB_API_URL, then run again.`,
      { cause: error },
    );
  }
  const status = statusOf(error);
  const hint =
    status === 401
      ? ' The token was refused: check that the workflow passes a valid token.'
      : status === 403
        ? ' The token may lack a permission: check the job\'s "permissions:" block.'
        : status === 404
          ? ' GitHub found nothing there, or the token cannot see it.'
          : '';
  return new GitHubError(
    `GitHub answered ${status ?? 'with an error'} while ${doing}: ${detailsOf(error)}.${hint}`,
    { cause: error },
  );
}
