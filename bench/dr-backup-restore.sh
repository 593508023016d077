#!/usr/bin/env bash
# DR benchmark: backup time and RTO (kill -> restored server answers a query) of `dhakacart dr` for a ~1 GB
# database, beside pgBackRest (the anchor: zstd, AES-256-CBC, process-max 2, start-fast) and plain
# pg_basebackup plus a file copy, on the same cluster in the same run, RUNS times each (default 2), in an order
# rotated each round; then, after a small change, a delta restore onto the data directory the crash left (ours
# by 64 KiB block, pgBackRest's --delta by file checksum).
# Creates and destroys its own PostgreSQL cluster on a loopback port under $BENCH_DIR; installs pgBackRest
# from the OS packages when missing (root); touches nothing else. Progress on stderr, a markdown table on
# stdout, with the ratio of each tool to pgBackRest and where the DR tool's restore time goes.
#
#   bench/dr-backup-restore.sh            # scale 70 (~1 GB), jar from dr/target
#   SCALE=10 RUNS=1 bench/dr-backup-restore.sh   # quicker smoke run
#   SCALE=350 bench/dr-backup-restore.sh  # ~5 GB (optional; needs ~15 GB free under $BENCH_DIR)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
pick_java
JAR="$ROOT/dr/target/dhakacart-dr-exec.jar"   # the one ./dhakacart dr runs
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
SCALE="${SCALE:-70}"
RUNS="${RUNS:-2}"
PORT="${PORT:-55432}"
BENCH_DIR="${BENCH_DIR:-/tmp/dhakacart-dr-bench}"
DATA="$BENCH_DIR/pg/data"

[ -f "$JAR" ] || { echo "build the DR tool first: mvn -pl dr -am package -DskipTests" >&2; exit 1; }
ensure_packages "pgbackrest:pgbackrest"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
psql_q() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X -A -t -c "$1" "${2:-postgres}"; }
wait_ready() { until psql_q "SELECT 1" >/dev/null 2>&1; do sleep 0.05; done; }
stop_pg() { as_pg "$PG_BIN/pg_ctl" -D "$1" -m immediate -w stop >/dev/null 2>&1 || true; }
start_pg() { as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$BENCH_DIR/logs/pg.log" -w start >/dev/null; }
pgbr() { as_pg pgbackrest --config="$BENCH_DIR/pgbackrest.conf" --stanza=bench "$@"; }
# The disaster: SIGKILL-equivalent, data directory gone. Then `sync`, before the clock starts: each tool starts
# with nothing left to write from the one before (the plain round leaves 2 GB unsynced, which a start-up syncfs
# would otherwise pay for).
lose() { stop_pg "$DATA"; rm -rf "$DATA"; sync; }
check_rows() { [ "$(psql_q "SELECT count(*) FROM pgbench_accounts" bench)" = "$ROWS" ] || { echo "$1 lost rows" >&2; exit 1; }; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
cleanup() { stop_pg "$DATA"; [ -n "${KEEP:-}" ] || rm -rf "$BENCH_DIR"; }   # KEEP=1 leaves the logs to read
trap cleanup EXIT
stop_pg "$DATA"; rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR/pg" "$BENCH_DIR/logs" "$BENCH_DIR/run" "$BENCH_DIR/pgbr-repo" "$BENCH_DIR/pgbr-lock"
chmod 755 "$BENCH_DIR" "$BENCH_DIR/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$BENCH_DIR/pg" "$BENCH_DIR/logs" "$BENCH_DIR/run" "$BENCH_DIR/pgbr-repo" "$BENCH_DIR/pgbr-lock"

echo "== creating a cluster and loading pgbench scale $SCALE" >&2
as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$DATA/postgresql.auto.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$BENCH_DIR/run'
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
shared_buffers = 256MB
max_wal_size = 4GB
CONF
start_pg
wait_ready
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres bench
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -i -s "$SCALE" -q bench >/dev/null 2>&1
psql_q "CHECKPOINT" >/dev/null
DB_SIZE=$(psql_q "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database")
ROWS=$(psql_q "SELECT count(*) FROM pgbench_accounts" bench)
echo "== database: $DB_SIZE, $ROWS accounts" >&2

# pgBackRest as its users run it: WAL archived by archive_command, an encrypted, zstd-compressed repository.
cat > "$BENCH_DIR/pgbackrest.conf" <<CONF
[global]
repo1-path=$BENCH_DIR/pgbr-repo
repo1-retention-full=99
repo1-cipher-type=aes-256-cbc
repo1-cipher-pass=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
compress-type=zst
process-max=2
start-fast=y
log-path=$BENCH_DIR/logs
lock-path=$BENCH_DIR/pgbr-lock
log-level-console=warn
log-level-file=off

[bench]
pg1-path=$DATA
pg1-port=$PORT
pg1-socket-path=$BENCH_DIR/run
CONF
chmod 644 "$BENCH_DIR/pgbackrest.conf"
cat >> "$DATA/postgresql.auto.conf" <<CONF
archive_mode = on
archive_command = 'pgbackrest --config=$BENCH_DIR/pgbackrest.conf --stanza=bench archive-push %p'
CONF
as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w restart >/dev/null
wait_ready
pgbr stanza-create >&2

export DHAKACART_HOME="$BENCH_DIR/home" DR_PG_PORT="$PORT" DR_PGDATA="$DATA" PG_BIN
mkdir -p "$DHAKACART_HOME"; chmod 755 "$DHAKACART_HOME"
# The DR tool as an operator runs it: `./dhakacart dr`, with the start-up cache `up` makes on a machine that
# ran the shop (DR_AOT=off: the plain jar, as on a new machine before its first `up`).
if [ "${DR_AOT:-on}" != off ]; then
  echo "== the DR tool's start-up cache (./dhakacart startup-cache, as up makes it)" >&2
  "$ROOT/dhakacart" startup-cache "$JAR" >"$BENCH_DIR/logs/startup-cache.log" 2>&1 || echo "   (no cache: the plain jar runs)" >&2
else
  export DHAKACART_AOT=off
fi
phases() { # T0 LOG PATTERN: seconds from T0 to each of the tool's timestamped progress lines that match
  sed -n 's/^\([0-9T:.-]*Z\) \(.*\)$/\1|\2/p' "$2" \
    | while IFS='|' read -r at what; do printf '%6s s  %s\n' "$(secs "$1" "$(date -d "$at" +%s.%N)")" "$what"; done \
    | grep -E "$3" | cut -c1-120
}
drtool() { "$ROOT/dhakacart" dr "$@"; }
# Peak scratch space of a backup: the DR tool's work directory and the repository's staging files, sampled.
scratch_peak() { # PIDFILE: prints the peak in MiB while the process in PIDFILE runs
  local peak=0 now
  while kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; do
    now=$( { du -sb "$DHAKACART_HOME/dr/work" 2>/dev/null | cut -f1; find "$DHAKACART_HOME/backups" -name '.staging*' -printf '%s\n' 2>/dev/null; } \
      | awk '{ s += $1 } END { print s + 0 }')
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.1
  done
  echo $((peak / 1048576))
}

# Each round runs the tools in a rotated order: the disk of a VM is slower right after a tool that wrote gigabytes
# (the plain copy), and whoever came next paid for it in every round.
rotated() { # ROUND NAME...: the names, rotated by ROUND - 1
  local r=$1; shift; local names=("$@") i
  for i in $(seq 0 $(($# - 1))); do echo "${names[$(( (i + r - 1) % $# ))]}"; done
}
backup_dr() {
  sync; t0=$(now)
  drtool backup >"$BENCH_DIR/logs/dr-backup-$run.log" 2>&1 & echo $! >"$BENCH_DIR/backup.pid"
  SCRATCH+=("$(scratch_peak "$BENCH_DIR/backup.pid")")
  wait "$(cat "$BENCH_DIR/backup.pid")" || { tail -20 "$BENCH_DIR/logs/dr-backup-$run.log" >&2; exit 1; }
  DR_B+=("$(secs "$t0" "$(now)")")
  DR_BPHASES+=("$(phases "$t0" "$BENCH_DIR/logs/dr-backup-$run.log" 'pg_basebackup from|still copying|copying the cluster|copied:|checking the copy|checked .* files|stored \(')")
}
backup_pgbr() { sync; t0=$(now); pgbr backup --type=full >&2; PGBR_B+=("$(secs "$t0" "$(now)")"); }
backup_plain() {
  rm -rf "$BENCH_DIR/plain" "$BENCH_DIR/plain-copy"
  sync; t0=$(now)
  "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$BENCH_DIR/plain" -Ft -X stream -c fast
  cp -r "$BENCH_DIR/plain" "$BENCH_DIR/plain-copy"; sync
  PLAIN_B+=("$(secs "$t0" "$(now)")")
}
restore_dr() {
  lose
  t0=$(now)
  drtool restore --latest >"$BENCH_DIR/logs/dr-restore-$run.log" 2>&1 \
    || { tail -20 "$BENCH_DIR/logs/dr-restore-$run.log" >&2; exit 1; }
  psql_q "SELECT count(*) FROM pgbench_accounts" bench >/dev/null
  DR_R+=("$(secs "$t0" "$(now)")")
  check_rows "dhakacart dr restore"
  # Where the time went: seconds from the JVM's start to each of the tool's progress lines.
  DR_PHASES+=("$(phases "$t0" "$BENCH_DIR/logs/dr-restore-$run.log" \
    'reading the catalogue|checked .* against|restoring base backup|fetching|WAL fetched|moved the verified|starting PostgreSQL|restored:')")
}
restore_pgbr() {
  lose
  t0=$(now)
  mkdir -p "$DATA"; chmod 700 "$DATA"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
  pgbr restore --target-timeline=current >&2   # its own backup's timeline: the DR tool's restore forks others
  start_pg; wait_ready
  until [ "$(psql_q "SELECT pg_is_in_recovery()")" = f ]; do sleep 0.05; done
  psql_q "SELECT count(*) FROM pgbench_accounts" bench >/dev/null
  PGBR_R+=("$(secs "$t0" "$(now)")")
  check_rows "pgbackrest restore"
}
restore_plain() { # copy back, untar, start
  lose
  t0=$(now)
  rm -rf "$BENCH_DIR/plain-restore"; mkdir -p "$DATA"
  cp -r "$BENCH_DIR/plain-copy" "$BENCH_DIR/plain-restore"
  tar -xf "$BENCH_DIR/plain-restore/base.tar" -C "$DATA"
  tar -xf "$BENCH_DIR/plain-restore/pg_wal.tar" -C "$DATA/pg_wal"
  chmod 700 "$DATA"; [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DATA"
  start_pg; wait_ready
  psql_q "SELECT count(*) FROM pgbench_accounts" bench >/dev/null
  PLAIN_R+=("$(secs "$t0" "$(now)")")
  check_rows "plain restore"
}
# A small change (70 rows of pgbench_branches, checkpointed), then a crash that leaves the data directory, then a
# delta restore onto it: ours by 64 KiB block, pgBackRest's by file checksum (--delta). The time is again from
# the crash to the restored server answering count(*).
small_change() { psql_q "UPDATE pgbench_branches SET bbalance = bbalance + 1" bench >/dev/null; psql_q "CHECKPOINT" >/dev/null
  stop_pg "$DATA"; sync; }
delta_dr() {
  small_change
  t0=$(now)
  drtool restore --latest --delta >"$BENCH_DIR/logs/dr-delta-$run.log" 2>&1 \
    || { tail -20 "$BENCH_DIR/logs/dr-delta-$run.log" >&2; exit 1; }
  psql_q "SELECT count(*) FROM pgbench_accounts" bench >/dev/null
  DR_D+=("$(secs "$t0" "$(now)")")
  check_rows "dhakacart dr restore --delta"
  DR_DPHASES+=("$(phases "$t0" "$BENCH_DIR/logs/dr-delta-$run.log" 'reading the catalogue|comparing|delta restore into|starting PostgreSQL|restored:')")
}
delta_pgbr() {
  small_change
  t0=$(now)
  pgbr restore --delta --target-timeline=current >&2
  start_pg; wait_ready
  until [ "$(psql_q "SELECT pg_is_in_recovery()")" = f ]; do sleep 0.05; done
  psql_q "SELECT count(*) FROM pgbench_accounts" bench >/dev/null
  PGBR_D+=("$(secs "$t0" "$(now)")")
  check_rows "pgbackrest restore --delta"
}

DR_B=() PGBR_B=() PLAIN_B=() DR_R=() PGBR_R=() PLAIN_R=() DR_PHASES=() DR_BPHASES=() SCRATCH=()
DR_D=() PGBR_D=() DR_DPHASES=()
for run in $(seq 1 "$RUNS"); do
  for tool in $(rotated "$run" dr pgbr plain); do echo "== backup, round $run: $tool" >&2; "backup_$tool"; done
  echo "   dhakacart ${DR_B[-1]} s, pgBackRest ${PGBR_B[-1]} s, pg_basebackup+cp ${PLAIN_B[-1]} s" >&2
done
DR_SIZE=$(du -sh "$DHAKACART_HOME/backups" | cut -f1)
PGBR_SIZE=$(du -sh "$BENCH_DIR/pgbr-repo" | cut -f1)
PLAIN_SIZE=$(du -sh "$BENCH_DIR/plain-copy" | cut -f1)
for run in $(seq 1 "$RUNS"); do
  for tool in $(rotated "$run" dr pgbr plain); do echo "== loss, round $run: $tool" >&2; "restore_$tool"; done
  echo "   dhakacart ${DR_R[-1]} s, pgBackRest ${PGBR_R[-1]} s, plain ${PLAIN_R[-1]} s" >&2
done
for run in $(seq 1 "$RUNS"); do
  for tool in $(rotated "$run" dr pgbr); do echo "== small change, round $run: $tool --delta" >&2; "delta_$tool"; done
  echo "   dhakacart --delta ${DR_D[-1]} s, pgBackRest --delta ${PGBR_D[-1]} s" >&2
done

m() { printf '%s ' "$@" | median; }
DRB=$(m "${DR_B[@]}") PGB=$(m "${PGBR_B[@]}") PLB=$(m "${PLAIN_B[@]}")
DRR=$(m "${DR_R[@]}") PGR=$(m "${PGBR_R[@]}") PLR=$(m "${PLAIN_R[@]}")
DRD=$(m "${DR_D[@]}") PGD=$(m "${PGBR_D[@]}")
cat <<TABLE
Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (load average before the run: $LOAD0), $(free -g | awk '/Mem:/ {print $2}') GB RAM,
one local disk; pgbench scale $SCALE: $DB_SIZE ($ROWS accounts). $RUNS runs each, median (all runs in brackets).
RTO: SIGKILL + data directory deleted -> the restored server answers \`count(*)\` on pgbench_accounts.

| | backup (s) | x pgBackRest | stored | RTO (s) | x pgBackRest |
|---|---|---|---|---|---|
| \`dhakacart dr backup\` / \`dr restore --latest\` | $DRB (${DR_B[*]}) | $(ratio "$DRB" "$PGB") | $DR_SIZE | $DRR (${DR_R[*]}) | $(ratio "$DRR" "$PGR") |
| pgBackRest $(pgbackrest version | awk '{print $2}') (zst, aes-256-cbc, process-max 2) | $PGB (${PGBR_B[*]}) | 1.00 | $PGBR_SIZE | $PGR (${PGBR_R[*]}) | 1.00 |
| plain \`pg_basebackup -Ft\` + \`cp\` / copy back + untar + start (no verification, encryption or PITR) | $PLB (${PLAIN_B[*]}) | $(ratio "$PLB" "$PGB") | $PLAIN_SIZE | $PLR (${PLAIN_R[*]}) | $(ratio "$PLR" "$PGR") |

After a small change (70 rows, checkpointed; crash; the data directory left as it was), a delta restore onto it:

| | RTO (s) | x pgBackRest |
|---|---|---|
| \`dhakacart dr restore --latest --delta\` (by 64 KiB block) | $DRD (${DR_D[*]}) | $(ratio "$DRD" "$PGD") |
| pgBackRest \`restore --delta\` (by file checksum) | $PGD (${PGBR_D[*]}) | 1.00 |

Peak scratch space of \`dr backup\` (its work directory plus staging files, sampled every 0.1 s): ${SCRATCH[*]} MiB
(the database: $DB_SIZE).

Where \`dr backup\` spent its time (seconds after it was started, last round):

\`\`\`
${DR_BPHASES[-1]}
\`\`\`

Where \`dr restore\` spent its time (seconds after the kill, last round; the JVM starts at 0 + kill and delete):

\`\`\`
${DR_PHASES[-1]}
\`\`\`

Where \`dr restore --delta\` spent its time (seconds after the crash, last round):

\`\`\`
${DR_DPHASES[-1]}
\`\`\`
TABLE
