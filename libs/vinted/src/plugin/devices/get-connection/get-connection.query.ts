import { Query } from '@nestjs/cqrs';

/** What the dashboard shows about the Vinted bridge: the extension last seen and the Vinted account it sees. */
export interface VintedConnection {
  /** At least one live paired extension. */
  paired: boolean;
  extension: { deviceId: string; name: string; version: string | null; lastSeenAt: string | null } | null;
  vinted: { loggedIn: boolean; userId: number | null; login: string | null };
  /** The user's queue of Vinted calls: paused (captcha, expired session) or backing off after a 429. */
  queue: {
    paused: boolean;
    reason: string | null;
    message: string | null;
    pausedAt: string | null;
    backoffUntil: string | null;
  };
}

export class GetVintedConnectionQuery extends Query<VintedConnection> {
  constructor(readonly userId: number) {
    super();
  }
}
