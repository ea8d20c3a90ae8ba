import { makeBadge } from 'badge-maker';
import type { ComponentStatus } from '../domain/model.ts';
import type { Indicator, OverallStatus } from '../domain/status.ts';
import { COMPONENT_STATUS_LABEL } from './format.ts';
import { jsonText } from './json-text.ts';

export interface Badge {
  readonly label: string;
  readonly message: string;
  /** A shields.io colour name. */
  readonly color: string;
}

const INDICATOR_COLOR: Readonly<Record<Indicator, string>> = {
  none: 'brightgreen',
  minor: 'yellow',
  major: 'orange',
  critical: 'red',
  maintenance: 'blue',
};

const STATUS_COLOR: Readonly<Record<ComponentStatus, string>> = {
  operational: 'brightgreen',
  under_maintenance: 'blue',
  degraded_performance: 'yellow',
  partial_outage: 'orange',
  major_outage: 'red',
};

export function overallBadge(overall: OverallStatus): Badge {
  return {
    label: 'status',
    message: overall.description.toLowerCase(),
    color: INDICATOR_COLOR[overall.indicator],
  };
}

export function componentBadge(name: string, status: ComponentStatus): Badge {
  return {
    label: name,
    message: COMPONENT_STATUS_LABEL[status].toLowerCase(),
    color: STATUS_COLOR[status],
  };
}

/** shields.io's endpoint schema: exactly these four keys (https://shields.io/badges/endpoint-badge). */
export function shieldsEndpoint(badge: Badge): string {
  const { label, message, color } = badge;
  return jsonText({ schemaVersion: 1, label, message, color });
}

/** A self-contained SVG badge, drawn by shields.io's own renderer. */
export function badgeSvg(badge: Badge): string {
  return makeBadge({
    label: badge.label,
    message: badge.message,
    color: badge.color,
    style: 'flat',
  });
}
