#!/usr/bin/env bash
# SQLite (sqlite-jdbc) against DuckDB (duckdb_jdbc) for the history database (issue 20), each in a fresh JVM,
# interleaved: open = load the driver and its native library, open a new file, create the flows table; write =
# the same plus N flow rows in one transaction (JDBC batches of 1000; for DuckDB also its Appender API).
#   bench/history-db.sh            RUNS=3 N=100000 (DuckDB's JDBC batch path takes minutes: DUCK_JDBC=1 to run it)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sq=${SQLITE_JAR:-$HOME/.m2/repository/org/xerial/sqlite-jdbc/3.54.1.0/sqlite-jdbc-3.54.1.0.jar}
dk=${DUCKDB_JAR:-$HOME/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar}
[ -f "$dk" ] || mvn -B -q dependency:get -Dartifact=org.duckdb:duckdb_jdbc:2.0.0.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" "$here/bench/HistoryDbBench.java"
cd "$work"
runs=${RUNS:-3}; n=${N:-100000}
echo "jar bytes: sqlite-jdbc $(stat -c %s "$sq"), duckdb_jdbc $(stat -c %s "$dk")"
for i in $(seq "$runs"); do
    rm -f s.db* d.db*; echo "sqlite open: $(java -cp ".:$sq" HistoryDbBench open jdbc:sqlite:s.db)"
    rm -f s.db* d.db*; echo "duckdb open: $(java -cp ".:$dk" HistoryDbBench open jdbc:duckdb:d.db)"
done
for i in $(seq "$runs"); do
    rm -f s.db* d.db*; echo "sqlite write $n: $(/usr/bin/time -f 'rss=%MKB' java -cp ".:$sq" HistoryDbBench write jdbc:sqlite:s.db "$n" 2>&1 | tr '\n' ' ') file=$(stat -c %s s.db)"
    rm -f s.db* d.db*; echo "duckdb append $n: $(/usr/bin/time -f 'rss=%MKB' java -cp ".:$dk" HistoryDbBench append jdbc:duckdb:d.db "$n" 2>&1 | tr '\n' ' ') file=$(stat -c %s d.db)"
    if [ -n "${DUCK_JDBC:-}" ]; then
        rm -f d.db*; echo "duckdb jdbc-batch $n: $(java -cp ".:$dk" HistoryDbBench write jdbc:duckdb:d.db "$n")"
    fi
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
