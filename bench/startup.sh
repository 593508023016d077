#!/usr/bin/env bash
# Start-up benchmark (not part of the suite): how long until the shop answers, before and after the
# start-up work of issue 12, measured in ONE run on this machine so both sides see the same load.
#   BEFORE = the launcher at BEFORE_REV (default: the revision main was at when the work began), unpacked
#            with `git archive`, running THIS tree's jars (same application code: only the way it starts
#            differs): fat jars, one component after the other.
#   AFTER  = this tree: extracted jars with the JDK's AOT cache, components started in parallel.
# Measured:
#   (a) API cold start: JVM spawn -> first 200 on /health (a second API beside a running shop's database)
#   (b) storefront cold start: JVM spawn -> first 200 on / (the page calls the running shop's API)
#   (c) `./dhakacart up` of an existing home -> "DhakaCart is up" (API ready, storefront page 200)
#   (d) first `up` on a fresh copy of the tree (no target/, empty home) -> "DhakaCart is up", including the
#       Maven build (dependencies already in ~/.m2: no download) and initdb; FRESH=0 skips it
# ROUNDS rounds of (a)-(c), before and after alternating, median reported; (d) once each.
# Writes the table into docs/benchmarks.md (section "Start-up", between the startup-table markers).
# Loopback ports 24000-24999, work files in /tmp/dhakacart-startup-bench; stops everything it starts.
# Usage: ./dhakacart build && bench/startup.sh        (ROUNDS=5, FRESH=0, BEFORE_REV=<commit> to change)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
ROUNDS=${ROUNDS:-3}
FRESH=${FRESH:-1}
BEFORE_REV=${BEFORE_REV:-91150fa}
WORK=/tmp/dhakacart-startup-bench
JAVA_OPTS=${JAVA_OPTS:--Xms128m -Xmx320m -XX:MaxMetaspaceSize=160m -XX:+UseSerialGC -XX:TieredStopAtLevel=4}
export JAVA_OPTS
pick_java
API_JAR=$ROOT/api/target/dhakacart-api-exec.jar
WEB_JAR=$ROOT/storefront/target/dhakacart-storefront-exec.jar
for jar in "$API_JAR" "$WEB_JAR" "$ROOT/dr/target/dhakacart-dr-exec.jar"; do
  [ -f "$jar" ] || die "$jar is missing; run './dhakacart build' first"
done
[ -z "$(cd "$ROOT" && ./dhakacart stale-modules 2>/dev/null)" ] || die "the jars are older than the sources; run './dhakacart build' first"

rm -rf "$WORK"; mkdir -p "$WORK"; chmod 755 "$WORK"
export DHAKACART_HOME=$WORK/home PG_PORT=24432 REDIS_PORT=24379 API_PORT=24000 WEB_PORT=24300 DR_METRICS_PORT=24464
export DR_DRILL_INTERVAL_HOURS=0
UP_PID="" APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  [ -n "$UP_PID" ] && kill -TERM "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null
  return 0
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk "BEGIN { printf \"%.1f\", $2 - $1 }"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# The launcher as it was: its files at BEFORE_REV, this tree's jars (copied, so newer than its sources).
say "== unpacking the launcher at $BEFORE_REV into $WORK/before"
mkdir -p "$WORK/before"
git -C "$ROOT" archive "$BEFORE_REV" | tar -x -C "$WORK/before"
for module in api storefront dr; do
  mkdir -p "$WORK/before/$module/target"; cp "$ROOT/$module/target/dhakacart-$module-exec.jar" "$WORK/before/$module/target/"
done

up_until_healthy() { # LAUNCHER_DIR OUT: starts `up` in the background (UP_PID); T = seconds to "DhakaCart is up"
  local start i; start=$(now)
  "$1/dhakacart" up >"$2" 2>&1 &
  UP_PID=$!
  for i in $(seq 1 6000); do
    grep -q "DhakaCart is up" "$2" 2>/dev/null && { T=$(secs "$start" "$(now)"); return 0; }
    kill -0 "$UP_PID" 2>/dev/null || { cat "$2" >&2; die "up exited (see $2)"; }
    sleep 0.1
  done
  die "up did not report healthy within 10 min (see $2)"
}
stop_up() { kill -TERM "$UP_PID"; wait "$UP_PID" 2>/dev/null || true; UP_PID=""; }

# --- a first start of the home (also makes the AOT cache the AFTER side uses) -------------------------------
say "== first up of the bench home (initdb, sample catalog), load $(load)"
up_until_healthy "$ROOT" "$WORK/first-up.out"
say "== making the AOT caches (./dhakacart startup-cache, the training run up does in the background)"
"$ROOT/dhakacart" startup-cache "$API_JAR" "$WEB_JAR" >"$WORK/startup-cache.log" 2>&1 \
  || die "no AOT cache could be made; see $WORK/startup-cache.log"

# --- (a), (b): one JVM beside the running shop ---------------------------------------------------------------
export DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/dhakacart_db" DATABASE_USER=dhakacart
DATABASE_PASSWORD=$(cat "$DHAKACART_HOME/secrets/db-password"); export DATABASE_PASSWORD
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
cold_start() { # PORT PATH LOG JAVA_ARGS...: T = seconds from spawn to the first 200
  local port=$1 path=$2 log=$3 start; shift 3
  start=$(now)
  "$JAVA_HOME/bin/java" $JAVA_OPTS "$@" >"$log" 2>&1 &
  APP_PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port$path"; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -20 "$log" >&2; die "the JVM exited while starting (see $log)"; }
    sleep 0.05
  done
  T=$(secs "$start" "$(now)")
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
}
startup_command "$API_JAR"; API_AFTER=("${JAVA_APP[@]}")
startup_command "$WEB_JAR"; WEB_AFTER=("${JAVA_APP[@]}")
case "${API_AFTER[0]}" in -XX:AOTCache=*|-XX:SharedArchiveFile=*) ;; *) die "the AFTER side has no cache to start with" ;; esac
declare -a A_BEFORE=() A_AFTER=() B_BEFORE=() B_AFTER=() C_BEFORE=() C_AFTER=()
LOAD_START=$(load)
say "== (a), (b) cold starts, $ROUNDS rounds, load $LOAD_START"
for r in $(seq 1 "$ROUNDS"); do
  API_PORT=24001 cold_start 24001 /health "$WORK/api-before.log" -jar "$API_JAR"; A_BEFORE+=("$T")
  API_PORT=24001 cold_start 24001 /health "$WORK/api-after.log" "${API_AFTER[@]}"; A_AFTER+=("$T")
  WEB_PORT=24301 API_BASE_URL=http://127.0.0.1:$API_PORT cold_start 24301 / "$WORK/web-before.log" -jar "$WEB_JAR"
  B_BEFORE+=("$T")
  WEB_PORT=24301 API_BASE_URL=http://127.0.0.1:$API_PORT cold_start 24301 / "$WORK/web-after.log" "${WEB_AFTER[@]}"
  B_AFTER+=("$T")
  say "  round $r: API ${A_BEFORE[-1]} -> ${A_AFTER[-1]} s; storefront ${B_BEFORE[-1]} -> ${B_AFTER[-1]} s (load $(load))"
done
grep -l 'processing the AOT cache' "$WORK/api-after.log" "$WORK/web-after.log" 2>/dev/null \
  && die "the JVM could not use the AOT cache (see the logs above); the AFTER figures would be wrong"
stop_up
unset DATABASE_URL DATABASE_USER DATABASE_PASSWORD REDIS_URL

# --- (c) restart of the existing home -----------------------------------------------------------------------
say "== (c) up of the existing home, $ROUNDS rounds, load $(load)"
for r in $(seq 1 "$ROUNDS"); do
  up_until_healthy "$WORK/before" "$WORK/up-before-$r.out"; C_BEFORE+=("$T"); stop_up
  up_until_healthy "$ROOT" "$WORK/up-after-$r.out"; C_AFTER+=("$T"); stop_up
  say "  round $r: up ${C_BEFORE[-1]} -> ${C_AFTER[-1]} s (load $(load))"
done

# --- (d) first up on a fresh copy -----------------------------------------------------------------------------
D_BEFORE="not run" D_AFTER="not run"
if [ "$FRESH" = 1 ]; then
  fresh() { # REV NAME: the tree at REV, no target/, empty home; T = seconds to healthy
    local dir=$WORK/fresh-$2; mkdir -p "$dir"; chmod 755 "$dir"
    git -C "$ROOT" archive "$1" | tar -x -C "$dir"
    DHAKACART_HOME=$dir/var up_until_healthy "$dir" "$WORK/fresh-$2.out"
    stop_up
  }
  say "== (d) first up on a fresh copy, load $(load)"
  fresh "$BEFORE_REV" before; D_BEFORE=$T
  fresh HEAD after; D_AFTER=$T
  say "  fresh copy: $D_BEFORE -> $D_AFTER s (load $(load))"
fi
LOAD_END=$(load)

ratio() { awk "BEGIN { if ($2 > 0) printf \"%.1fx\", $1 / $2; else print \"-\" }"; }
row() { # NAME BEFORE AFTER TARGET
  printf '| %s | %s | **%s** | %s | %s |\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$4"
}
a_b=$(median "${A_BEFORE[@]}") a_a=$(median "${A_AFTER[@]}") b_b=$(median "${B_BEFORE[@]}") b_a=$(median "${B_AFTER[@]}")
c_b=$(median "${C_BEFORE[@]}") c_a=$(median "${C_AFTER[@]}")
TABLE=$WORK/table.md
{
  echo "Measured $(date -u +%FT%H:%MZ) by \`bench/startup.sh\` (ROUNDS=$ROUNDS, median; before = launcher at \`$BEFORE_REV\`"
  echo "with the same jars), $(nproc) cores shared with other engineers' builds and tests, load average"
  echo "(1/5/15 min) $LOAD_START at the start and $LOAD_END at the end; JDK $(java_major "$JAVA_HOME/bin/java"), \`JAVA_OPTS=$JAVA_OPTS\`."
  echo
  echo "| seconds to healthy | before | after | speed-up | target |"
  echo "|---|---|---|---|---|"
  row "(a) API cold start (JVM spawn -> 200 on /health)" "$a_b" "$a_a" "≤ 4"
  row "(b) storefront cold start (JVM spawn -> 200 on /)" "$b_b" "$b_a" "-"
  row "(c) \`./dhakacart up\` of an existing home" "$c_b" "$c_a" "≤ 15"
  if [ "$FRESH" = 1 ]; then row "(d) first \`up\` on a fresh copy (build included)" "$D_BEFORE" "$D_AFTER" "≤ 180"
  else echo "| (d) first \`up\` on a fresh copy | not run (FRESH=0) | | | ≤ 180 |"; fi
  echo
  echo "Every round: API ${A_BEFORE[*]} -> ${A_AFTER[*]}; storefront ${B_BEFORE[*]} -> ${B_AFTER[*]}; up ${C_BEFORE[*]} -> ${C_AFTER[*]}."
} >"$TABLE"
cat "$TABLE"

DOC=$ROOT/docs/benchmarks.md
if grep -q '<!-- startup-table:begin -->' "$DOC"; then
  awk -v table="$TABLE" '
    /<!-- startup-table:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- startup-table:end -->/ { skip = 0 }
    !skip { print }' "$DOC" >"$DOC.new" && mv "$DOC.new" "$DOC"
  say "table written to $DOC"
else
  say "no startup-table markers in $DOC; table left in $TABLE"
fi
