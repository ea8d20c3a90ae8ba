import { describe, expect, it } from 'vitest';
import { parseContent } from '../src/content/parse-content.ts';
import { computeSnapshot } from '../src/domain/snapshot.ts';
import { apiV1Incident, apiV1IncidentPath } from '../src/render/api-v1.ts';
import { contentFiles, repoFiles } from './helpers/content-repo.ts';

describe('native API v1: one incident', () => {
  it('serialises the incident with its components and full history, newest first', () => {
    const { content } = parseContent(contentFiles(repoFiles()));
    if (!content) throw new Error('no content');
    const snapshot = computeSnapshot(content, Date.parse('2026-02-21T00:00:00Z'));
    const [state] = snapshot.incidents;
    if (!state) throw new Error('no incident');
    const names: Record<string, string> = { api: 'API' };
    expect(apiV1IncidentPath(content.config, state.incident.id)).toBe(
      'v1/organizations/example/incidents/2026-02-20-api-errors',
    );
    expect(apiV1Incident(state, content.config, (id) => names[id] ?? id)).toMatchInlineSnapshot(`
      {
        "api_url": "https://status.example.com/v1/organizations/example/incidents/2026-02-20-api-errors",
        "components": [
          {
            "id": "api",
            "name": "API",
            "status": "partial_outage",
          },
        ],
        "created_at": "2026-02-20T10:00:00Z",
        "id": "2026-02-20-api-errors",
        "impact": "major",
        "organization_id": "example",
        "resolved_at": "2026-02-20T11:00:00Z",
        "started_at": "2026-02-20T10:00:00Z",
        "status": "resolved",
        "title": "Elevated API error rates",
        "updated_at": "2026-02-20T11:00:00Z",
        "updates": [
          {
            "components": [
              {
                "id": "api",
                "name": "API",
                "status": "partial_outage",
              },
            ],
            "created_at": "2026-02-20T11:00:00Z",
            "id": "update-20260220T110000Z",
            "message": "Fixed.",
            "message_html": "<p>Fixed.</p>",
            "status": "resolved",
          },
          {
            "components": [
              {
                "id": "api",
                "name": "API",
                "status": "partial_outage",
              },
            ],
            "created_at": "2026-02-20T10:00:00Z",
            "id": "update-20260220T100000Z",
            "message": "We are investigating.",
            "message_html": "<p>We are investigating.</p>",
            "status": "investigating",
          },
        ],
        "url": "https://status.example.com/incidents/2026-02-20-api-errors/",
      }
    `);
  });
});
