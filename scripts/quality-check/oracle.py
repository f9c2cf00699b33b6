"""DuckDB as the quality runner's oracle: computes, independently of dcl, the metrics of the test
contract (Tests/DCLCLITests/QualityRunOracleTests.swift) over a CSV file and over the rows of a
SQLite table, and, when given, over the rows of a PostgreSQL table, and prints them as JSON:
{"csv": {rule: value}, "sqlite": {rule: value}, "postgres": {rule: value}}.

usage: oracle.py FILE.csv DB.sqlite TABLE [POSTGRES_EXPORT.csv]

POSTGRES_EXPORT.csv is the PostgreSQL table written out by psql (`\copy (SELECT …) TO … WITH (FORMAT csv,
HEADER true, FORCE_QUOTE *)`: NULL an unquoted empty field, every value quoted), read by DuckDB's CSV reader.

The CSV is read by DuckDB's own reader (RFC 4180 quoting, every column as text, empty fields NULL);
the SQLite rows are read with Python's sqlite3 and handed to DuckDB as a table. Rule semantics are
DuckDB's: TRY_CAST for numbers and timestamps, regexp_matches (a match anywhere) for patterns,
length() for lengths, COUNT(DISTINCT) for duplicates.
"""
import json
import os
import sqlite3
import sys

import duckdb

COLUMNS = ["id", "name", "amount", "status", "code", "created"]


def metrics(con, table):
    q = f"""
    SELECT
      COUNT(*) AS row_count_orders,
      COUNT(*) FILTER (WHERE id IS NOT NULL AND NOT regexp_full_match(id, '[+-]?[0-9]+')) AS type_id,
      COUNT(*) FILTER (WHERE amount IS NOT NULL AND TRY_CAST(amount AS DOUBLE) IS NULL) AS type_amount,
      COUNT(*) FILTER (WHERE created IS NOT NULL AND TRY_CAST(created AS TIMESTAMPTZ) IS NULL) AS type_created,
      COUNT(*) - COUNT(id) AS required_id,
      COUNT(id) - COUNT(DISTINCT id) AS unique_id,
      (COUNT(*) - COUNT(id)) + COUNT(id) - COUNT(DISTINCT id) AS primary_key_orders,
      COUNT(*) FILTER (WHERE name IS NOT NULL AND (length(name) < 1 OR length(name) > 8)) AS length_name,
      COUNT(*) - COUNT(name) AS not_null_name,
      COUNT(*) FILTER (WHERE amount IS NOT NULL AND (TRY_CAST(amount AS DOUBLE) IS NULL
                       OR TRY_CAST(amount AS DOUBLE) < 0 OR TRY_CAST(amount AS DOUBLE) > 1000)) AS range_amount,
      COUNT(*) - COUNT(amount) AS amount_nulls,
      COUNT(*) FILTER (WHERE status IS NOT NULL AND status NOT IN ('new', 'paid', 'shipped')) AS accepted_values_status,
      COUNT(*) FILTER (WHERE code IS NOT NULL AND NOT regexp_matches(code, '^[A-Z]{{3}}-[0-9]+$')) AS regex_code,
      COUNT(code) - COUNT(DISTINCT code) AS duplicate_codes,
      COUNT(*) FILTER (WHERE code IS NULL OR code IN ('', 'N/A', '-')) AS missing_codes,
      epoch_ms(MAX(TRY_CAST(created AS TIMESTAMPTZ))) AS newest_created
    FROM {table}
    """
    cursor = con.execute(q)
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    out = dict(zip(names, row))
    rows = out["row_count_orders"]
    # Percent, rounded half-up to 4 decimals as a string, as the contract's percent rule is recorded.
    def percent(count):
        if rows == 0:
            return "0.0000"
        scaled = (count * 10_000_000 // rows + 5) // 10
        return f"{scaled // 10_000}.{scaled % 10_000:04d}"
    out["amount_null_share"] = percent(out.pop("amount_nulls"))
    return out


def load_csv(con, path, name):
    cols = ", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS)
    if os.path.getsize(path) == 0:
        con.execute("CREATE TABLE {} ({})".format(name, ", ".join(f"{c} VARCHAR" for c in COLUMNS)))
    else:
        con.execute(f"""CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header = true, delim = ',',
                        quote = '"', escape = '"', auto_detect = false, columns = {{{cols}}}, strict_mode = true)""")


def main():
    csv_path, db_path, table = sys.argv[1:4]
    postgres_export = sys.argv[4] if len(sys.argv) > 4 else None
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    empty = "CREATE TABLE {} ({})".format("{}", ", ".join(f"{c} VARCHAR" for c in COLUMNS))
    load_csv(con, csv_path, "csv_rows")
    con.execute(empty.format("sqlite_rows"))
    rows = sqlite3.connect(db_path).execute(f'SELECT {", ".join(COLUMNS)} FROM "{table}"').fetchall()
    if rows:
        con.executemany(f"INSERT INTO sqlite_rows VALUES ({', '.join('?' * len(COLUMNS))})",
                        [[None if v is None else str(v) for v in r] for r in rows])
    out = {"csv": metrics(con, "csv_rows"), "sqlite": metrics(con, "sqlite_rows")}
    if postgres_export:
        load_csv(con, postgres_export, "postgres_rows")
        out["postgres"] = metrics(con, "postgres_rows")
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
