import ical, { ICalEventStatus } from 'ical-generator';
import type { SiteConfig } from '../domain/model.ts';
import type { MaintenanceState } from '../domain/status.ts';
import { absoluteUrl, STATUS_LABEL } from './format.ts';

/** How long a completed window stays in the calendar. */
export const CALENDAR_PAST_DAYS = 90;

/**
 * `/maintenance.ics`: every upcoming, active and recent maintenance window, in UTC. The UID is
 * stable (the window's id), SEQUENCE counts its updates, so calendar apps replace an event
 * when a window is updated rather than adding a second one.
 */
export function renderCalendar(
  windows: readonly MaintenanceState[],
  config: SiteConfig,
  componentName: (id: string) => string,
  now: number,
): string {
  const host = new URL(config.url).host;
  const calendar = ical({
    name: `${config.name}: maintenance`,
    prodId: { company: 'Statusmark', product: 'statusmark', language: 'EN' },
    url: absoluteUrl(config, 'maintenance.ics'),
  });
  const since = now - CALENDAR_PAST_DAYS * 86_400_000;
  for (const state of windows) {
    const { maintenance, updates } = state;
    if (maintenance.scheduledUntil < since) continue;
    const latest = updates.at(-1);
    const components = maintenance.components.map(componentName).join(', ');
    const description = [
      `${STATUS_LABEL[state.status]}.`,
      latest?.message.text ?? '',
      components === '' ? '' : `Components: ${components}.`,
    ]
      .filter((part) => part !== '')
      .join('\n\n');
    calendar.createEvent({
      id: `${maintenance.id}@${host}`,
      sequence: Math.max(0, updates.length - 1),
      // Once the work happened, the event shows when it really did.
      start: new Date(state.startedAt ?? maintenance.scheduledFor),
      end: new Date(state.completedAt ?? maintenance.scheduledUntil),
      stamp: new Date(latest?.time ?? maintenance.scheduledFor),
      lastModified: new Date(latest?.time ?? maintenance.scheduledFor),
      summary: calendarText(`Maintenance: ${maintenance.title}`),
      description: calendarText(description),
      url: absoluteUrl(config, `maintenance/${maintenance.id}/`),
      status: ICalEventStatus.CONFIRMED,
      timezone: 'UTC',
    });
  }
  // RFC 5545 §3.1: every content line ends with CRLF, the last one too.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/**
 * iCal text carries no control characters but line breaks (ical-generator escapes those, and
 * commas and semicolons); validation refuses them in content, this keeps any other source out.
 */
function calendarText(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters iCal text must not hold
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}
