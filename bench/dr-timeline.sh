#!/usr/bin/env bash
# DR benchmark: how long `dhakacart dr timeline` takes over a day's worth of archived WAL, beside the
# floor: PostgreSQL's own pg_waldump reading the same WAL (same resource managers) from the cluster's
# pg_wal straight to /dev/null. Creates and destroys its own PostgreSQL cluster on a loopback port
# under $BENCH_DIR, runs the DR agent against it while pgbench writes WAL_MB of WAL; touches nothing
# else. Prints a markdown table row.
#
#   bench/dr-timeline.sh               # 1024 MB of WAL (a busy day for the shop)
#   WAL_MB=128 bench/dr-timeline.sh    # quicker smoke run
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$ROOT/dr/target/dhakacart-dr-exec.jar}"
JAVA="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
WAL_MB="${WAL_MB:-1024}"
PORT="${PORT:-55433}"
BENCH_DIR="${BENCH_DIR:-/tmp/dhakacart-dr-timeline-bench}"
DATA="$BENCH_DIR/pg/data"

[ -f "$JAR" ] || { echo "build the DR tool first: mvn -pl dr -am package -DskipTests" >&2; exit 1; }

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
psql_q() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X -A -t -c "$1" "${2:-postgres}"; }
AGENT_PID=
cleanup() {
  [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null && wait "$AGENT_PID" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$BENCH_DIR"
}
trap cleanup EXIT
cleanup
mkdir -p "$BENCH_DIR/pg" "$BENCH_DIR/logs"
chmod 755 "$BENCH_DIR" "$BENCH_DIR/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$BENCH_DIR/pg" "$BENCH_DIR/logs"

as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$DATA/postgresql.auto.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
max_wal_size = 4GB
wal_keep_size = '$((WAL_MB + 256))MB'
synchronous_commit = off
CONF
as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$BENCH_DIR/logs/pg.log" -w start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres bench
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -i -s 5 -q bench >/dev/null 2>&1

export DHAKACART_HOME="$BENCH_DIR/home" DR_PG_PORT="$PORT" DR_PGDATA="$DATA" PG_BIN
export DR_SYNCHRONOUS=off DR_METRICS_PORT=$((PORT + 1)) DR_REDIS_INTERVAL_MINUTES=0 DR_DRILL_INTERVAL_HOURS=0
mkdir -p "$DHAKACART_HOME"; chmod 755 "$DHAKACART_HOME"
"$JAVA" -jar "$JAR" backup >"$BENCH_DIR/logs/backup.log" 2>&1
"$JAVA" -jar "$JAR" agent >"$BENCH_DIR/logs/agent.log" 2>&1 &
AGENT_PID=$!

SINCE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
START_LSN=$(psql_q "SELECT pg_current_wal_lsn()")
echo "== pgbench until $WAL_MB MB of WAL" >&2
while [ "$(psql_q "SELECT (pg_current_wal_lsn() - '$START_LSN') / 1048576 >= $WAL_MB")" != t ]; do
  "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -c 2 -j 2 -T 10 -n bench >/dev/null 2>&1
done
END_LSN=$(psql_q "SELECT pg_current_wal_lsn()")
psql_q "SELECT pg_switch_wal()" >/dev/null
echo "== waiting for the agent to ship every completed segment" >&2
for _ in $(seq 1 600); do
  [ -z "$(ls "$DHAKACART_HOME/dr/spool" 2>/dev/null | grep -v partial || true)" ] && break
  sleep 1
done
kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true; AGENT_PID=

echo "== dhakacart dr timeline --since $SINCE" >&2
t0=$(now)
"$JAVA" -jar "$JAR" timeline --since "$SINCE" --json >"$BENCH_DIR/timeline.json" 2>"$BENCH_DIR/logs/timeline.log"
t1=$(now)
TIMELINE=$(secs "$t0" "$t1")
sed 's/^/   /' "$BENCH_DIR/logs/timeline.log" >&2
RECORDS=$(grep -o '"records":[0-9]*' "$BENCH_DIR/timeline.json" | cut -d: -f2)

echo "== pg_waldump alone over the same WAL in pg_wal" >&2
t0=$(now)
"$PG_BIN/pg_waldump" -p "$DATA/pg_wal" -r Heap -r Heap2 -r Transaction -r Storage -s "$START_LSN" -e "$END_LSN" >/dev/null 2>&1 || true
t1=$(now)
WALDUMP=$(secs "$t0" "$t1")

echo "| WAL | records read | \`dr timeline\` (s) | \`pg_waldump\` alone (s) | ratio |"
echo "|---|---|---|---|---|"
echo "| $WAL_MB MB ($START_LSN .. $END_LSN) | $RECORDS | **$TIMELINE** | $WALDUMP | $(awk -v a="$TIMELINE" -v b="$WALDUMP" 'BEGIN { printf "%.1fx", a / b }') |"
