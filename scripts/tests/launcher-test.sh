#!/usr/bin/env bash
# End-to-end test of the launcher, as a newcomer uses it: `./dhakacart up` on an empty home lists the
# 15 sample products, an order survives a restart, `status --json` finds every process, and after the
# database directory is lost `up` refuses to start empty. Runs the real jars, PostgreSQL and Redis on
# free loopback ports; stops everything it starts. Needs the jars built (./dhakacart build).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib.sh"

passed=0; failed=0
check() { # NAME COMMAND...
  local name=$1; shift
  if "$@"; then say "PASS $name"; passed=$((passed + 1)); else say "FAIL $name"; failed=$((failed + 1)); fi
}

# The suite built the jars just before this runs; never rebuild in the middle of a test.
export DHAKACART_SKIP_BUILD=1
HOME_DIR=$(mktemp -d /tmp/dhakacart-launcher.XXXXXX); chmod 755 "$HOME_DIR"
export DHAKACART_HOME=$HOME_DIR
# Below the kernel's ephemeral range (32768+): there, any outgoing connection of the test itself may take
# the port as its source port between our check and the server's bind.
export PG_PORT=$(free_port_from 15432) REDIS_PORT=$(free_port_from 16379)
export API_PORT=$(free_port_from 15000) WEB_PORT=$(free_port_from 13000) DR_METRICS_PORT=$(free_port_from 19464)
UP_PID=""
cleanup() {
  [ -n "$UP_PID" ] && kill -TERM "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

STARTS=0
start_up() {
  STARTS=$((STARTS + 1))
  local out=$HOME_DIR/up-$STARTS.out
  "$ROOT/dhakacart" up >"$out" 2>&1 &
  UP_PID=$!
  local i
  for i in $(seq 1 900); do
    grep -q "DhakaCart is up" "$out" 2>/dev/null && return 0
    kill -0 "$UP_PID" 2>/dev/null || { cat "$out"; show_logs; return 1; }
    sleep 0.2
  done
  cat "$out"; show_logs; return 1
}
show_logs() { # what a failed start left behind, before cleanup deletes it
  local log
  for log in "$HOME_DIR"/logs/*.log; do
    [ -f "$log" ] || continue
    say "--- last lines of $log"; tail -n 25 "$log" | cut -c1-400
  done
}
stop_up() { kill -TERM "$UP_PID"; wait "$UP_PID"; local rc=$?; UP_PID=""; return $rc; }

api() { curl -fsS "http://127.0.0.1:$API_PORT$1"; }
count_products() { api /api/products | grep -o '"id":' | wc -l; }

check "up starts the shop on an empty home" start_up
check "the API lists the 15 sample products" test "$(count_products)" -eq 15
check "health is OK with database and redis up" bash -c "curl -fsS http://127.0.0.1:$API_PORT/health | grep -q '\"status\":\"OK\"'"

ORDER=$(curl -fsS -X POST "http://127.0.0.1:$API_PORT/api/orders" -H 'Content-Type: application/json' \
  -d '{"customer_name":"Karim","customer_email":"karim@example.com","customer_phone":"01812345678","delivery_address":"Mirpur 10, Dhaka","items":[{"product_id":7,"quantity":2}]}')
ORDER_ID=$(printf '%s' "$ORDER" | sed -n 's/.*"id":"\(DC[0-9A-Z]*\)".*/\1/p')
TOKEN=$(printf '%s' "$ORDER" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
check "an order is placed" test -n "$ORDER_ID"

STATUS=$("$ROOT/dhakacart" status --json)
check "status --json lists postgres, redis and api as running" bash -c "
  echo '$STATUS' | grep -q '\"name\":\"postgres\",\"state\":\"running\"' &&
  echo '$STATUS' | grep -q '\"name\":\"redis\",\"state\":\"running\"' &&
  echo '$STATUS' | grep -q '\"name\":\"api\",\"state\":\"running\"'"

check "status (text) shows one line per component" bash -c "[ \$('$ROOT/dhakacart' status | grep -cE '^(postgres|redis|api|storefront|dr-agent) +running') -eq 5 ]"
check "Ctrl-C (SIGTERM) stops everything cleanly" stop_up
check "no process is left listening on the API port" bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$API_PORT) 2>/dev/null"

check "up starts again on the same home" start_up
check "the order placed before the restart is still there" bash -c "curl -fsS 'http://127.0.0.1:$API_PORT/api/orders/$ORDER_ID?token=$TOKEN' | grep -q '$ORDER_ID'"
check "the sample catalog was not loaded twice" test "$(count_products)" -eq 15

# --- Runbook scenario 1, complete database loss, through the operator's commands ----------------------
await_backup() {
  local i
  for i in $(seq 1 300); do
    "$ROOT/dhakacart" dr list --json 2>/dev/null | grep -q '"verified" *: *true' && return 0
    sleep 1
  done
  "$ROOT/dhakacart" dr list 2>&1 | tail -5; return 1
}
check "the DR agent took a first base backup by itself" await_backup

# --- Start-up cache (scripts/lib.sh, "Fast JVM start"): made in the background, used, never fatal -------------
pick_java
# The cache is keyed by JAVA_OPTS: the launcher's own default, read from it rather than copied here.
JAVA_OPTS=${JAVA_OPTS:-$(sed -n 's/^JAVA_OPTS=\${JAVA_OPTS:-\(.*\)}$/\1/p' "$ROOT/dhakacart")}
[ -n "$JAVA_OPTS" ] || { echo "FAIL could not read the launcher's default JAVA_OPTS from $ROOT/dhakacart"; exit 1; }
API_JAR=$ROOT/api/target/dhakacart-api-exec.jar WEB_JAR=$ROOT/storefront/target/dhakacart-storefront-exec.jar
DR_JAR=$ROOT/dr/target/dhakacart-dr-exec.jar
caches_usable() { # the JVM maps the three caches with -XX:AOTMode=on (or -Xshare:on): made, complete, for these jars
  local i
  for i in $(seq 1 300); do
    startup_cache_usable "$API_JAR" && startup_cache_usable "$WEB_JAR" && JAVA_OPTS="${DR_JAVA_OPTS[*]}" startup_cache_usable "$DR_JAR" && return 0
    sleep 1
  done
  tail -n 5 "$HOME_DIR/logs/startup-cache.log"; return 1
}
check "up made a usable start-up cache for the API, the storefront and the DR tool in the background" caches_usable
dr_runs_on_its_cache() { # the tool's own main class came out of the cache (not the jar), and it worked
  local out; out=$(JDK_JAVA_OPTIONS=-Xlog:class+load=info "$ROOT/dhakacart" dr list 2>&1)
  grep -q "com.dhakacart.dr.cli.DrMain source: shared objects file" <<<"$out" && grep -q "recoverable window" <<<"$out"
}
check "dhakacart dr runs on that cache (a restore starts sooner)" dr_runs_on_its_cache
started_with_cache() { # NAME: its running JVM was given the cache file
  tr '\0' '\n' <"/proc/$(cat "$HOME_DIR/run/$1.pid")/cmdline" | grep -qE '^-XX:(AOTCache|SharedArchiveFile)='
}
cache_complaints() { # LOG FROM_LINE: the JVM's own lines about a cache it could not use
  tail -n +"$2" "$1" | grep -cE '\]\[(aot|cds) *\].*(error|not a valid|bad magic|truncated|mismatch)' || true
}

ACKED=$HOME_DIR/acknowledged
: >"$ACKED"
buy() { # one order from a new buyer (a phone number of their own: the shop allows 20 orders a phone an hour); on 201 record its id and token
  local out phone
  phone=$(printf '0192%07d' $(( (RANDOM * 32768 + RANDOM) % 10000000 )))
  out=$(curl -s -m 10 -w '\n%{http_code}' -X POST "http://127.0.0.1:$API_PORT/api/orders" -H 'Content-Type: application/json' \
    -d '{"customer_name":"Eid Buyer","customer_email":"eid@example.com","customer_phone":"'"$phone"'","delivery_address":"Uttara, Dhaka","items":[{"product_id":9,"quantity":1}]}')
  [ "$(printf '%s' "$out" | tail -1)" = 201 ] || return 1
  printf '%s' "$out" | sed -n 's/.*"id":"\(DC[0-9A-Z]*\)".*"access_token":"\([^"]*\)".*/\1 \2/p' >>"$ACKED"
}
( while buy; do :; done ) &
BUYER=$!
sleep 5
CRASH_AT=$(date +%s.%N)
kill -KILL "$(head -1 "$HOME_DIR/pg/data/postmaster.pid")"
rm -rf "$HOME_DIR/pg/data"
wait "$BUYER" 2>/dev/null
say "orders acknowledged (201) before the crash: $(wc -l <"$ACKED")"
stop_up

check "after losing the database directory, up refuses to create an empty one" \
  bash -c "! '$ROOT/dhakacart' up >'$HOME_DIR/refused.out' 2>&1 && grep -q 'dr restore --latest' '$HOME_DIR/refused.out'"
# Lost with its marker too: only the DR tool (`dr list --json`) can tell that this install had data.
mv "$HOME_DIR/pg/.created" "$HOME_DIR/created.bak"
check "without its marker too, up asks the DR tool, finds the backups and still refuses" \
  bash -c "! '$ROOT/dhakacart' up >'$HOME_DIR/refused-2.out' 2>&1 && grep -q 'dr restore --latest' '$HOME_DIR/refused-2.out'"
mv "$HOME_DIR/created.bak" "$HOME_DIR/pg/.created"
check "dr restore --latest brings the database back" bash -c "'$ROOT/dhakacart' dr restore --latest >'$HOME_DIR/restore.out' 2>&1 || { tail -20 '$HOME_DIR/restore.out'; false; }"
# A cache file gone bad (here: garbage of the right name) must cost speed, never the start.
head -c 4000000 /dev/urandom >"$(startup_cache_file "$(startup_dir "$API_JAR")")"
API_LOG_FROM=$(($(wc -l <"$HOME_DIR/logs/api.log") + 1)) WEB_LOG_FROM=$(($(wc -l <"$HOME_DIR/logs/storefront.log") + 1))
check "up starts the shop on the restored database (with a corrupted API start-up cache)" start_up
RECOVERED_AT=$(date +%s.%N)
api_refused_bad_cache() { started_with_cache api && [ "$(cache_complaints "$HOME_DIR/logs/api.log" "$API_LOG_FROM")" -gt 0 ]; }
web_used_good_cache() { started_with_cache storefront && [ "$(cache_complaints "$HOME_DIR/logs/storefront.log" "$WEB_LOG_FROM")" -eq 0 ]; }
check "the API was offered the corrupted cache, said so in its log, and started without it" api_refused_bad_cache
check "the storefront started with its good cache, without a complaint" web_used_good_cache
lost=0
while read -r id token; do
  curl -fsS "http://127.0.0.1:$API_PORT/api/orders/$id?token=$token" >/dev/null 2>&1 || lost=$((lost + 1))
done <"$ACKED"
say "scenario 1: RTO $(awk "BEGIN{printf \"%.1f\", $RECOVERED_AT - $CRASH_AT}") s (crash -> shop healthy, including the operator's commands), RPO $lost of $(wc -l <"$ACKED") acknowledged orders lost"
check "every order acknowledged before the crash is present (RPO = 0)" test "$lost" -eq 0
check "the restored shop takes new orders" buy
check "the corrupted cache was replaced by a usable one in the background" caches_usable
stop_up

say "launcher: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
