import { type DataSource } from 'typeorm';
import { call, type LabServer } from './lab-server';

/** Row counts of the given tables, to show that a refused call wrote nothing. */
export async function rowCounts(
  dataSource: DataSource,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await dataSource.query<{ count: number | string }[]>(
      `SELECT COUNT(*) AS count FROM ${table}`,
    );
    counts[table] = Number(row?.count ?? 0);
  }
  return counts;
}

/** The tables a console action may write to. */
export const WRITTEN_TABLES = [
  'certificates',
  'certificate_requests',
  'orchestrator_jobs',
  'certificate_metadata',
  'certificate_revocation_lists',
  'audit_events',
  'agents',
  'certificate_collections',
  'expiration_alerts',
  'alert_schedules',
  'alert_runs',
  'alert_run_results',
  'alert_reported_certificates',
  'notification_outbox',
] as const;

/** A JSON call as `credentials` that must answer `status`; returns the body. */
export function consoleClient(server: () => LabServer) {
  return async <T = unknown>(
    method: string,
    path: string,
    options: { as?: 'admin' | 'enroller' | 'auditor'; body?: unknown; status?: number } = {},
  ): Promise<T> => {
    const lab = server();
    const response = await call(lab, method, path, {
      credentials: lab.credentials[options.as ?? 'admin'],
      body: options.body,
    });
    const expected = options.status ?? 200;
    if (response.status !== expected) {
      throw new Error(
        `${method} ${path}: expected ${expected}, got ${response.status} ${response.text}`,
      );
    }
    return response.body as T;
  };
}

/**
 * `refused(method, path, body, status, code, as)`: sends as `as` (admin by default), expects
 * `status` with this error code, shows that no table a console action writes to changed, and
 * returns the message.
 */
export function refusalCheck(server: () => LabServer) {
  return async (
    method: string,
    path: string,
    body: unknown,
    status: number,
    code: string,
    as: 'admin' | 'enroller' | 'auditor' = 'admin',
  ): Promise<string> => {
    const lab = server();
    const before = await rowCounts(lab.dataSource, WRITTEN_TABLES);
    const response = await call(lab, method, path, { credentials: lab.credentials[as], body });
    expect({ path, status: response.status, body: response.body }).toMatchObject({
      status,
      body: { ErrorCode: code },
    });
    expect(await rowCounts(lab.dataSource, WRITTEN_TABLES)).toEqual(before);
    return (response.body as { Message: string }).Message;
  };
}
