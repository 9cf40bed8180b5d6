import { TableForeignKey } from 'typeorm';
import { type TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/*
 * The column shapes every migration builds its tables from. Only portable types (integer,
 * varchar, text, boolean) so one migration runs on SQLite and PostgreSQL; times are ISO strings.
 * Released migrations use these: never change what an existing builder produces, add a new one.
 */
export const id: TableColumnOptions = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
};
export const guid = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary: name === 'id',
});
export const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
export const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
export const int = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
});
/** Without `fallback` the column has no default: every insert names it. */
export const bool = (name: string, fallback?: boolean): TableColumnOptions =>
  fallback === undefined ? { name, type: 'boolean' } : { name, type: 'boolean', default: fallback };
export const time = (name: string, nullable = false): TableColumnOptions => str(name, 24, nullable);
export const fk = (column: string, table: string, onDelete = 'RESTRICT') =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });
