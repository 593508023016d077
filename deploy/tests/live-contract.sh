#!/usr/bin/env bash
# Starts the built jars exactly as the Dockerfiles' ENTRYPOINTs do (`java -jar <exec jar>`), against a
# real PostgreSQL and Redis on loopback, and checks what the deployment relies on: the probe paths of
# the manifests, every metric the alert rules and dashboards query, and the JSON log fields the saved
# LogQL queries filter on; and the Compose database's init script with the DR agent on the
# least-privilege role it creates. Called by run.sh after the jars are built (`./dhakacart test` packages
# them first). Prints PASS / FAIL / SKIPPED lines; stops everything it started.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEPLOY=$(dirname "$HERE")
ROOT=$(dirname "$DEPLOY")
PY=${PY:-python3}
API_JAR=$ROOT/api/target/dhakacart-api-exec.jar
WEB_JAR=$ROOT/storefront/target/dhakacart-storefront-exec.jar
DR_JAR=$ROOT/dr/target/dhakacart-dr-exec.jar
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
START_TIMEOUT=${DHAKACART_DEPLOY_START_TIMEOUT:-150}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dhakacart-live.XXXXXX")
chmod 755 "$WORK"
PIDS=()
SCRATCH_PG=""
DB=""
PG_PORT=""

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_admin() { "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  if [ -n "$DB" ] && [ -z "$SCRATCH_PG" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "DROP ROLE IF EXISTS $DB" >/dev/null 2>&1
  fi
  [ -n "$SCRATCH_PG" ] && as_pg "$PG_BIN/pg_ctl" -D "$SCRATCH_PG" -m immediate stop >/dev/null 2>&1
  [ -n "${COMPOSE_PG:-}" ] && as_pg "$PG_BIN/pg_ctl" -D "$COMPOSE_PG" -m immediate stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits until GET url answers 200 (tcp:PORT: until the port accepts), or the process dies, or the
# timeout passes.
wait_for() {
  local url=$1 pid=$2 deadline=$((SECONDS + START_TIMEOUT))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$pid" 2>/dev/null || return 2
    if [[ $url == tcp:* ]]; then
      "$PY" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2)' "${url#tcp:}" 2>/dev/null && return 0
    else
      "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url" 2>/dev/null && return 0
    fi
    sleep 1
  done
  return 1
}

java_major() { "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'; }
JAVA=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
  JAVA=$JAVA_HOME/bin/java
else
  best=0
  for candidate in /usr/lib/jvm/*/bin/java; do
    v=$(java_major "$candidate"); [ -n "$v" ] && [ "$v" -gt "$best" ] && { best=$v; JAVA=$candidate; }
  done
  [ "$best" -ge 21 ] || JAVA=""
fi

missing=()
for jar in "$API_JAR" "$WEB_JAR" "$DR_JAR"; do [ -f "$jar" ] || missing+=("${jar#"$ROOT"/}"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "SKIPPED [live] jars not built (${missing[*]}): run './dhakacart build' or 'mvn -DskipTests package' first"
  exit 0
fi
if [ -z "$JAVA" ]; then
  echo "SKIPPED [live] no Java 21+ runtime found (set JAVA_HOME)"
  exit 0
fi
PSQL=$(command -v psql || echo "$PG_BIN/psql")

# PostgreSQL: the test run's shared server when the launcher started one, else a scratch cluster.
if [ -n "${DHAKACART_TEST_PG_PORT:-}" ]; then
  PG_PORT=$DHAKACART_TEST_PG_PORT
elif [ -x "$PG_BIN/initdb" ]; then
  PG_PORT=$(free_port)
  SCRATCH_PG=$WORK/pg
  mkdir -p "$SCRATCH_PG" && { [ "$(id -u)" -ne 0 ] || chown postgres "$WORK" "$SCRATCH_PG"; }
  as_pg "$PG_BIN/initdb" -D "$SCRATCH_PG" -U postgres -A trust >/dev/null 2>&1 &&
    as_pg "$PG_BIN/pg_ctl" -D "$SCRATCH_PG" -o "-p $PG_PORT -k $SCRATCH_PG -c listen_addresses=127.0.0.1" \
      -l "$SCRATCH_PG/log" -w start >/dev/null 2>&1 || { echo "FAIL [live] could not start a scratch PostgreSQL"; exit 1; }
else
  echo "SKIPPED [live] no PostgreSQL (DHAKACART_TEST_PG_PORT unset and no $PG_BIN/initdb)"
  exit 0
fi
DB=dhakacart_deploy_check_$$
PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_hex(12))')
psql_admin -c "CREATE ROLE $DB LOGIN PASSWORD '$PASSWORD'" -c "CREATE DATABASE $DB OWNER $DB" >/dev/null ||
  { echo "FAIL [live] could not create database $DB on 127.0.0.1:$PG_PORT"; exit 1; }

# Redis: a private one when redis-server is installed, so the shop's keys stay out of the test run's.
if command -v redis-server >/dev/null 2>&1; then
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
  PIDS+=($!)
elif [ -n "${DHAKACART_TEST_REDIS_PORT:-}" ]; then
  REDIS_PORT=$DHAKACART_TEST_REDIS_PORT
else
  echo "SKIPPED [live] no Redis (redis-server not installed, DHAKACART_TEST_REDIS_PORT unset)"
  exit 0
fi

API_PORT=$(free_port)
WEB_PORT=$(free_port)
# Same command as the images' ENTRYPOINT, same settings as the Compose file and the ConfigMap; the
# JIT and GC flags only make the start cheaper on a busy 2-core machine.
FAST_START=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k)
DATABASE_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$DB DATABASE_USER=$DB DATABASE_PASSWORD=$PASSWORD \
  REDIS_URL=redis://127.0.0.1:$REDIS_PORT API_PORT=$API_PORT DB_POOL_SIZE=5 \
  "$JAVA" "${FAST_START[@]}" -XX:+ExitOnOutOfMemoryError -jar "$API_JAR" >"$WORK/api.log" 2>&1 &
API_PID=$!
PIDS+=($API_PID)
API_BASE_URL=http://127.0.0.1:$API_PORT REDIS_URL=redis://127.0.0.1:$REDIS_PORT WEB_PORT=$WEB_PORT \
  "$JAVA" "${FAST_START[@]}" -jar "$WEB_JAR" >"$WORK/web.log" 2>&1 &
WEB_PID=$!
PIDS+=($WEB_PID)

why_dead() {  # one line on why a jar stopped
  if grep -q 'StackOverflowError' "$1" && grep -q 'JarLauncher' "$1"; then
    echo "the exec jar wraps an already repackaged jar (Start-Class is JarLauncher): two spring-boot repackage executions in the module's pom"
  else
    grep -m1 -E 'Exception|Error|APPLICATION FAILED' "$1" | cut -c1-200
  fi
}

API_UP=0
wait_for "http://127.0.0.1:$API_PORT/health/live" $API_PID; rc=$?
if [ $rc -eq 0 ]; then
  API_UP=1
  echo "PASS [live api] 'java -jar api/target/dhakacart-api-exec.jar' starts and serves /health/live"
  "$PY" "$HERE/checks.py" live-api "http://127.0.0.1:$API_PORT" "$WORK/api.log" "$ROOT/dr/src/main/java"
elif [ $rc -eq 2 ]; then
  echo "FAIL [live api] 'java -jar api/target/dhakacart-api-exec.jar' exits at start: $(why_dead "$WORK/api.log")"
else
  echo "FAIL [live api] the API did not answer /health/live within ${START_TIMEOUT}s: $(tail -n 1 "$WORK/api.log" | cut -c1-200)"
fi

# The storefront's probes and HEALTHCHECK only need its port; its home page needs the API too.
if [ $API_UP -eq 1 ]; then target="http://127.0.0.1:$WEB_PORT/"; else target="tcp:$WEB_PORT"; fi
wait_for "$target" $WEB_PID; rc=$?
if [ $rc -eq 0 ] && [ $API_UP -eq 1 ]; then
  echo "PASS [live storefront] 'java -jar' starts, listens on WEB_PORT (its probes) and renders / from the API at API_BASE_URL"
elif [ $rc -eq 0 ]; then
  echo "PASS [live storefront] 'java -jar' starts and listens on WEB_PORT (its probes); / not checked as the API is down"
elif [ $rc -eq 2 ]; then
  echo "FAIL [live storefront] 'java -jar storefront/target/dhakacart-storefront-exec.jar' exits at start: $(why_dead "$WORK/web.log")"
else
  echo "FAIL [live storefront] GET / did not answer 200 within ${START_TIMEOUT}s: $(tail -n 1 "$WORK/web.log" | cut -c1-200)"
fi

# The Compose database's init script, run as the postgres image runs it, on a cluster configured like
# the Compose `db` service; then the DR agent with the least-privilege role it creates must stream WAL
# synchronously and take a base backup (no superuser anywhere).
compose_db_check() {
  local pg=$WORK/compose-db port dr_password dr_port agent_pid deadline metrics
  [ -x "$PG_BIN/initdb" ] || { echo "SKIPPED [live compose db] no $PG_BIN/initdb"; return; }
  port=$(free_port); dr_port=$(free_port)
  dr_password=$("$PY" -c 'import secrets; print(secrets.token_hex(12))')
  mkdir -p "$pg/data" "$pg/home" && { [ "$(id -u)" -ne 0 ] || chown -R postgres "$pg"; }
  as_pg "$PG_BIN/initdb" -D "$pg/data" -U postgres -A trust >/dev/null 2>&1 || { echo "FAIL [live compose db] initdb failed"; return; }
  # Password checks for the shop's roles, as in the image (initdb's trust lines would skip them).
  sed -i '1i host replication dhakacart_dr 127.0.0.1/32 scram-sha-256\nhost all dhakacart 127.0.0.1/32 scram-sha-256\nhost all dhakacart_dr 127.0.0.1/32 scram-sha-256' "$pg/data/pg_hba.conf"
  as_pg "$PG_BIN/pg_ctl" -D "$pg/data" -l "$pg/log" -w start \
    -o "-p $port -k $pg -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=10 -c max_replication_slots=10" >/dev/null 2>&1 ||
    { echo "FAIL [live compose db] could not start PostgreSQL"; return; }
  COMPOSE_PG=$pg/data
  if ! as_pg env PGHOST="$pg" PGPORT="$port" PGDATA="$pg/data" POSTGRES_USER=postgres DHAKACART_DB_USER=dhakacart \
      DHAKACART_DB_NAME=dhakacart_db DHAKACART_DB_PASSWORD=app-check DHAKACART_DR_DB_PASSWORD="$dr_password" \
      bash "$DEPLOY/compose/db-init/10-dhakacart-roles.sh" >"$pg/init.log" 2>&1; then
    echo "FAIL [live compose db] db-init/10-dhakacart-roles.sh failed: $(grep -m1 ERROR "$pg/init.log")"; return
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$pg/data" reload >/dev/null 2>&1
  if [ "$(PGPASSWORD=app-check "$PSQL" -h 127.0.0.1 -p "$port" -U dhakacart -d dhakacart_db -Atc 'select current_user || current_database()' 2>&1)" = "dhakacartdhakacart_db" ]; then
    echo "PASS [live compose db] db-init creates role dhakacart and database dhakacart_db (runbook: psql -U dhakacart -d dhakacart_db)"
  else
    echo "FAIL [live compose db] role dhakacart cannot log in to dhakacart_db"
  fi
  DHAKACART_HOME=$pg/home DR_PG_HOST=127.0.0.1 DR_PG_PORT=$port DR_PG_USER=dhakacart_dr DR_PG_PASSWORD=$dr_password \
    DR_REPOSITORIES=file://$pg/home/backups DR_KEY=$("$PY" -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())') \
    DR_METRICS_PORT=$dr_port DR_SYNCHRONOUS=on REDIS_URL=redis://127.0.0.1:${REDIS_PORT:-6379} \
    "$JAVA" "${FAST_START[@]}" -jar "$DR_JAR" agent >"$pg/agent.log" 2>&1 &
  agent_pid=$!
  PIDS+=($agent_pid)
  deadline=$((SECONDS + START_TIMEOUT))
  metrics=""
  while [ $SECONDS -lt $deadline ] && kill -0 $agent_pid 2>/dev/null; do
    metrics=$("$PY" -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())' \
      "http://127.0.0.1:$dr_port/metrics" 2>/dev/null)
    grep -q '^dhakacart_dr_synchronous 1' <<<"$metrics" && grep -Eq '^dhakacart_dr_last_backup_timestamp_seconds [1-9]' <<<"$metrics" && break
    sleep 2
  done
  if grep -q '^dhakacart_dr_synchronous 1' <<<"$metrics" && grep -Eq '^dhakacart_dr_last_backup_timestamp_seconds [1-9]' <<<"$metrics"; then
    echo "PASS [live compose db] the DR agent, as the non-superuser dhakacart_dr, streams WAL synchronously and took a base backup"
  else
    echo "FAIL [live compose db] the DR agent as dhakacart_dr did not reach synchronous streaming and a base backup: $(grep -m1 -E 'ERROR|FATAL|failed' "$pg/agent.log" | cut -c1-200)"
  fi
  kill $agent_pid 2>/dev/null; wait $agent_pid 2>/dev/null
}
# The shop's processes are done with; free the CPU for the next check.
kill $API_PID $WEB_PID 2>/dev/null; wait $API_PID $WEB_PID 2>/dev/null
COMPOSE_PG=""
compose_db_check

if out=$("$JAVA" "${FAST_START[@]}" -jar "$DR_JAR" --help 2>&1) && grep -q 'agent' <<<"$out"; then
  echo "PASS [live dr] 'java -jar dr/target/dhakacart-dr-exec.jar --help' lists the agent command the images run"
else
  echo "FAIL [live dr] 'java -jar dr/target/dhakacart-dr-exec.jar --help' failed: $(head -n 1 <<<"$out" | cut -c1-200)"
fi
