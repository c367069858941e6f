import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

export interface AlertView {
  id: string;
  kind: string;
  subject: string;
  message: string;
  details: Record<string, unknown>;
  createdAt: string;
}

interface AlertRow {
  id: string;
  kind: string;
  subject: string;
  message: string;
  details: Record<string, unknown>;
  created_at: Date;
  total?: number;
}

/**
 * The tenant's `alerts`: what needs the seller, one per kind and subject. Raising an open alert again changes
 * nothing; raising a dismissed one opens it again (the problem came back).
 */
@Injectable()
export class AlertsRepository {
  async raise(
    em: EntityManager,
    alert: { kind: string; subject: string; message: string; details?: Record<string, unknown> },
  ): Promise<void> {
    await em.execute(
      `insert into alerts (id, kind, subject, message, details) values (?, ?, ?, ?, ?::jsonb)
       on conflict (kind, subject) do update
         set message = excluded.message, details = excluded.details, created_at = now(), dismissed_at = null
         where alerts.dismissed_at is not null`,
      [randomUUID(), alert.kind, alert.subject, alert.message, JSON.stringify(alert.details ?? {})],
      'run',
    );
  }

  /** The problem went away by itself (e.g. the account was reconnected): its open alert leaves the list. */
  async resolve(em: EntityManager, kind: string, subject: string): Promise<void> {
    await em.execute(
      'update alerts set dismissed_at = now() where kind = ? and subject = ? and dismissed_at is null',
      [kind, subject],
      'run',
    );
  }

  /** The alerts not dismissed, newest first, with their total: one statement. */
  async open(em: EntityManager, page: number, limit: number): Promise<{ items: AlertView[]; total: number }> {
    const rows = await em.execute<AlertRow[]>(
      `select *, count(*) over ()::int as total from alerts where dismissed_at is null
        order by created_at desc, id desc limit ? offset ?`,
      [limit, (page - 1) * limit],
    );
    return { items: rows.map(toAlertView), total: rows[0]?.total ?? 0 };
  }

  /** Answers false when the tenant has no such alert. */
  async dismiss(em: EntityManager, id: string): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      'update alerts set dismissed_at = coalesce(dismissed_at, now()) where id = ? returning id',
      [id],
    );
    return rows.length === 1;
  }
}

function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    message: row.message,
    details: row.details,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
