# Shared shell functions for ./dhakacart: JDK choice, OS packages, and the private PostgreSQL and Redis
# servers. Sourced, never run. Every function prints one plain line when something is wrong.

say() { printf '%s\n' "$*"; }
die() { printf 'dhakacart: %s\n' "$*" >&2; exit 1; }

# --- Java --------------------------------------------------------------------------------------------

java_major() { # prints the major version of the java binary given, or nothing
  # A JDK's release file names its version; reading it costs nothing, starting a JVM to ask costs a second.
  local release; release=$(dirname "$(dirname "$1")")/release
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$release" | head -1; return
  fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

# We target Java 21+ (virtual threads). JAVA_HOME wins when it is new enough; otherwise the newest JDK
# under /usr/lib/jvm; otherwise one clear error.
pick_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    export JAVA_HOME; return
  fi
  local best="" best_version=0 dir v
  for dir in /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/; do
    [ -x "${dir}bin/javac" ] || continue
    v=$(java_major "${dir}bin/java")
    [ -n "$v" ] && [ "$v" -gt "$best_version" ] 2>/dev/null && { best=${dir%/}; best_version=$v; }
  done
  [ "$best_version" -ge 21 ] || die "no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, and set JAVA_HOME"
  export JAVA_HOME=$best
}

# --- Fast JVM start: the jar extracted, plus the JDK's class cache from a training run ---------------------
# A Spring Boot fat jar spends most of its start loading and linking the same classes every time.
# The JDK can keep them loaded and linked in a cache file: the AOT cache (JEP 483/514) on JDK 24+, an AppCDS
# archive on JDK 21-23. The cache needs a class path of plain jars, so the app runs from its extracted copy
# (`java -Djarmode=tools -jar x.jar extract`), and it is made by a training run that stops right after the
# Spring context is refreshed (spring.context.exit=onRefresh), before any port is opened.
# Both live in <module>/target/startup/<jar>-<key>/, the key made of the jar's size and time, the JDK and the
# JVM options: a new build, JDK or JAVA_OPTS gives a new directory and the old ones are removed. A cache the
# JVM cannot use (stale, truncated, garbage) is never fatal: the JVM says so in the app's log and starts
# without it (-XX:AOTMode=auto / -Xshare:auto, the defaults), and startup_cache_train makes a new one.
# DHAKACART_AOT=off runs the fat jars as they are.

# The DR tool's JVM options, for its runs and its start-up cache's training alike: zstd-jni's JNI build instead of
# the FFM one its multi-release jar gives Java 22+ (the switch zstd-jni's own error message names). The FFM one
# generated ~270 classes at every start, which the cache cannot hold: 0.3 s of each restore's start on 2 cores.
DR_JAVA_OPTS=(-Djdk.util.jar.enableMultiRelease=false)

startup_dir() { # JAR: the directory for the jar's extracted copy and cache (key: jar, JDK, JVM options)
  local key
  key=$( { stat -c '%s %Y' "$1"; cat "$JAVA_HOME/release" 2>/dev/null || echo "$JAVA_HOME"; echo "${JAVA_OPTS:-}"; } \
    | cksum | cut -d' ' -f1)
  echo "$(dirname "$1")/startup/$(basename "$1" .jar)-$key"
}

startup_cache_file() { # DIR: the cache file this JDK uses in DIR
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then echo "$1/app.aot"; else echo "$1/app.jsa"; fi
}

# startup_command JAR: sets JAVA_APP to the arguments that run the jar: its extracted copy (made now if
# missing, ~2 s) with the cache when one exists, or the jar itself when extraction is off or fails.
startup_command() {
  local jar=$1 dir app cache
  JAVA_APP=(-jar "$jar")
  [ "${DHAKACART_AOT:-on}" = off ] && return 0
  dir=$(startup_dir "$jar"); app=$dir/app/$(basename "$jar")
  if [ ! -f "$app" ]; then
    mkdir -p "$(dirname "$dir")"
    # Only this jar's current directory stays: the others belong to older builds (or JDKs, or options).
    find "$(dirname "$dir")" -mindepth 1 -maxdepth 1 -name "$(basename "$jar" .jar)-*" ! -path "$dir" ! -path "$dir.tmp.*" \
      -exec rm -rf {} + 2>/dev/null || true
    rm -rf "$dir.tmp.$BASHPID"
    if { "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir.tmp.$BASHPID/app" >/dev/null 2>&1 \
         || extract_plain_jar "$jar" "$dir.tmp.$BASHPID/app"; } \
       && mkdir -p "$dir" && mv -T "$dir.tmp.$BASHPID/app" "$dir/app" 2>/dev/null; then :; fi
    rm -rf "$dir.tmp.$BASHPID"
    [ -f "$app" ] || return 0   # could not extract (disk full, read-only tree): the fat jar still runs
  fi
  cache=$(startup_cache_file "$dir")
  JAVA_APP=(-jar "$app")
  if [ -f "$cache" ]; then
    if [ "${cache##*.}" = aot ]; then JAVA_APP=("-XX:AOTCache=$cache" "${JAVA_APP[@]}")
    else JAVA_APP=("-XX:SharedArchiveFile=$cache" "${JAVA_APP[@]}"); fi
  fi
}

# extract_plain_jar JAR DEST: what `-Djarmode=tools extract` makes (DEST/<jar> naming its libraries in lib/),
# for a Boot-packaged jar without Spring itself (the DR tool), whose tools jar mode cannot run.
extract_plain_jar() {
  local jar=$1 dest=$2 main f
  command -v "$JAVA_HOME/bin/jar" >/dev/null 2>&1 || return 1
  rm -rf "$dest" && mkdir -p "$dest/unpacked" "$dest/lib" || return 1
  (cd "$dest/unpacked" && "$JAVA_HOME/bin/jar" -xf "$jar") || return 1
  main=$(sed -n 's/^Start-Class: *//p' "$dest/unpacked/META-INF/MANIFEST.MF" | tr -d '\r')
  [ -n "$main" ] && mv "$dest/unpacked/BOOT-INF/lib/"*.jar "$dest/lib/" || return 1
  { echo "Main-Class: $main"; grep -i '^Enable-Native-Access:' "$dest/unpacked/META-INF/MANIFEST.MF" | tr -d '\r'
    echo "Class-Path: "
    for f in "$dest"/lib/*.jar; do echo "  lib/$(basename "$f")"; done; } >"$dest/manifest.txt"
  "$JAVA_HOME/bin/jar" --create --file "$dest/$(basename "$jar")" --manifest "$dest/manifest.txt" \
    -C "$dest/unpacked/BOOT-INF/classes" . || return 1
  rm -rf "$dest/unpacked" "$dest/manifest.txt"
}

startup_cache_usable() { # JAR: the cache exists and this JVM, with these options, maps it (-XX:AOTMode=on fails if not)
  local dir cache app; dir=$(startup_dir "$1"); cache=$(startup_cache_file "$dir"); app=$dir/app/$(basename "$1")
  [ -f "$cache" ] && [ -f "$app" ] || return 1
  if [ "${cache##*.}" = aot ]; then
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -XX:AOTMode=on "-XX:AOTCache=$cache" -cp "$app" -version >/dev/null 2>&1
  else
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -Xshare:on "-XX:SharedArchiveFile=$cache" -cp "$app" -version >/dev/null 2>&1
  fi
}

# startup_cache_train JAR [ARG...]: makes the cache unless a usable one exists. The training run is the app with
# ARGs, or without any, a Spring app that stops once its context is refreshed (needing what that needs: the
# database, Redis, as the running shop has). Niced: it runs beside a live shop. Returns non-zero when no usable
# cache came out of it.
startup_cache_train() {
  local jar=$1 dir cache app tmp jvm_args=(); shift
  [ $# -gt 0 ] || jvm_args=(-Dspring.context.exit=onRefresh -Dserver.port=0)
  [ "${DHAKACART_AOT:-on}" = off ] && return 0
  startup_cache_usable "$jar" && return 0
  dir=$(startup_dir "$jar"); cache=$(startup_cache_file "$dir"); app=$dir/app/$(basename "$jar")
  [ -f "$app" ] || return 1
  rm -f "$cache"; tmp=$cache.tmp.$BASHPID
  say "$(date -u +%FT%TZ) training run for $(basename "$jar") -> $cache"
  # server.port=0: the training run stops before Tomcat binds, but never risk the live shop's port.
  # shellcheck disable=SC2086
  if [ "${cache##*.}" = aot ]; then
    if nice -n 10 "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -XX:AOTMode=record "-XX:AOTConfiguration=$tmp.conf" \
         "${jvm_args[@]}" -jar "$app" "$@"; then
      nice -n 10 "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -XX:AOTMode=create "-XX:AOTConfiguration=$tmp.conf" \
        "-XX:AOTCache=$tmp" -jar "$app" || true
    fi
  else
    nice -n 10 "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} "-XX:ArchiveClassesAtExit=$tmp" \
      "${jvm_args[@]}" -jar "$app" "$@" || true
  fi
  rm -f "$tmp.conf"
  if [ -s "$tmp" ]; then mv -f "$tmp" "$cache"; fi
  rm -f "$tmp"
  if startup_cache_usable "$jar"; then say "$(date -u +%FT%TZ) cache ready: $cache"; return 0; fi
  rm -f "$cache"; say "$(date -u +%FT%TZ) no usable cache for $(basename "$jar"); it starts without one"; return 1
}

# --- OS packages ---------------------------------------------------------------------------------------

APT_UPDATED=""
# ensure_packages "<command-that-must-exist>:<debian-package>" ...
ensure_packages() {
  local missing=() spec cmd pkg
  for spec in "$@"; do
    cmd=${spec%%:*}; pkg=${spec#*:}
    if [ "${cmd#/}" != "$cmd" ]; then [ -x "$cmd" ] && continue; else command -v "$cmd" >/dev/null 2>&1 && continue; fi
    missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
  fi
  say "installing ${missing[*]} from the OS packages..."
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/tmp/dhakacart-apt.log 2>&1 \
    || die "apt-get install ${missing[*]} failed; see /tmp/dhakacart-apt.log"
}

pg_bindir() {
  local dir
  for dir in "${PG_BIN:-}" /usr/lib/postgresql/15/bin /usr/lib/postgresql/16/bin /usr/lib/postgresql/17/bin; do
    [ -n "$dir" ] && [ -x "$dir/postgres" ] && { echo "$dir"; return; }
  done
  command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/postgres" ] && { pg_config --bindir; return; }
  echo /usr/lib/postgresql/15/bin
}

ensure_server_packages() {
  ensure_packages "$(pg_bindir)/postgres:postgresql" "redis-server:redis-server" "redis-cli:redis-tools"
  PG_BIN=$(pg_bindir); export PG_BIN
}

# --- Ports ---------------------------------------------------------------------------------------------

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port_from() { # first free port at or after $1
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

# --- PostgreSQL (runs as the unprivileged postgres user: it refuses root) ------------------------------

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_own() { [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$@"; return 0; }

# pg_init DATA_DIR PASSWORD_FILE: a new cluster whose superuser 'postgres' has the password in the file.
pg_init() {
  local data=$1 pwfile=$2 readable
  mkdir -p "$data"; pg_own "$data"; chmod 700 "$data"
  # initdb runs as postgres, who cannot read our secrets directory: hand it a private copy.
  readable=$(mktemp); cp "$pwfile" "$readable"; pg_own "$readable"
  as_pg "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$readable" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$data/../initdb.log" 2>&1 \
    || { rm -f "$readable"; die "initdb failed; see $(dirname "$data")/initdb.log"; }
  rm -f "$readable"
}

# pg_configure DATA_DIR PORT SOCKET_DIR [extra settings...]
pg_configure() {
  local data=$1 port=$2 socket=$3; shift 3
  {
    echo "# written by ./dhakacart; settings for the private cluster"
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$socket'"
    echo "max_connections = 200"
    echo "shared_buffers = 256MB"
    echo "wal_level = replica"
    echo "max_wal_senders = 10"
    echo "max_replication_slots = 10"
    echo "wal_keep_size = 256MB"
    # A dead DR agent must never fill the disk with WAL held for its replication slot.
    echo "max_slot_wal_keep_size = '4GB'"
    echo "log_min_messages = warning"
    for extra in "$@"; do echo "$extra"; done
  } >"$data/dhakacart.conf"
  grep -q "include_if_exists = 'dhakacart.conf'" "$data/postgresql.conf" \
    || echo "include_if_exists = 'dhakacart.conf'" >>"$data/postgresql.conf"
  pg_own "$data"
}

pg_start() { # DATA_DIR LOG
  local data=$1 log=$2
  touch "$log"; pg_own "$log"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 120 start >/dev/null \
    || die "PostgreSQL did not start; see $log"
}

pg_stop() { # DATA_DIR
  [ -f "$1/postmaster.pid" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

pg_pid() { [ -f "$1/postmaster.pid" ] && head -1 "$1/postmaster.pid"; }

# --- Redis ----------------------------------------------------------------------------------------------

redis_spawn() { # DIR PORT [extra args...]: starts in the background (pid in REDIS_PID), does not wait
  local dir=$1 port=$2; shift 2
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --daemonize no --logfile "$dir/redis.log" \
    --pidfile "$dir/redis.pid" "$@" >/dev/null 2>&1 &
  REDIS_PID=$!
}

redis_start() { # DIR PORT [extra args...]: starts in the background, waits for PING
  redis_spawn "$@"
  redis_await "$1" "$2"
}

redis_await() { # DIR PORT: until the Redis started by redis_spawn (REDIS_PID) answers PING
  local dir=$1 port=$2 i
  for i in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    kill -0 "$REDIS_PID" 2>/dev/null || die "Redis did not start; see $dir/redis.log"
    sleep 0.1
  done
  die "Redis did not answer on port $port; see $dir/redis.log"
}

# --- Test services -----------------------------------------------------------------------------------------
# The one PostgreSQL and one Redis a `./dhakacart test` run shares, set up here and nowhere else. The Java
# harness (testing/SharedServices) uses them through DHAKACART_TEST_PG_PORT / DHAKACART_TEST_REDIS_PORT and
# starts a pair of its own only when those are unset (a test run from an IDE); clusters a test destroys
# on purpose are that test's own (testing/PostgresServer).

# test_services_start SCRATCH_DIR: sets TEST_PG_PORT, TEST_REDIS_PORT and REDIS_PID
test_services_start() {
  local scratch=$1
  TEST_PG_PORT=$(free_port_from 25432); TEST_REDIS_PORT=$(free_port_from 26379)
  echo "test-password" >"$scratch/pw"
  pg_init "$scratch/pg" "$scratch/pw"
  # Disposable data: durability off for speed; room for every test class's connection pool.
  pg_configure "$scratch/pg" "$TEST_PG_PORT" "" "max_connections = 300" "fsync = off" \
    "synchronous_commit = off" "full_page_writes = off"
  # Tests connect as the superuser without a password, as the Java harness does for its own clusters.
  sed -i 's/scram-sha-256/trust/g' "$scratch/pg/pg_hba.conf"
  pg_own "$scratch"
  pg_start "$scratch/pg" "$scratch/pg.log"
  redis_start "$scratch/redis" "$TEST_REDIS_PORT" --save "" --appendonly no
}

test_services_stop() { # SCRATCH_DIR REDIS_PID
  kill "$2" 2>/dev/null || true
  pg_stop "$1/pg"
  rm -rf "$1"
}

# --- patch releases (./dhakacart test; docs/security.md "Dependencies") ---------------------------------------------

# Fails when a version the POMs name has a newer patch release of the same major.minor in the Maven metadata
# (scripts/PatchReleases.java), unless scripts/patch-release-exceptions.txt names that release with a reason.
# Maven first fetches the metadata of exactly those artifacts (through a throwaway POM and versions-maven-plugin;
# Maven refreshes it at most daily); offline, what ~/.m2 already holds is read. No metadata is a failure, not a pass.
patch_releases_check() { # ROOT
  local root=$1 repo=${DHAKACART_MAVEN_REPOSITORY:-$HOME/.m2/repository} work rc plugin
  local check=("$JAVA_HOME/bin/java" "$root/scripts/PatchReleases.java" "$root" "$repo" "$root/scripts/patch-release-exceptions.txt")
  work=$(mktemp -d /tmp/dhakacart-patches.XXXXXX)
  "${check[@]}" "$work/pom.xml"; rc=$?
  if [ $rc -eq 3 ]; then # some metadata missing or a day old: Maven fetches it, then the check runs on it
    plugin=$(sed -n 's:.*<versions-plugin.version>\(.*\)</versions-plugin.version>.*:\1:p' "$root/pom.xml")
    if ! (cd "$work" && mvn -B -ntp -q -U -Dmaven.repo.local="$repo" "org.codehaus.mojo:versions-maven-plugin:${plugin:?}:display-dependency-updates" \
        -DprocessDependencyManagementTransitive=false -DprocessDependencies=false -DprocessPluginDependencies=false \
        -DprocessPluginDependenciesInPluginManagement=false >"$work/maven.log" 2>&1); then
      say "patch releases: Maven could not refresh the metadata (offline?): reading what $repo already holds"
    fi
    "${check[@]}"; rc=$?
  fi
  rm -rf "$work"
  return $rc
}
