#!/usr/bin/env bash
# Benchmark: the whole shop under Eid-sale load on 127.0.0.1, beside the limits measured in the same run.
#
#   nginx serving the same catalog bytes        vs  GET /api/products, /api/products/{id}  (64, 256 connections)
#   pgbench: one-row stock UPDATE, same          vs  POST /api/orders for ONE hot product   (64, 256)
#     synchronous WAL receiver (the DR agent's)
#   storefront /, /products/{id} without a cookie, / with a cart session                    (64)
#   mixed: 32 connections ordering + 64 browsing the catalog at the same time
#
# It starts its own shop (./dhakacart up, synchronous WAL streaming by the DR agent) under a scratch
# DHAKACART_HOME on free ports, rate limits off, and stops it at the end. Afterwards it checks that every
# order answered 201 is in the database (0 lost), that no Idempotency-Key made two orders (0 duplicated)
# and that the stock taken equals the quantities ordered (0 oversold), and writes the table into
# docs/benchmarks.md between the shop-load markers. Installs wrk, nginx and PostgreSQL's client tools.
#
#   bench/shop-load.sh                 # 10 s per run (about 10 minutes in all with the warm-ups, plus the build)
#   SECONDS_PER_RUN=5 bench/shop-load.sh
# Bounded: every wrk run has a fixed duration and the whole script stops itself after 30 minutes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
RUN=${SECONDS_PER_RUN:-10}
WORK=$(mktemp -d /tmp/dhakacart-shop-load.XXXXXX)
chmod 755 "$WORK"
REPORT=$WORK/report.md

ensure_packages "wrk:wrk" "nginx:nginx" "curl:curl" "pgbench:postgresql-contrib" "psql:postgresql-client"
pick_java

# Bounded: whatever happens, stop after 30 minutes.
( sleep 1800; echo "shop-load: 30 minute limit reached, stopping" >&2; kill -TERM $$ ) &
WATCHDOG=$!

SHOP_HOME=$WORK/shop
API_PORT=$(free_port_from 21000); WEB_PORT=$(free_port_from $((API_PORT + 1)))
PG_PORT=$(free_port_from $((WEB_PORT + 1))); REDIS_PORT=$(free_port_from $((PG_PORT + 1)))
DR_METRICS_PORT=$(free_port_from $((REDIS_PORT + 1))); NGINX_PORT=$(free_port_from $((DR_METRICS_PORT + 1)))
UP_PID=""; NGINX_PID=""; SAMPLER=""
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  if [ -n "$UP_PID" ] && kill -0 "$UP_PID" 2>/dev/null; then
    kill -TERM "$UP_PID"; for _ in $(seq 1 300); do kill -0 "$UP_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  kill "$WATCHDOG" 2>/dev/null || true
}
trap cleanup EXIT

say "shop-load: starting a scratch shop in $SHOP_HOME (API :$API_PORT, storefront :$WEB_PORT, PostgreSQL :$PG_PORT)"
(cd "$ROOT" && DHAKACART_HOME=$SHOP_HOME API_PORT=$API_PORT WEB_PORT=$WEB_PORT PG_PORT=$PG_PORT REDIS_PORT=$REDIS_PORT \
  DR_METRICS_PORT=$DR_METRICS_PORT DHAKACART_RATELIMIT_ENABLED=false exec ./dhakacart up >"$WORK/up.log" 2>&1) &
UP_PID=$!
for i in $(seq 1 600); do
  grep -q "DhakaCart is up" "$WORK/up.log" && break
  kill -0 "$UP_PID" 2>/dev/null || { tail -20 "$WORK/up.log" >&2; die "the shop did not start; see $WORK/up.log"; }
  sleep 1
done
grep -q "DhakaCart is up" "$WORK/up.log" || die "the shop did not start within 10 minutes; see $WORK/up.log"

psql_shop() { runuser -u postgres -- psql -h "$SHOP_HOME/run" -p "$PG_PORT" -U postgres -d "${DB:-dhakacart_db}" -qAt -v ON_ERROR_STOP=1 "$@"; }
# The DR agent's pg_receivewal must be the synchronous standby, or the checkout figures would not mean RPO 0.
for i in $(seq 1 120); do
  [ "$(psql_shop -c "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")" = 1 ] && break
  sleep 1
done
[ "$(psql_shop -c "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")" = 1 ] \
  || die "no synchronous WAL receiver after 2 minutes; see $SHOP_HOME/logs/dr-agent.log"
SYNC_NAMES=$(psql_shop -c "SHOW synchronous_standby_names")
say "shop-load: synchronous commit to '$SYNC_NAMES' (the DR agent's pg_receivewal)"

API=http://127.0.0.1:$API_PORT
WEB=http://127.0.0.1:$WEB_PORT
API_PID=$(cat "$SHOP_HOME/run/api.pid")
# The hot product: the first sample product, with stock for any run length.
HOT=$(psql_shop -c "SELECT min(id) FROM products")
PRICE=$(psql_shop -c "SELECT price FROM products WHERE id = $HOT")
psql_shop -c "UPDATE products SET stock = 100000000 WHERE id = $HOT"

# nginx beside the API: the same catalog bytes from a file.
mkdir -p "$WORK/nginx/html/api" "$WORK/nginx/logs"
curl -fsS "$API/api/products" >"$WORK/nginx/html/api/products"
curl -fsS "$API/api/products/$HOT" >"$WORK/nginx/html/api/product"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/html;
    location / { default_type application/json; }
  }
}
EOF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
for i in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/api/products" 2>/dev/null && break; sleep 0.1; done

# API resident memory, sampled every 0.5 s for the whole run; the peak goes into the table.
( while kill -0 "$API_PID" 2>/dev/null; do ps -o rss= -p "$API_PID" >>"$WORK/api-rss.kb" 2>/dev/null || true; sleep 0.5; done ) &
SAMPLER=$!

# A cart session for the storefront: add one product through the real form (with its CSRF token).
curl -fsS -c "$WORK/jar" "$WEB/products/$HOT" >"$WORK/product.html"
CSRF=$(grep -o 'name="_csrf" value="[^"]*"' "$WORK/product.html" | head -1 | sed 's/.*value="//; s/"$//')
curl -fsS -b "$WORK/jar" -c "$WORK/jar" -o /dev/null -d "productId=$HOT&quantity=1&_csrf=$CSRF" "$WEB/cart/items"
SESSION_COOKIE=$(awk '$6 == "DHAKACART_SESSION" {print $6 "=" $7}' "$WORK/jar")
[ -n "$SESSION_COOKIE" ] || die "could not get a storefront cart session"

# The order payload (the original client's), a unique Idempotency-Key per request, and every 201's order id
# written to a file per thread so the database can be checked against what the clients were told.
cat >"$WORK/order.lua" <<EOF
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  ids = io.open("$WORK/ids-" .. args[1] .. "-" .. tid, "w")
  ids:setvbuf("line")
  n = 0
  prefix = args[1] .. "-" .. tid .. "-"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"customer_name":"Rahim Uddin","customer_email":"rahim@example.com","customer_phone":"01712345678",'
    .. '"delivery_address":"House 12, Road 5, Dhanmondi, Dhaka","total_amount":$PRICE,'
    .. '"items":[{"product_id":$HOT,"quantity":1,"price":$PRICE}]}'
end
function request()
  n = n + 1
  wrk.headers["Idempotency-Key"] = prefix .. n
  return wrk.format()
end
function response(status, headers, body)
  if status == 201 then
    ids:write((string.match(body, '"id":"(DC%w+)"') or "?"), "\n")
  end
end
EOF

# bench LABEL CONNECTIONS URL [wrk options]: one run; prints "req/s p50 p99 non2xx" and keeps the output.
# The label is also the order script's argument (its Idempotency-Key prefix and ids file).
bench() {
  local label=$1 conns=$2 url=$3; shift 3
  wrk -t2 -c"$conns" -d"${RUN}s" --timeout 10s --latency "$@" "$url" "$label" >"$WORK/$label.out" 2>&1 || true
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {printf "%d", $2}' "$WORK/$label.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$label.out")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$label.out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/$label.out"); non2xx=${non2xx:-0}
  echo "${rps:-0} ${p50:-?} ${p99:-?} $non2xx"
}
warm() { wrk -t2 -c16 -d3s "$@" >/dev/null 2>&1 || true; }
# A fresh JVM on two shared cores serves its first tens of seconds at a small fraction of its speed while
# C1/C2 compile the request path (measured: 40 req/s at 6 s, 3,100 req/s at 60 s on a loaded machine).
# The 3 s warm-up above measured that, not the shop. So: 5 s runs at the measured concurrency until two
# in a row agree within 15 %, after at least WARM_MIN seconds (30: two slow runs early on can agree too),
# at most WARM_MAX seconds (120).
warm_until_steady() {
  local last=0 now spent=0
  while [ "$spent" -lt "${WARM_MAX:-120}" ]; do
    now=$(wrk -t2 -c64 -d5s "$@" 2>/dev/null | awk '/^Requests\/sec/ {printf "%d", $2}')
    now=${now:-0}; spent=$((spent + 5))
    [ "$spent" -ge "${WARM_MIN:-30}" ] && [ "$last" -gt 0 ] && [ $((now * 100)) -ge $((last * 85)) ] && [ $((now * 100)) -le $((last * 115)) ] && break
    last=$now
  done
  say "shop-load: warm after ${spent} s at ${now} req/s: $*"
}
row() { printf '| %s | %s | %s | p50 %s, p99 %s |%s\n' "$1" "$2" "$3" "$4" "$5" "${6:- |}" >>"$REPORT"; }

# The DR agent's first base backup and its start-up restore drill (a scratch PostgreSQL) take a core for
# tens of seconds right after start; measuring beside them measured the drill. Wait for the drill's verdict.
for i in $(seq 1 240); do
  grep -Eiq "restore drill (passed|failed|could not run)" "$SHOP_HOME/logs/dr-agent.log" 2>/dev/null && break
  sleep 1
done
say "shop-load: DR agent's start-up drill: $(grep -Eio "restore drill (passed|failed|could not run).*" "$SHOP_HOME/logs/dr-agent.log" | tail -1 | cut -c1-120)"

say "shop-load: warming up"
warm "$API/api/products"; warm "$API/api/products/$HOT"; warm "$WEB/"; warm "$WEB/products/$HOT"
warm -s "$WORK/order.lua" "$API/api/orders" warmup
# What this script measured before (3 s warm-up only): kept as a row so the effect of warming shows in one run.
read -r COLD_R COLD_P50 COLD_P99 COLD_BAD < <(bench api-list-cold 64 "$API/api/products")
warm_until_steady "$API/api/products"; warm_until_steady "$API/api/products/$HOT"

: >"$REPORT"
echo "| what | connections | throughput | latency | |" >>"$REPORT"
echo "|---|---|---|---|---|" >>"$REPORT"
for c in 64 256; do
  read -r r p50 p99 _ < <(bench nginx-list-$c $c "http://127.0.0.1:$NGINX_PORT/api/products")
  row "nginx, same catalog bytes (limit)" $c "$r req/s" "$p50" "$p99"
  read -r r p50 p99 bad < <(bench api-list-$c $c "$API/api/products")
  row "API GET /api/products" $c "$r req/s" "$p50" "$p99" " non-2xx: $bad |"
  [ "$c" = 64 ] && row "same, JVM still warming (after the old 3 s warm-up only)" 64 "$COLD_R req/s" "$COLD_P50" "$COLD_P99" " non-2xx: $COLD_BAD |"
  read -r r p50 p99 bad < <(bench api-product-$c $c "$API/api/products/$HOT")
  row "API GET /api/products/{id}" $c "$r req/s" "$p50" "$p99" " non-2xx: $bad |"
done
SOLO_CATALOG=$(awk '/^Requests\/sec/ {printf "%d", $2}' "$WORK/api-list-64.out")

# Anonymous pages come from the storefront's page cache; a shopper with a cart gets a page rendered for
# them, so that path is warmed on its own.
warm_until_steady "$WEB/"; warm_until_steady "$WEB/products/$HOT"; warm_until_steady "$WEB/" -H "Cookie: $SESSION_COOKIE"
read -r r p50 p99 bad < <(bench web-catalog-anon 64 "$WEB/")
row "storefront / (no cookie)" 64 "$r req/s" "$p50" "$p99" " non-2xx: $bad |"
# up generated the Redis password; redis-cli reads it from REDISCLI_AUTH.
export REDISCLI_AUTH; REDISCLI_AUTH=$(cat "$SHOP_HOME/secrets/redis-password")
REDIS_KEYS_BEFORE=$(redis-cli -p "$REDIS_PORT" dbsize)
read -r r p50 p99 bad < <(bench web-product-anon 64 "$WEB/products/$HOT")
REDIS_KEYS_AFTER=$(redis-cli -p "$REDIS_PORT" dbsize)
row "storefront /products/{id} (no cookie)" 64 "$r req/s" "$p50" "$p99" " non-2xx: $bad; Redis keys +$((REDIS_KEYS_AFTER - REDIS_KEYS_BEFORE)) |"
read -r r p50 p99 bad < <(bench web-catalog-cart 64 "$WEB/" -H "Cookie: $SESSION_COOKIE")
row "storefront / (cart session)" 64 "$r req/s" "$p50" "$p99" " non-2xx: $bad |"

# pgbench: the database's own limit for a one-row stock update, committed synchronously to the same receiver.
# Another product's row, so its updates never mix with the checkout's stock arithmetic below.
PGB_ROW=$(psql_shop -c "SELECT max(id) FROM products")
cat >"$WORK/stock.sql" <<EOF
UPDATE products SET stock = stock + 1 WHERE id = $PGB_ROW;
EOF
for c in 64; do
  runuser -u postgres -- pgbench -h "$SHOP_HOME/run" -p "$PG_PORT" -U postgres -n -c $c -j 2 -T "$RUN" \
    -f "$WORK/stock.sql" dhakacart_db >"$WORK/pgbench-$c.out" 2>&1 || true
  tps=$(awk '/^tps/ {printf "%d", $3}' "$WORK/pgbench-$c.out")
  lat=$(awk '/latency average/ {print $4 " ms"}' "$WORK/pgbench-$c.out")
  printf '| %s | %s | %s | average %s | |\n' "pgbench one-row stock UPDATE, synchronous (limit)" $c "${tps:-0} tx/s" "$lat" >>"$REPORT"
done
# When its time is up pgbench drops clients mid-commit; those commits finish their synchronous wait later.
for i in $(seq 1 60); do
  [ "$(psql_shop -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgbench'")" = 0 ] && break
  sleep 1
done
STOCK_BEFORE=$(psql_shop -c "SELECT stock FROM products WHERE id = $HOT")
ORDERS_BEFORE=$(psql_shop -c "SELECT count(*) FROM order_items WHERE product_id = $HOT")
QTY_BEFORE=$(psql_shop -c "SELECT coalesce(sum(quantity), 0) FROM order_items WHERE product_id = $HOT")

for c in 64 256; do
  read -r r p50 p99 bad < <(bench checkout-$c $c "$API/api/orders" -s "$WORK/order.lua")
  row "POST /api/orders, one hot product (sync WAL)" $c "$r req/s" "$p50" "$p99" " non-201: $bad |"
done

# Mixed: orders and browsing at once.
wrk -t1 -c32 -d"${RUN}s" --latency -s "$WORK/order.lua" "$API/api/orders" mixed >"$WORK/mixed-orders.out" 2>&1 &
MIXED=$!
read -r r p50 p99 bad < <(bench mixed-catalog 64 "$API/api/products")
wait "$MIXED" || true
mo=$(awk '/^Requests\/sec/ {printf "%d", $2}' "$WORK/mixed-orders.out")
mp99=$(awk '$1 == "99%" {print $2}' "$WORK/mixed-orders.out")
row "mixed: GET /api/products while 32 conn order" 64 "$r req/s" "$p50" "$p99" " orders: $mo/s (p99 $mp99); catalog kept $((100 * r / (SOLO_CATALOG > 0 ? SOLO_CATALOG : 1)))% of solo |"

sleep 2 # answers still in flight when wrk stopped have committed by now
kill "$SAMPLER" 2>/dev/null || true; SAMPLER=""
RSS_MB=$(sort -n "$WORK/api-rss.kb" | tail -1 | awk '{printf "%d", $1 / 1024}')

# Exactly-once: every 201 is in the database, no key made two orders, the stock taken is what was ordered.
cat "$WORK"/ids-checkout* "$WORK"/ids-mixed* 2>/dev/null | sort -u >"$WORK/answered-201"
ANSWERED=$(wc -l <"$WORK/answered-201")
psql_shop -c "SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.product_id = $HOT) AND idempotency_key NOT LIKE 'warmup-%'" \
  | sort -u >"$WORK/in-db"
LOST=$(comm -23 "$WORK/answered-201" "$WORK/in-db" | wc -l)
UNANSWERED=$(comm -13 "$WORK/answered-201" "$WORK/in-db" | wc -l)
DUPLICATED=$(psql_shop -c "SELECT count(*) FROM (SELECT idempotency_key FROM orders WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d")
ORDERS_NOW=$(psql_shop -c "SELECT count(*) FROM order_items WHERE product_id = $HOT")
QTY_NOW=$(psql_shop -c "SELECT coalesce(sum(quantity), 0) FROM order_items WHERE product_id = $HOT")
STOCK_NOW=$(psql_shop -c "SELECT stock FROM products WHERE id = $HOT")
TAKEN=$((STOCK_BEFORE - STOCK_NOW)); ORDERED=$((QTY_NOW - QTY_BEFORE))

DATE=$(date -u +%Y-%m-%dT%H:%MZ)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "Measured $DATE by \`bench/shop-load.sh\` (${RUN} s per run, each address warmed until steady first (at least 30 s), \`wrk -t2\`, one run each),"
  echo "on $(nproc) CPU cores, load generator, shop and DR agent on the same machine (load average at the end: $LOAD; anything above ~3 means other work was running too),"
  echo "so treat every figure as a floor and compare each line with the limit measured beside it in the same run."
  echo "Synchronous commit to the DR agent's \`pg_receivewal\` (\`synchronous_standby_names = $SYNC_NAMES\`) throughout."
  echo
  cat "$REPORT"
  echo
  echo "- API resident memory, peak over the whole run: **${RSS_MB} MiB** (budget 512 MiB)."
  echo "- Checkout: $ANSWERED orders answered 201; $((ORDERS_NOW - ORDERS_BEFORE)) orders in the database for the hot"
  echo "  product; **lost (answered 201, not in the database): $LOST**; **duplicated Idempotency-Keys: $DUPLICATED**;"
  echo "  stock taken $TAKEN = quantities ordered $ORDERED (**oversold: $((TAKEN - ORDERED))**). Orders committed but"
  echo "  never answered because wrk stopped its clock while they were in flight: $UNANSWERED (at most one per connection)."
  echo "- Storefront: Redis keys created by $RUN s of cookieless product pages: $((REDIS_KEYS_AFTER - REDIS_KEYS_BEFORE))."
} >"$WORK/section.md"
cat "$WORK/section.md"

DOC=$ROOT/docs/benchmarks.md
python3 - "$DOC" "$WORK/section.md" <<'EOF'
import sys
doc, section = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
begin, end = "<!-- shop-load:begin -->", "<!-- shop-load:end -->"
block = begin + "\n" + section + end
if begin in text:
    text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
else:
    text = text.rstrip("\n") + "\n\n## Shop under load (flash sale)\n\n" + block + "\n"
open(doc, "w").write(text)
EOF
say "shop-load: table written to docs/benchmarks.md; raw wrk output in $WORK"
[ "$LOST" -eq 0 ] && [ "$DUPLICATED" -eq 0 ] && [ "$TAKEN" -eq "$ORDERED" ] \
  || die "exactly-once check FAILED: lost $LOST, duplicated $DUPLICATED, taken $TAKEN vs ordered $ORDERED"
