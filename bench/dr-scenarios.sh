#!/usr/bin/env bash
# DR scenarios benchmark: the recovery time (RTO) of each of the runbook's five scenarios, on the whole shop
# as `./dhakacart up` runs it, first with the 15 sample products, then grown to ~1 GB (pgbench scale 70 in a
# second database of the same cluster). Baselines from the same run: the shop's own first start (for a
# crashed API, and for the new host) and a plain `pg_ctl` restart of the same cluster (for a crashed
# PostgreSQL). Uses its own DHAKACART_HOME (and a second, empty one for the new host) and loopback ports
# 22000-23999; stops and deletes everything it starts.
# Prints a markdown table (progress on stderr). Not part of ./dhakacart test.
#
#   bench/dr-scenarios.sh              # sample shop, then scale 70 (~1 GB)
#   SCALE=10 bench/dr-scenarios.sh     # quicker run (~150 MB)
#   SCALE=0 bench/dr-scenarios.sh      # the sample shop only
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
pick_java
PG_BIN=$(pg_bindir); export PG_BIN
SCALE=${SCALE:-70}
for jar in api/target/dhakacart-api-exec.jar storefront/target/dhakacart-storefront-exec.jar dr/target/dhakacart-dr-exec.jar; do
  [ -f "$ROOT/$jar" ] || die "build the jars first: ./dhakacart build"
done

export DHAKACART_SKIP_BUILD=1
HOME_DIR=$(mktemp -d /tmp/dhakacart-dr-scenarios.XXXXXX); chmod 755 "$HOME_DIR"
# The bench's own test orders all come from one phone number: the shop's per-phone limit (20 an hour) is
# not what is measured here (as in bench/shop-load.sh).
export DHAKACART_HOME=$HOME_DIR DR_DRILL_INTERVAL_HOURS=0 DHAKACART_RATELIMIT_ENABLED=false
export PG_PORT=$(free_port_from 22432) REDIS_PORT=$(free_port_from 22379)
export API_PORT=$(free_port_from 22000) WEB_PORT=$(free_port_from 22300) DR_METRICS_PORT=$(free_port_from 22464)
NEW_HOME=$(mktemp -d /tmp/dhakacart-dr-newhost.XXXXXX); chmod 755 "$NEW_HOME"
OFFSITE=$(mktemp -d /tmp/dhakacart-dr-offsite.XXXXXX)   # the repository copy and the key, kept apart
UP_PID="" NEW_UP_PID=""
cleanup() {
  [ -n "$NEW_UP_PID" ] && kill -TERM "$NEW_UP_PID" 2>/dev/null && wait "$NEW_UP_PID" 2>/dev/null
  [ -n "$UP_PID" ] && kill -TERM "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null
  for d in "$HOME_DIR"/side-* "$NEW_HOME/pg/data"; do
    [ -f "$d/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1
  done
  rm -rf "$HOME_DIR" "$NEW_HOME" "$OFFSITE"
}
trap cleanup EXIT
log() { printf '%s %s\n' "$(date -u +%T)" "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
until_true() { local deadline=$(( $(date +%s) + $1 )); shift; until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.2; done; }
api_ok() { curl -fsS -m 5 "http://127.0.0.1:$API_PORT/health" 2>/dev/null | grep -q '"database":"up"'; }
api_ready() { curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$API_PORT/health/ready" 2>/dev/null; }
psql_super() { as_pg psql -h "$HOME_DIR/run" -p "$PG_PORT" -U postgres -XqAt "$@"; }
shop_sql() { psql_super -d dhakacart_db -c "$1"; }
dr() { "$ROOT/dhakacart" dr "$@"; }
verified_backup() { dr list --json 2>/dev/null | grep -q '"verified" *: *true'; }
db_size() { psql_super -d postgres -c "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database"; }
order() { # prints the HTTP status of one test order ([API port]), for the product with the most stock left
  local port=${1:-$API_PORT} product
  # Always the same product would sell out over a long run (a 409 that is not a restore fault).
  product=$(curl -fsS -m 10 "http://127.0.0.1:$port/api/products?limit=100" 2>/dev/null \
    | jq -r '[.data[] | select(.stock > 0)] | max_by(.stock) | .id // empty')
  [ -n "$product" ] || { printf 'no product in stock'; return; }
  curl -s -m 60 -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/orders" -H 'Content-Type: application/json' \
    -d '{"customer_name":"Bench","customer_email":"bench@example.com","customer_phone":"01912345678","delivery_address":"Gulshan, Dhaka","items":[{"product_id":'"$product"',"quantity":1}]}'
}
utc() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

ROWS=()
row() { ROWS+=("| $* |"); log "| $* |"; }   # also on stderr at once: a long run stopped halfway keeps its figures

SHOP_START=$(utc)
t0=$(now)
"$ROOT/dhakacart" up >"$HOME_DIR/up.out" 2>&1 &
UP_PID=$!
until_true 900 grep -qs "DhakaCart is up" "$HOME_DIR/up.out" || { tail -20 "$HOME_DIR/up.out" >&2; die "up did not start"; }
FIRST_START=$(secs "$t0" "$(now)")
log "shop up in $FIRST_START s"
for i in $(seq 1 20); do order >/dev/null; done
until_true 600 verified_backup || die "no verified backup"

measure() { # LABEL: every scenario on the database as it is now
  local label=$1 size t0 t1 json rto rpo
  size=$(db_size)
  log "== $label ($size)"

  # Scenario 5: components killed with SIGKILL; up restarts them by itself.
  local old; old=$(cat "$HOME_DIR/run/api.pid"); t0=$(now); kill -KILL "$old"
  until_true 600 bash -c "[ \"\$(cat '$HOME_DIR/run/api.pid')\" != $old ]" && until_true 600 api_ready
  row "5 API crash (kill -9) -> API ready again | $label | $size | $(secs "$t0" "$(now)") s | first start of the whole shop: $FIRST_START s"
  old=$(head -1 "$HOME_DIR/pg/data/postmaster.pid"); t0=$(now); kill -KILL "$old"
  until_true 600 bash -c "p=\$(head -1 '$HOME_DIR/pg/data/postmaster.pid' 2>/dev/null); [ -n \"\$p\" ] && [ \"\$p\" != $old ]"
  until_true 600 api_ok
  t1=$(now)
  local pg_rto; pg_rto=$(secs "$t0" "$t1")
  t0=$(now); as_pg "$PG_BIN/pg_ctl" -D "$HOME_DIR/pg/data" -m fast -w restart >/dev/null 2>&1; until_true 120 api_ok
  row "5 PostgreSQL crash (kill -9) -> orders served again | $label | $size | $pg_rto s | plain pg_ctl restart + API reconnect: $(secs "$t0" "$(now)") s"

  # Scenario 1 rehearsed: the drill restores on a scratch instance and compares orders by content.
  json=$(dr drill --json 2>"$HOME_DIR/drill.err")
  rto=$(printf '%s' "$json" | jq -r '.scenarios[0].rtoSeconds')
  rpo=$(printf '%s' "$json" | jq -r '.scenarios[0].rpoOrders')
  row "1 drill (\`dr drill\`, scratch instance): restore time | $label | $size | ${rto} s, RPO $rpo orders, $(printf '%s' "$json" | jq -r 'if .success then "passed" else "FAILED" end') | -"
  if [ "$(printf '%s' "$json" | jq -r '.success')" != true ]; then   # why, while the evidence is still here
    log "the drill failed: $(printf '%s' "$json" | jq -c '[.. | objects | select(.passed == false or .error != null)] | .[0:3]' 2>/dev/null)"
    tail -15 "$HOME_DIR/drill.err" >&2
  fi

  # Scenario 3 (ransomware), the two steps an operator takes: find the damage in the archived WAL, then
  # restore to just before it beside the live shop. (RansomwareIT proves the damage is found and the copy
  # is clean; here only the time counts.)
  local segs; segs=$(dr list --json 2>/dev/null | jq -r '.wal.segments')
  t0=$(now)
  dr timeline --since "$SHOP_START" --json >"$HOME_DIR/timeline.json" 2>"$HOME_DIR/timeline.err" \
    || { tail -5 "$HOME_DIR/timeline.err" >&2; die "dr timeline failed"; }
  row "3 ransomware: \`dr timeline\` over the archived WAL ($segs segments since the shop started) | $label | $size | $(secs "$t0" "$(now)") s | -"
  local side="$HOME_DIR/side-$RANDOM" side_port; side_port=$(free_port_from 22600)
  t0=$(now)
  dr restore --to-time "$(utc)" --target-dir "$side" --port "$side_port" >"$HOME_DIR/side.out" 2>&1 \
    || { tail -20 "$HOME_DIR/side.out" >&2; die "restore beside the shop failed"; }
  row "3 ransomware: \`dr restore --to-time T --target-dir\` beside the live shop -> copy answers | $label | $size | $(secs "$t0" "$(now)") s | -"
  as_pg "$PG_BIN/pg_ctl" -D "$side" -m fast -w stop >/dev/null 2>&1; rm -rf "$side"

  # Scenario 4: ten orders deleted by mistake, new orders after, then undelete brings back exactly those.
  local ids t_before back
  ids=$(shop_sql "SELECT string_agg(quote_literal(id), ',') FROM (SELECT id FROM orders ORDER BY created_at LIMIT 10) o")
  t_before=$(utc); sleep 1
  shop_sql "DELETE FROM orders WHERE id IN ($ids)" >/dev/null
  [ "$(order)" = 201 ] || die "no order taken after the deletion"
  t0=$(now)
  dr undelete --table orders --where "id IN ($ids)" --to-time "$t_before" --json >"$HOME_DIR/undelete.json" 2>"$HOME_DIR/undelete.err" \
    || { tail -20 "$HOME_DIR/undelete.err" >&2; die "undelete failed"; }
  local took; took=$(secs "$t0" "$(now)")
  back=$(shop_sql "SELECT count(*) FROM orders WHERE id IN ($ids)")
  [ "$back" = 10 ] || die "undelete brought back $back of 10 orders"
  row "4 undelete: 10 orders deleted, newer orders kept -> \`dr undelete\` -> all 10 back | $label | $size | $took s | -"

  # Scenario 2: a new machine with only a copy of the repository and the key file (an empty home, its own
  # ports); restore, then up. RPO: orders in the live shop at the copy that the new shop does not have.
  local acked
  rm -rf "$NEW_HOME"/* "$NEW_HOME"/.[!.]* "$OFFSITE"/* 2>/dev/null
  acked=$(shop_sql "SELECT count(*) FROM orders")
  sleep 6   # one partial-WAL snapshot interval (5 s): what the off-site copy holds at best
  cp -a "$HOME_DIR/backups" "$OFFSITE/repository"; chmod 755 "$OFFSITE"
  mkdir -p "$OFFSITE/key"; cp "$HOME_DIR/keys/backup.key" "$OFFSITE/key/"
  local nh_env=(env DHAKACART_HOME="$NEW_HOME" DR_REPOSITORIES="file://$OFFSITE/repository" DR_KEY_FILE="$OFFSITE/key/backup.key"
    PG_PORT="$(free_port_from 23432)" REDIS_PORT="$(free_port_from 23379)" API_PORT="$(free_port_from 23000)"
    WEB_PORT="$(free_port_from 23300)" DR_METRICS_PORT="$(free_port_from 23464)")
  local new_api; new_api=$(printf '%s\n' "${nh_env[@]}" | sed -n 's/^API_PORT=//p')
  t0=$(now)
  "${nh_env[@]}" "$ROOT/dhakacart" dr restore --latest >"$HOME_DIR/newhost-restore.out" 2>&1 \
    || { tail -20 "$HOME_DIR/newhost-restore.out" >&2; die "new-host restore failed"; }
  local restored; restored=$(secs "$t0" "$(now)")
  "${nh_env[@]}" "$ROOT/dhakacart" up >"$HOME_DIR/newhost-up.out" 2>&1 &
  NEW_UP_PID=$!
  until_true 900 bash -c "grep -qs 'DhakaCart is up' '$HOME_DIR/newhost-up.out' || ! kill -0 $NEW_UP_PID 2>/dev/null"
  grep -qs "DhakaCart is up" "$HOME_DIR/newhost-up.out" || { tail -20 "$HOME_DIR/newhost-up.out" >&2; die "up on the new host did not start"; }
  local total; total=$(secs "$t0" "$(now)")
  local have; have=$(curl -fsS -m 10 "http://127.0.0.1:$new_api/health" >/dev/null && as_pg psql -h "$NEW_HOME/run" \
    -p "$(printf '%s\n' "${nh_env[@]}" | sed -n 's/^PG_PORT=//p')" -U postgres -XqAt -d dhakacart_db -c "SELECT count(*) FROM orders")
  [ "$(order "$new_api")" = 201 ] || die "the new host does not take orders"
  row "2 new host: empty home + repository copy + key -> \`dr restore --latest\` ($restored s) + \`up\` -> orders served | $label | $size | $total s, RPO $((acked - have)) orders | first start of the whole shop: $FIRST_START s"
  kill -TERM "$NEW_UP_PID" 2>/dev/null; wait "$NEW_UP_PID" 2>/dev/null; NEW_UP_PID=""

  # Scenario 1 for real: the data directory is deleted under the running shop; the operator restores.
  t0=$(now)
  kill -KILL "$(head -1 "$HOME_DIR/pg/data/postmaster.pid")"; rm -rf "$HOME_DIR/pg/data"
  until_true 120 grep -q "dr restore --latest" "$HOME_DIR/up.out"
  dr restore --latest >"$HOME_DIR/restore.out" 2>&1 || { tail -20 "$HOME_DIR/restore.out" >&2; die "restore failed"; }
  until_true 600 api_ok
  row "1 database loss: data directory deleted -> \`dr restore --latest\` -> orders served | $label | $size | $(secs "$t0" "$(now)") s | -"
  order_taken() { [ "$(order)" = 201 ]; }
  until_true 300 order_taken || die "the restored shop does not take orders (last answer: HTTP $(order))"
  until_true 600 verified_backup   # the new timeline's base backup, for the next round
}

measure "sample shop (15 products)"
[ "$SCALE" = 0 ] && log "SCALE=0: the grown round skipped"

if [ "$SCALE" != 0 ]; then
log "loading pgbench scale $SCALE into database filler"
psql_super -d postgres -c "CREATE DATABASE filler"
as_pg "$PG_BIN/pgbench" -h "$HOME_DIR/run" -p "$PG_PORT" -U postgres -i -s "$SCALE" -q filler >/dev/null 2>&1 || die "pgbench -i failed"
psql_super -d postgres -c "CHECKPOINT"
log "new base backup of the grown database"
dr backup >"$HOME_DIR/backup.out" 2>&1 || { tail -20 "$HOME_DIR/backup.out" >&2; die "backup failed"; }
measure "grown (pgbench scale $SCALE)"
fi

cat <<TABLE
Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores shared with other busy build agents (load average
$(cut -d' ' -f1-3 /proc/loadavg)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, one local disk. One run each.

| scenario | database | size | RTO | baseline (same run) |
|---|---|---|---|---|
$(printf '%s\n' "${ROWS[@]}")
TABLE
