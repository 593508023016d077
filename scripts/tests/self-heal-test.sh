#!/usr/bin/env bash
# Runbook scenario 5 (component failure), end to end: under `./dhakacart up`, while a buyer places orders
# the whole time, each component in turn (API, storefront, Redis, DR agent, PostgreSQL) is killed with
# SIGKILL and must come back by itself, each restart counted by `status`. Then PostgreSQL's data directory
# is deleted: the launcher must not restart it in a loop but name `dr restore --latest`, keep the rest
# running (API 503, storefront and Redis up) and adopt the restored server. At the end every order the
# buyer saw acknowledged (201) is in the database with the same total. Real jars, PostgreSQL and Redis on
# fixed loopback ports 21000-21999 (apart from launcher-test.sh's); stops everything it starts.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib.sh"
PG_BIN=$(pg_bindir)

passed=0; failed=0
check() { # NAME COMMAND...
  local name=$1; shift
  if "$@"; then say "PASS $name"; passed=$((passed + 1)); else say "FAIL $name"; failed=$((failed + 1)); fi
}

export DHAKACART_SKIP_BUILD=1
HOME_DIR=$(mktemp -d /tmp/dhakacart-selfheal.XXXXXX); chmod 755 "$HOME_DIR"
export DHAKACART_HOME=$HOME_DIR
export PG_PORT=$(free_port_from 21432) REDIS_PORT=$(free_port_from 21379)
export API_PORT=$(free_port_from 21000) WEB_PORT=$(free_port_from 21300) DR_METRICS_PORT=$(free_port_from 21464)
# The scheduled drill would start a scratch cluster in the middle of the kills; it has its own tests.
export DR_DRILL_INTERVAL_HOURS=0
UP_PID="" BUYER=""
OUT=$HOME_DIR/up.out
cleanup() {
  [ -n "$BUYER" ] && kill "$BUYER" 2>/dev/null
  [ -n "$UP_PID" ] && kill -TERM "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

show_logs() {
  local log
  for log in "$OUT" "$HOME_DIR"/logs/*.log; do
    [ -f "$log" ] || continue
    say "--- last lines of $log"; tail -n 20 "$log" | cut -c1-300
  done
}
start_up() {
  "$ROOT/dhakacart" up >"$OUT" 2>&1 &
  UP_PID=$!
  local i
  for i in $(seq 1 3000); do   # at most 10 min: a shared, busy machine can take minutes to start two JVMs
    grep -q "DhakaCart is up" "$OUT" 2>/dev/null && return 0
    kill -0 "$UP_PID" 2>/dev/null || { show_logs; return 1; }
    sleep 0.2
  done
  show_logs; return 1
}
until_true() { # SECONDS COMMAND...: polls every 0.5 s
  local deadline=$(( $(date +%s) + $1 )); shift
  while [ "$(date +%s)" -lt "$deadline" ]; do "$@" && return 0; sleep 0.5; done
  "$@"
}
http_status() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1"; }

check "up starts the shop" start_up
[ "$failed" -eq 0 ] || exit 1

# --- the buyer: orders all the time; records what the shop acknowledged ----------------------------------
ACKED=$HOME_DIR/acknowledged
: >"$ACKED"
buyer() {
  local n=0 out
  while [ ! -f "$HOME_DIR/stop-buying" ]; do
    n=$((n + 1))
    out=$(curl -s -m 10 -w '\n%{http_code}' -X POST "http://127.0.0.1:$API_PORT/api/orders" -H 'Content-Type: application/json' \
      -d "{\"customer_name\":\"Buyer $n\",\"customer_email\":\"buyer$n@example.com\",\"customer_phone\":\"0191$(printf %07d "$n")\",\"delivery_address\":\"Uttara, Dhaka\",\"items\":[{\"product_id\":$((n % 15 + 1)),\"quantity\":1}]}")
    if [ "$(printf '%s' "$out" | tail -1)" = 201 ]; then
      printf '%s' "$out" | head -1 | jq -r '.order | "\(.id) \(.total_amount)"' >>"$ACKED"
    else
      sleep 0.3   # down or restarting: try again, as a shopper would
    fi
  done
}
buyer &
BUYER=$!
acked() { wc -l <"$ACKED"; }
more_orders_since() { [ "$(acked)" -gt "$1" ]; }
check "the buyer gets orders acknowledged" until_true 120 more_orders_since 0

pid_of() { # NAME: the pid the launcher supervises now
  if [ "$1" = postgres ]; then pg_pid "$HOME_DIR/pg/data" 2>/dev/null; else cat "$HOME_DIR/run/$1.pid" 2>/dev/null; fi
}
new_pid_running() { # NAME OLD_PID
  local pid; pid=$(pid_of "$1")
  [ -n "$pid" ] && [ "$pid" != "$2" ] && kill -0 "$pid" 2>/dev/null
}
serves() { # NAME: the component does its job again
  case $1 in
    api|postgres) curl -fsS -m 5 "http://127.0.0.1:$API_PORT/health" 2>/dev/null | grep -q '"database":"up"' ;;
    storefront) [ "$(http_status "http://127.0.0.1:$WEB_PORT/")" = 200 ] ;;
    redis) curl -fsS -m 5 "http://127.0.0.1:$API_PORT/health" 2>/dev/null | grep -q '"redis":"up"' ;;
    dr-agent) curl -fsS -m 5 "http://127.0.0.1:$DR_METRICS_PORT/metrics" 2>/dev/null | grep -q '^dhakacart_dr_synchronous 1' ;;
  esac
}
comes_back() { # NAME OLD_PID
  until_true 600 new_pid_running "$1" "$2" && until_true 600 serves "$1" \
    || { say "  $1 did not come back"; show_logs; return 1; }
}
restarted_once_in_status() {
  "$ROOT/dhakacart" status --json | jq -e --arg n "$1" \
    '.components[] | select(.name == $n and .state == "running" and .restarts == 1 and .last_restart != null)' >/dev/null
}

for name in api storefront redis dr-agent postgres; do
  before=$(acked)
  old=$(pid_of "$name")
  kill -KILL "$old"
  check "$name comes back by itself after kill -9" comes_back "$name" "$old"
  # The launcher records a restart once the start command returns, which may be just after it serves.
  check "status shows $name restarted once, with the time" until_true 30 restarted_once_in_status "$name"
  check "orders are acknowledged again after the $name crash" until_true 180 more_orders_since "$before"
done
# A loaded machine may crash a JVM once more on its own: at least one restart each, every one logged.
check "status (text) names the restarts" bash -c "'$ROOT/dhakacart' status | grep -E '^api +running' | grep -qE 'restarted [0-9]+×'"
check "each restart is in logs/supervisor.log" bash -c "[ \$(grep -c ' restarted (pid' '$HOME_DIR/logs/supervisor.log') -ge 5 ]"

# --- PostgreSQL that cannot come back: its data directory is gone -----------------------------------------
verified_backup() { "$ROOT/dhakacart" dr list --json 2>/dev/null | grep -q '"verified" *: *true'; }
check "the DR agent has a verified base backup" until_true 240 verified_backup
check "commits are synchronous again (zero-loss mode)" until_true 180 serves dr-agent
kill -KILL "$(pid_of postgres)"; rm -rf "$HOME_DIR/pg/data"
says_restore() { grep -q "PostgreSQL will not come back.*dr restore --latest" "$OUT"; }
check "the launcher says to run 'dr restore --latest'" until_true 120 says_restore
api_503() { [ "$(http_status "http://127.0.0.1:$API_PORT/health")" = 503 ]; }
check "the API stays up and answers 503 meanwhile" until_true 120 api_503
sleep 5   # long enough for a restart loop to show itself
check "PostgreSQL is not restarted in a loop" bash -c "[ \$(grep -c 'postgres restarted' '$HOME_DIR/logs/supervisor.log') -eq 1 ] && [ ! -e '$HOME_DIR/pg/data/PG_VERSION' ]"
check "status says PostgreSQL is lost and what to run" bash -c "'$ROOT/dhakacart' status | grep -q 'dr restore --latest'"
check "the storefront and Redis keep running" bash -c "kill -0 \$(cat '$HOME_DIR/run/storefront.pid') && REDISCLI_AUTH=\$(cat '$HOME_DIR/secrets/redis-password') redis-cli -p $REDIS_PORT ping | grep -q PONG"
check "dr restore --latest restores while up runs" bash -c "'$ROOT/dhakacart' dr restore --latest >'$HOME_DIR/restore.out' 2>&1 || { tail -20 '$HOME_DIR/restore.out'; false; }"
check "the launcher adopts the restored server and the API serves again" until_true 600 serves postgres
before=$(acked)
check "orders are acknowledged after the restore" until_true 180 more_orders_since "$before"

# --- no acknowledged order is lost: ids and totals, compared with the database --------------------------------
touch "$HOME_DIR/stop-buying"; wait "$BUYER"; BUYER=""
# Over TCP with the launcher's password: a restore may set the socket directory its own way.
PGPASSWORD=$(cat "$HOME_DIR/secrets/pg-password") psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d dhakacart_db -qAt -F ' ' \
  -c "SELECT id, total_amount FROM orders" | awk '{ printf "%s %.2f\n", $1, $2 }' | sort >"$HOME_DIR/in-database"
# JSON numbers lose trailing zeros (13999.00 -> 13999): compare totals as amounts with two decimals.
awk '{ printf "%s %.2f\n", $1, $2 }' "$ACKED" | sort >"$HOME_DIR/acknowledged.sorted"
missing=$(comm -23 "$HOME_DIR/acknowledged.sorted" "$HOME_DIR/in-database" | wc -l)
say "self-heal: $(acked) orders acknowledged across 6 crashes; $missing missing or changed in the database"
if [ "$missing" -gt 0 ]; then   # show both sides, so a format mismatch is told apart from a loss
  say "  acknowledged (first 3):"; head -3 "$HOME_DIR/acknowledged.sorted"
  say "  in the database (first 3 of $(wc -l <"$HOME_DIR/in-database")):"; head -3 "$HOME_DIR/in-database"
fi
check "every acknowledged order is in the database with its total" test "$missing" -eq 0
check "the buyer's orders were really counted" test "$(acked)" -ge 10

kill -TERM "$UP_PID"; wait "$UP_PID"; rc=$?; UP_PID=""
check "Ctrl-C still stops everything cleanly" test "$rc" -eq 0
say "self-heal: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
