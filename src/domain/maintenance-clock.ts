import type { MaintenanceStatus, MaintenanceUpdate } from './model.ts';

/** The standard words of the updates the clock posts, as Statuspage posts them. */
export const CLOCK_MESSAGES = {
  reminder: (hours: number) =>
    `Reminder: this maintenance starts in ${hours === 1 ? 'one hour' : `${hours} hours`}.`,
  started: 'The scheduled maintenance is in progress. We will post updates as needed.',
  completed: 'The scheduled maintenance has been completed.',
} as const;

export interface ClockInput {
  readonly scheduledFor: number;
  readonly scheduledUntil: number;
  /** The window's own updates, oldest first. */
  readonly updates: readonly MaintenanceUpdate[];
  /** The window's `notify`: its clock updates are notified only when it is. */
  readonly notify: boolean;
  readonly remindHoursBefore: number | undefined;
}

/**
 * The window's updates with those the clock posts: a reminder (when asked for), "in progress"
 * at `scheduled_for` and "completed" at `scheduled_until`, each unless the window's own updates
 * already made that move by then. Whether a clock update exists depends only on updates posted
 * before its time, so one that was published and notified never disappears when the team
 * posts later. `render` turns the standard message into the Markdown every update carries.
 */
export function withClockUpdates(
  input: ClockInput,
  render: (markdown: string) => MaintenanceUpdate['message'],
): MaintenanceUpdate[] {
  const own = input.updates;
  const first = own[0]?.time ?? input.scheduledFor;
  const statusBy = (time: number): MaintenanceStatus | undefined =>
    own.filter((update) => update.time <= time).at(-1)?.status;
  const taken = new Set(own.map((update) => update.time));
  const clock: MaintenanceUpdate[] = [];
  const post = (time: number, status: MaintenanceStatus, message: string) => {
    // Two updates at one instant would share a notification key.
    if (taken.has(time)) return;
    clock.push({
      at: new Date(time).toISOString().replace('.000Z', 'Z'),
      time,
      status,
      message: render(message),
      notify: input.notify,
      automatic: true,
    });
  };

  const hours = input.remindHoursBefore;
  if (hours !== undefined) {
    const time = input.scheduledFor - hours * 3_600_000;
    // A reminder only after the window was announced, and only while it is still ahead.
    if (time > first && statusBy(time) === 'scheduled')
      post(time, 'scheduled', CLOCK_MESSAGES.reminder(hours));
  }
  if (statusBy(input.scheduledFor) === 'scheduled') {
    post(input.scheduledFor, 'in_progress', CLOCK_MESSAGES.started);
  }
  const byEnd = statusBy(input.scheduledUntil);
  // A window first announced after its end is a record, not a schedule: nothing to post.
  if (byEnd !== undefined && byEnd !== 'completed') {
    post(input.scheduledUntil, 'completed', CLOCK_MESSAGES.completed);
  }
  return [...own, ...clock].sort((a, b) => a.time - b.time);
}
