#!/usr/bin/env bash
# DR benchmark: backup time, restore time and RTO of `dhakacart dr` for a ~1 GB database, beside plain
# pg_basebackup plus a file copy on the same machine. Creates and destroys its own PostgreSQL cluster
# on a loopback port under $BENCH_DIR; touches nothing else. Prints a markdown table.
#
#   bench/dr-backup-restore.sh            # scale 70 (~1 GB), jar from dr/target
#   SCALE=10 bench/dr-backup-restore.sh   # quicker smoke run
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$ROOT/dr/target/dhakacart-dr-exec.jar}"
JAVA="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
SCALE="${SCALE:-70}"
PORT="${PORT:-55432}"
BENCH_DIR="${BENCH_DIR:-/tmp/dhakacart-dr-bench}"
DATA="$BENCH_DIR/pg/data"

[ -f "$JAR" ] || { echo "build the DR tool first: mvn -pl dr package -DskipTests" >&2; exit 1; }

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
psql_q() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X -A -t -c "$1" "${2:-postgres}"; }
wait_ready() { until psql_q "SELECT 1" >/dev/null 2>&1; do sleep 0.1; done; }
stop_pg() { as_pg "$PG_BIN/pg_ctl" -D "$1" -m immediate -w stop >/dev/null 2>&1 || true; }

cleanup() { stop_pg "$DATA"; rm -rf "$BENCH_DIR"; }
trap cleanup EXIT
cleanup
mkdir -p "$BENCH_DIR/pg" "$BENCH_DIR/logs"
chmod 755 "$BENCH_DIR" "$BENCH_DIR/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$BENCH_DIR/pg" "$BENCH_DIR/logs"

echo "== creating a cluster and loading pgbench scale $SCALE" >&2
as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$DATA/postgresql.auto.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
shared_buffers = 256MB
max_wal_size = 4GB
CONF
as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$BENCH_DIR/logs/pg.log" -w start >/dev/null
wait_ready
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres bench
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -i -s "$SCALE" -q bench >/dev/null 2>&1
psql_q "CHECKPOINT" >/dev/null
DB_SIZE=$(psql_q "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database")
ROWS=$(psql_q "SELECT count(*) FROM pgbench_accounts" bench)
echo "== database: $DB_SIZE, $ROWS accounts" >&2

export DHAKACART_HOME="$BENCH_DIR/home" DR_PG_PORT="$PORT" DR_PGDATA="$DATA" PG_BIN
mkdir -p "$DHAKACART_HOME"; chmod 755 "$DHAKACART_HOME"

echo "== dhakacart dr backup" >&2
t0=$(now); "$JAVA" -jar "$JAR" backup >&2; t1=$(now)
DR_BACKUP=$(secs "$t0" "$t1")
REPO_SIZE=$(du -sh "$DHAKACART_HOME/backups" | cut -f1)

echo "== plain pg_basebackup + cp" >&2
t0=$(now)
"$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$BENCH_DIR/plain" -Ft -X stream -c fast
cp -r "$BENCH_DIR/plain" "$BENCH_DIR/plain-copy"; sync
t1=$(now)
PLAIN_BACKUP=$(secs "$t0" "$t1")
PLAIN_SIZE=$(du -sh "$BENCH_DIR/plain-copy" | cut -f1)

echo "== loss: SIGKILL + data directory deleted; dhakacart dr restore --latest" >&2
t0=$(now)
stop_pg "$DATA"; rm -rf "$DATA"
ta=$(now)
"$JAVA" -jar "$JAR" restore --latest >&2
tb=$(now)
psql_q "SELECT count(*) FROM pgbench_accounts" bench >/dev/null
t1=$(now)
echo "   kill+rm $(secs "$t0" "$ta") s, dr restore (JVM included) $(secs "$ta" "$tb") s, first query $(secs "$tb" "$t1") s" >&2
DR_RTO=$(secs "$t0" "$t1")
[ "$(psql_q "SELECT count(*) FROM pgbench_accounts" bench)" = "$ROWS" ] || { echo "DR restore lost rows" >&2; exit 1; }

echo "== loss again; plain restore: copy back, untar, start" >&2
t0=$(now)
stop_pg "$DATA"; rm -rf "$DATA"
mkdir -p "$DATA"
cp -r "$BENCH_DIR/plain-copy" "$BENCH_DIR/plain-restore"
tar -xf "$BENCH_DIR/plain-restore/base.tar" -C "$DATA"
tar -xf "$BENCH_DIR/plain-restore/pg_wal.tar" -C "$DATA/pg_wal"
chmod 700 "$DATA"; [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DATA"
as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$BENCH_DIR/logs/pg.log" -w start >/dev/null
wait_ready
psql_q "SELECT count(*) FROM pgbench_accounts" bench >/dev/null
t1=$(now)
PLAIN_RTO=$(secs "$t0" "$t1")

cat <<TABLE
Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) shared cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, one local disk;
pgbench scale $SCALE: $DB_SIZE ($ROWS accounts). One run each.

| | backup (s) | stored size | RTO: kill -> restored server answers (s) |
|---|---|---|---|
| \`dhakacart dr backup\` / \`dr restore --latest\` (pg_basebackup, pg_verifybackup, zstd, AES-256-GCM, SHA-256; parallel WAL staging, replay, promote) | $DR_BACKUP | $REPO_SIZE | $DR_RTO |
| plain \`pg_basebackup -Ft\` + \`cp\` / copy back + untar + \`pg_ctl start\` (no verification, no encryption, no compression, no PITR) | $PLAIN_BACKUP | $PLAIN_SIZE | $PLAIN_RTO |
TABLE
