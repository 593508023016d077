#!/usr/bin/env bash
# Runs the Compose stack for real, under podman, and recovers it from a lost database (runbook
# scenario 1, docs/deploy.md "Recover with Compose"):
#   1. base images from Debian's packages (debootstrap; PostgreSQL 15, Redis, a jlink of the JDK here),
#      cached in podman's image store; the project's images from its own Dockerfiles on top of them,
#      with the jars the reactor has just built;
#   2. `podman-compose up` of db, redis, s3, dr-agent, backend and frontend from docker-compose.yml;
#   3. orders placed through the backend, each acknowledged with 201;
#   4. the db container killed and its volume deleted; one command restores it
#      (`podman-compose run --rm --no-deps dr-agent restore --latest --stop`); db started again;
#   5. every acknowledged order read back through the backend; the RTO printed.
# FAILS (never skips) when podman cannot run containers here. Removes every container, volume and
# network of its project (dhakacart-live) on exit, also after a failure or a timeout.
# Needs root (podman as root with runc), the jars built (./dhakacart build), and a JDK 21+ with jlink.
#   deploy/tests/compose-live.sh            ORDERS=20 by default; DHAKACART_COMPOSE_LIVE_TIMEOUT=1500 s
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$ROOT/scripts/lib.sh"

PROJECT=dhakacart-live
ORDERS=${ORDERS:-20}
LIMIT=${DHAKACART_COMPOSE_LIVE_TIMEOUT:-1500}
BASE_IMAGE=localhost/debian:bookworm
PG_IMAGE=localhost/dhakacart-base-postgres:15
REDIS_IMAGE=localhost/dhakacart-base-redis:7
JRE_IMAGE=localhost/dhakacart-base-jre:25
PASSED=0
FAILED=0
STARTED=$SECONDS

pass() { echo "PASS [compose live] $*"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL [compose live] $*"; FAILED=$((FAILED + 1)); }
# A failure after which nothing else can be checked: say so, clean up (trap), end.
fatal() { fail "$*"; finish; }
step() { echo "  .. [$((SECONDS - STARTED)) s] $*"; }
finish() {
  echo "compose live: $((SECONDS - STARTED)) s"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ] && exit 0
  exit 1
}

[ "$(id -u)" -eq 0 ] || { echo "FAIL [compose live] needs root: podman runs the containers as root here"; echo "0 passed, 1 failed"; exit 1; }

WORK=$(mktemp -d /tmp/dhakacart-compose-live.XXXXXX)
chmod 755 "$WORK"

# podman's settings for this script only (the machine's containers.conf is left alone): runc with
# cgroupfs, and ulimits the kernel here grants (podman's defaults are refused).
cat >"$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF=$WORK/containers.conf

# Bounded commands: a hung podman must not hang the test suite.
# Each runs in the background and is waited for, so that the watchdog's signal is handled at once
# (bash defers traps until a foreground command ends) and stops it.
CHILD=""
pm() { timeout "${PM_TIMEOUT:-120}" podman "$@" & CHILD=$!; wait $CHILD; }
compose() { timeout "${PM_TIMEOUT:-300}" podman-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@" & CHILD=$!; wait $CHILD; }
orders() { python3 "$HERE/compose_orders.py" "$@" & CHILD=$!; wait $CHILD; }

# Everything of this project: containers (compose's and `run --rm`'s), then volumes, networks, pods.
remove_project() {
  local ids
  ids=$(pm ps -a -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null)
  [ -n "$ids" ] && pm rm -f -v -t 3 $ids >/dev/null 2>&1
  ids=$(pm pod ps -q --filter "name=^pod_$PROJECT\$" 2>/dev/null)
  [ -n "$ids" ] && pm pod rm -f $ids >/dev/null 2>&1
  pm volume ls -q 2>/dev/null | grep "^${PROJECT}_" | xargs -r timeout 60 podman volume rm -f >/dev/null 2>&1
  pm network ls -q 2>/dev/null | grep "^${PROJECT}_" | xargs -r timeout 60 podman network rm -f >/dev/null 2>&1
}
leftovers() {
  {
    pm ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT"
    pm volume ls -q | grep "^${PROJECT}_"
    pm network ls -q | grep "^${PROJECT}_"
  } 2>/dev/null | tr '\n' ' '
}
cleanup() {
  trap - EXIT INT TERM
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null
  if [ -n "${KEEP:-}" ]; then echo "  .. KEEP set: project $PROJECT left running"; else remove_project; fi
  local left
  left=$(leftovers)
  if [ -n "$left" ] && [ -z "${KEEP:-}" ]; then echo "FAIL [compose live] cleanup left: $left"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap '[ -n "$CHILD" ] && kill "$CHILD" 2>/dev/null; echo "FAIL [compose live] stopped by a signal"; echo "$PASSED passed, $((FAILED + 1)) failed"; exit 1' INT TERM
# The whole run is bounded: past the limit the watchdog stops it, and the trap cleans up.
( sleep "$LIMIT"; echo "FAIL [compose live] still running after ${LIMIT}s (DHAKACART_COMPOSE_LIVE_TIMEOUT)"; kill -TERM $$ ) &
WATCHDOG=$!

echo "== deploy/tests/compose-live.sh: the Compose stack under podman, scenario 1 =="

# --- Tools -------------------------------------------------------------------------------------------
ensure_packages "podman:podman" "runc:runc" "debootstrap:debootstrap" "podman-compose:podman-compose" "python3:python3"
python3 -c 'import yaml' 2>/dev/null || ensure_packages "/usr/lib/python3/dist-packages/yaml/__init__.py:python3-yaml"
pick_java
[ -x "$JAVA_HOME/bin/jlink" ] || fatal "no jlink in $JAVA_HOME (a full JDK 21+ is needed for the containers' Java runtime)"
for jar in api/target/dhakacart-api-exec.jar storefront/target/dhakacart-storefront-exec.jar dr/target/dhakacart-dr-exec.jar; do
  [ -f "$ROOT/$jar" ] || fatal "$jar is not built: run './dhakacart build' first"
done
if ! pm info >/dev/null 2>&1; then fatal "podman does not work here: $(pm info 2>&1 | tail -n 1)"; fi
remove_project   # what an earlier, killed run may have left

# --- Base images (cached in podman's store) ------------------------------------------------------------
if ! pm image exists "$BASE_IMAGE"; then
  step "debootstrap --variant=minbase bookworm (first run only)"
  rootfs=$WORK/rootfs
  timeout 900 debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
    || fatal "debootstrap failed: $(tail -n 2 "$WORK/debootstrap.log" | tr '\n' ' ')"
  tar -C "$rootfs" -c . | timeout 300 podman import - "$BASE_IMAGE" >/dev/null \
    || fatal "podman import of the debootstrap root failed"
  rm -rf "$rootfs"
fi
if ! pm run --rm "$BASE_IMAGE" true >"$WORK/run.log" 2>&1; then
  fatal "podman cannot run a container here: $(tail -n 2 "$WORK/run.log" | tr '\n' ' ')"
fi
pass "podman runs containers (runc, cgroupfs) from $BASE_IMAGE"

build() { # build TAG CONTEXT [podman build args...]
  local tag=$1 context=$2 t0=$SECONDS; shift 2
  # docker format: OCI images drop HEALTHCHECK, which the healthchecks below run.
  PM_TIMEOUT=900 pm build -q --layers --format docker -t "$tag" "$@" "$context" >"$WORK/build.log" 2>&1 \
    || fatal "podman build $tag failed: $(grep -v '^$' "$WORK/build.log" | tail -n 4 | tr '\n' ' ')"
  echo "     built $tag ($((SECONDS - t0)) s)"
}
step "base images: PostgreSQL 15 and Redis from Debian, a jlink of $JAVA_HOME"
build "$PG_IMAGE" "$HERE/base-images/postgres" --build-arg "BASE_IMAGE=$BASE_IMAGE"
build "$REDIS_IMAGE" "$HERE/base-images/redis" --build-arg "BASE_IMAGE=$BASE_IMAGE"
jdk_id=$(cat "$JAVA_HOME/release" 2>/dev/null | sha256sum | cut -c1-16)
if [ "$(pm image inspect --format '{{index .Labels "dhakacart.jdk"}}' "$JRE_IMAGE" 2>/dev/null)" != "$jdk_id" ]; then
  mkdir -p "$WORK/jre-context"
  cp "$HERE/base-images/jre/Dockerfile" "$WORK/jre-context/"
  # java.se and the JDK modules the jars use (jdk.httpserver: the DR agent's /metrics).
  timeout 600 "$JAVA_HOME/bin/jlink" --add-modules java.se,jdk.httpserver,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.localedata \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output "$WORK/jre-context/jre" >"$WORK/jlink.log" 2>&1 \
    || fatal "jlink failed: $(tail -n 2 "$WORK/jlink.log" | tr '\n' ' ')"
  build "$JRE_IMAGE" "$WORK/jre-context" --build-arg "BASE_IMAGE=$BASE_IMAGE" --label "dhakacart.jdk=$jdk_id"
  rm -rf "$WORK/jre-context"
fi

# --- The project's images, from its Dockerfiles, named as docker-compose.yml names them -------------------
# The build stage's base is an image holding the jar the reactor built (see the Dockerfiles' header).
step "project images from api/, storefront/, dr/ and deploy/compose/s3 Dockerfiles"
image_of() { python3 -c 'import sys, yaml, re, os
svc = yaml.safe_load(open(sys.argv[1]))["services"][sys.argv[2]]
print(re.sub(r"\$\{([A-Z_]+):-([^}]*)\}", lambda m: os.environ.get(m.group(1), m.group(2)), svc["image"]))' "$ROOT/docker-compose.yml" "$1"; }
jar_image() { # jar_image MODULE JAR
  mkdir -p "$WORK/jar-$1"
  cp "$ROOT/$1/target/$2" "$WORK/jar-$1/app.jar"
  printf 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY app.jar /app.jar\n' >"$WORK/jar-$1/Dockerfile"
  build "localhost/dhakacart-jar-$1:test" "$WORK/jar-$1" --build-arg "BASE_IMAGE=$BASE_IMAGE"
}
jar_image api dhakacart-api-exec.jar
jar_image storefront dhakacart-storefront-exec.jar
jar_image dr dhakacart-dr-exec.jar
build "$(image_of backend)" "$ROOT" -f "$ROOT/api/Dockerfile" \
  --build-arg "BUILD_IMAGE=localhost/dhakacart-jar-api:test" --build-arg "RUNTIME_IMAGE=$JRE_IMAGE"
build "$(image_of frontend)" "$ROOT" -f "$ROOT/storefront/Dockerfile" \
  --build-arg "BUILD_IMAGE=localhost/dhakacart-jar-storefront:test" --build-arg "RUNTIME_IMAGE=$JRE_IMAGE"
build "$(image_of dr-agent)" "$ROOT" -f "$ROOT/dr/Dockerfile" \
  --build-arg "BUILD_IMAGE=localhost/dhakacart-jar-dr:test" --build-arg "JRE_IMAGE=$JRE_IMAGE" \
  --build-arg "POSTGRES_IMAGE=$PG_IMAGE"
build "$(image_of s3)" "$ROOT/deploy/compose/s3" --build-arg "RUNTIME_IMAGE=$JRE_IMAGE"
# db and redis run the official images' names, here the Debian-built stand-ins.
pm tag "$PG_IMAGE" "$(image_of db)" && pm tag "$REDIS_IMAGE" "$(image_of redis)" \
  || fatal "could not tag the base images as $(image_of db) and $(image_of redis)"
pass "every image docker-compose.yml runs for the shop builds from the repository's Dockerfiles ($((SECONDS - STARTED)) s so far)"

# --- Up --------------------------------------------------------------------------------------------------
# The .env an operator would write; published ports on loopback only, below the ephemeral range.
API_HOST_PORT=$(free_port_from 24500)
WEB_HOST_PORT=$(free_port_from $((API_HOST_PORT + 1)))
secret() { python3 -c 'import secrets; print(secrets.token_hex(16))'; }
export COMPOSE_PROJECT_NAME=$PROJECT DHAKACART_VERSION=1.0.0 \
  API_PORT=127.0.0.1:$API_HOST_PORT WEB_PORT=127.0.0.1:$WEB_HOST_PORT GRAFANA_PORT=127.0.0.1:$(free_port_from $((WEB_HOST_PORT + 1))) \
  POSTGRES_PASSWORD=$(secret) DHAKACART_DB_PASSWORD=$(secret) DHAKACART_DR_DB_PASSWORD=$(secret) \
  DHAKACART_REDIS_PASSWORD=$(secret) \
  DHAKACART_DR_KEY=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())') \
  S3_ACCESS_KEY=dhakacart-backup S3_SECRET_KEY=$(secret) S3_BUCKET=dhakacart-backups \
  GRAFANA_ADMIN_PASSWORD=$(secret) ALERT_WEBHOOK_URL_FILE=$WORK/webhook-url
echo "https://hooks.example.invalid/dhakacart" >"$ALERT_WEBHOOK_URL_FILE"
API=http://127.0.0.1:$API_HOST_PORT

# podman-compose does not wait for `condition: service_healthy`, so the script does, between steps. It
# runs the compose file's own healthcheck test with `podman exec` (podman-compose 1.0 garbles a CMD
# list with arguments when it hands it to podman), else the image's HEALTHCHECK.
health_test() { python3 -c 'import sys, yaml
test = ((yaml.safe_load(open(sys.argv[1]))["services"][sys.argv[2]].get("healthcheck") or {}).get("test"))
if test:
    argv = test[1:] if test[0] == "CMD" else ["/bin/sh", "-c", test[1]] if test[0] == "CMD-SHELL" else ["/bin/sh", "-c", test]
    sys.stdout.write("\0".join(argv))' "$ROOT/docker-compose.yml" "$1"; }
healthy() { # healthy SERVICE CONTAINER TIMEOUT
  local deadline=$((SECONDS + $3)) argv=()
  mapfile -d '' argv < <(health_test "$1")
  while [ $SECONDS -lt $deadline ]; do
    if [ ${#argv[@]} -gt 0 ]; then
      pm exec "$2" "${argv[@]}" >/dev/null 2>&1 && return 0
    else
      pm healthcheck run "$2" >/dev/null 2>&1 && return 0
    fi
    sleep 1
  done
  return 1
}
logs_tail() { pm logs --tail 5 "$1" 2>&1 | tr '\n' ' ' | cut -c1-400; }

step "up: db, redis, s3"
compose up -d db redis s3 >"$WORK/up1.log" 2>&1 || fatal "podman-compose up db redis s3 failed: $(tail -n 3 "$WORK/up1.log" | tr '\n' ' ')"
for service in db redis s3; do
  healthy "$service" "dhakacart-$service" 120 || fatal "dhakacart-$service never became healthy: $(logs_tail "dhakacart-$service")"
done
# As depends_on says: the agent and the API once the data services are healthy, the storefront once
# the API is. (Waits are generous: on a busy 2-core machine a JVM in a container can take minutes.)
step "up: dr-agent, backend"
compose up -d dr-agent backend >"$WORK/up2.log" 2>&1 || fatal "podman-compose up failed: $(tail -n 3 "$WORK/up2.log" | tr '\n' ' ')"
orders wait "$API" 600 >"$WORK/wait.log" || fatal "backend not ready: $(cat "$WORK/wait.log"); $(logs_tail dhakacart-backend)"
step "up: frontend"
compose up -d frontend >"$WORK/up3.log" 2>&1 || fatal "podman-compose up frontend failed: $(tail -n 3 "$WORK/up3.log" | tr '\n' ' ')"
healthy frontend dhakacart-frontend 600 || fail "the frontend container never became healthy: $(logs_tail dhakacart-frontend)"
pass "db, redis, s3, dr-agent, backend and frontend are up from docker-compose.yml; the backend answers /health/ready on $API"

# The agent must protect the database before orders count: synchronous standby and a first backup.
psql_db() { pm exec dhakacart-db psql -U postgres -d dhakacart_db -qAt -c "$1" 2>/dev/null; }
protected() { # protected TIMEOUT: the agent streams synchronously and lists a base backup of the current timeline
  local deadline=$((SECONDS + $1)) timeline
  sync=""; backups=0
  while [ $SECONDS -lt $deadline ]; do
    sync=$(psql_db "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'dhakacart_dr'")
    timeline=$(psql_db "SELECT timeline_id FROM pg_control_checkpoint()")
    backups=$(pm exec dhakacart-dr-agent dhakacart-dr list 2>/dev/null | awk -v tl="$timeline" '$2 == tl && $NF == "yes"' | wc -l)
    [ "$sync" = sync ] && [ "$backups" -gt 0 ] && return 0
    sleep 3
  done
  return 1
}
if protected 300; then
  pass "the DR agent streams WAL as the synchronous standby and has a verified base backup in S3Proxy"
else
  fatal "the DR agent is not protecting the database (sync_state '${sync:-none}', verified backups ${backups:-0}): $(logs_tail dhakacart-dr-agent)"
fi
# Prometheus scrapes the agent from the ops network: the metrics port must answer there, not only on loopback.
if pm exec dhakacart-backend bash -c 'exec 3<>/dev/tcp/dr-agent/9464 && printf "GET /metrics HTTP/1.0\r\nHost: dr-agent\r\n\r\n" >&3 && cat <&3' 2>/dev/null | grep -q '^dhakacart_dr_'; then
  pass "the DR agent's /metrics answers on the container network (dr-agent:9464, as Prometheus scrapes it)"
else
  fail "the DR agent's /metrics does not answer from another container at dr-agent:9464"
fi

# --- Orders ----------------------------------------------------------------------------------------------
step "placing $ORDERS orders through the backend"
placed=$(orders place "$API" "$ORDERS" "$WORK/orders.txt")
if [ $? -eq 0 ]; then
  pass "$placed orders placed through the backend, each acknowledged with 201"
else
  fatal "not every order was acknowledged: $placed"
fi

# --- Runbook scenario 1: the database and its disk are lost ---------------------------------------------------
PG_VOLUME=${PROJECT}_pg-data
step "scenario 1: kill dhakacart-db, delete volume $PG_VOLUME"
LOSS=$SECONDS
pm kill dhakacart-db >/dev/null 2>&1 && pm rm -f dhakacart-db >/dev/null 2>&1 || fatal "could not kill and remove dhakacart-db"
pm volume rm -f "$PG_VOLUME" >/dev/null 2>&1 || fatal "could not delete volume $PG_VOLUME"
pm volume exists "$PG_VOLUME" && fatal "volume $PG_VOLUME still exists"
step "restore: podman-compose run --rm --no-deps dr-agent restore --latest --stop"
PM_TIMEOUT=900 compose run --rm --no-deps dr-agent restore --latest --stop >"$WORK/restore.log" 2>&1
rc=$?
# podman-compose 1.0 exits 0 whatever the command did, and prints "exit code: N" when it failed.
grep -q '^exit code: [1-9]' "$WORK/restore.log" && rc=$(sed -n 's/^exit code: \([0-9]*\).*/\1/p' "$WORK/restore.log" | head -n 1)
grep -E 'restoring base backup|unshipped|unfinished segment|restored:' "$WORK/restore.log" | sed 's/^/     /'
[ "$rc" -eq 0 ] && grep -q 'restored: PostgreSQL' "$WORK/restore.log" \
  || fatal "the restore command failed (exit $rc): $(grep -m1 '^dhakacart dr' "$WORK/restore.log" || tail -n 3 "$WORK/restore.log" | tr '\n' ' ')"
pass "one command restored the database into a new $PG_VOLUME volume"
# `docker compose run` leaves the running agent alone; podman-compose 1.0 replaces it, so start it too.
step "up: db, dr-agent"
compose up -d db dr-agent >"$WORK/up4.log" 2>&1 || fatal "podman-compose up db failed: $(tail -n 3 "$WORK/up4.log" | tr '\n' ' ')"
healthy db dhakacart-db 120 || fatal "the restored db never became healthy: $(logs_tail dhakacart-db)"
orders wait "$API" 300 >"$WORK/wait.log" || fatal "backend not ready after the restore: $(cat "$WORK/wait.log")"
if check=$(orders check "$API" "$WORK/orders.txt"); then
  RTO=$((SECONDS - LOSS))
  pass "0 acknowledged orders lost: $check through the backend after the restore"
  echo "RTO (scenario 1, Compose): ${RTO} s from killing the database to every order readable through the API"
else
  fail "acknowledged orders lost: $check"
fi
# The shop takes orders again, and the agent protects the restored database (new timeline, new backup).
if orders place "$API" 1 "$WORK/after.txt" >/dev/null; then
  pass "the restored shop takes a new order"
else
  fail "the restored shop refuses new orders"
fi
if protected 300; then
  pass "the DR agent protects the restored database again (synchronous, a verified backup of the new timeline)"
else
  fail "the DR agent does not protect the restored database (sync_state '${sync:-none}', backups of its timeline ${backups:-0})"
fi

finish
