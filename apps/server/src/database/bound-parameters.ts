import { type DataSource } from 'typeorm';

type Escape = (sql: string, parameters: Record<string, unknown>) => [string, unknown[]];

/**
 * TypeORM's SQLite drivers write every number parameter into the SQL text (`id = 4711`), so a
 * lookup by id is a new statement for every id: prepared again each time (16,029 prepares of one
 * certificate lookup in a 4,000-certificate campaign, 12,005 distinct texts), and the texts flush
 * the statement cache. Safe integers are bound instead, as BigInt: better-sqlite3 binds those as
 * SQLite INTEGERs, exactly what the inlined literal was, so comparisons and affinity are unchanged.
 * Other numbers (fractions, huge values) are left to TypeORM as before.
 */
export function bindIntegerParameters(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const driver = dataSource.driver as unknown as { escapeQueryWithParameters: Escape };
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters) => {
    if (!parameters) return escape(sql, parameters);
    let bound: Record<string, unknown> | undefined;
    for (const key of Object.keys(parameters)) {
      const value = parameters[key];
      if (typeof value === 'number' && Number.isSafeInteger(value)) {
        bound ??= { ...parameters };
        bound[key] = BigInt(value);
      }
    }
    return escape(sql, bound ?? parameters);
  };
}
