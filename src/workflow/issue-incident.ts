import { InvalidContentError, UsageError } from '../cli/io.ts';
import type { GitHub } from '../github/client.ts';
import { openIncidentPullRequest, type DispatchResult } from './dispatch.ts';
import { InvalidRequestError } from './incident-request.ts';
import { escapeMarkdown } from './markdown-text.ts';
import { fieldsFromIssueForm, requestFromFields } from './request-fields.ts';

/** Marks Statusmark's reply on an incident issue, so a re-run edits it instead of adding one. */
export const ISSUE_REPLY_MARKER = '<!-- statusmark:issue-reply -->';

export interface IssueOptions {
  readonly github: GitHub;
  readonly root: string;
  readonly now: number;
  readonly issue: number;
  readonly body: string;
  readonly baseBranch: string;
}

/**
 * Turns an issue opened with the incident form into the same pull request an alerting tool
 * gets. The issue number is the idempotency key, so re-running the workflow opens nothing new.
 * The person who filed the issue is told the outcome in a reply, including why a form was refused.
 */
export async function declareFromIssue(options: IssueOptions): Promise<DispatchResult> {
  const payload = {
    ...requestFromFields(fieldsFromIssueForm(options.body)),
    idempotency_key: `issue-${options.issue}`,
  };
  try {
    const result = await openIncidentPullRequest({
      ...options,
      payload,
      origin: `issue #${options.issue}`,
    });
    await options.github.upsertComment(
      options.issue,
      ISSUE_REPLY_MARKER,
      `Statusmark opened #${result.pull.number} with this incident. Review it and merge it to ` +
        'publish the incident; edit the file in the pull request to change its text.',
    );
    return result;
  } catch (error) {
    if (
      error instanceof InvalidRequestError ||
      error instanceof InvalidContentError ||
      error instanceof UsageError
    ) {
      const reasons =
        error instanceof InvalidRequestError
          ? error.reasons.map((reason) => `- ${escapeMarkdown(reason)}`).join('\n')
          : `\`\`\`\n${error.message.replaceAll('```', "'''")}\n\`\`\``;
      await options.github.upsertComment(
        options.issue,
        ISSUE_REPLY_MARKER,
        `Statusmark could not open a pull request from this form:\n\n${reasons}\n\n` +
          'Open a new issue with the form filled in again.',
      );
    }
    throw error;
  }
}
