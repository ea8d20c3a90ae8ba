import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Marker } from './ledger.ts';

/**
 * Who this process is, for the marks it writes, and whether the process behind another mark
 * still runs. On the same machine (same host name and boot) a mark's process can be asked
 * directly, so a run killed a moment ago is known to be gone; elsewhere only the lease tells.
 * The host is a hash: the public ledger never holds a machine's name.
 */
export function processView(): {
  readonly self: { readonly host: string; readonly pid: number };
  isAlive(marker: Marker): boolean | null;
} {
  const host = createHash('sha256').update(`${hostname()}\n${bootId()}`).digest('hex').slice(0, 16);
  return {
    self: { host, pid: process.pid },
    isAlive(marker) {
      if (marker.host !== host || marker.pid === undefined) return null;
      if (marker.pid === process.pid) return true;
      try {
        process.kill(marker.pid, 0);
        return true;
      } catch (error) {
        // EPERM: the process exists under another user.
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  };
}

/** Linux names each boot; elsewhere the host name alone stands for the machine. */
function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}
