#!/usr/bin/env bash
# The patch-release check (scripts/PatchReleases.java) on a made-up project and local repository: it fails and
# names the line to bump when a newer patch of the same major.minor is listed, ignores milestones and newer
# minors, accepts an exception only with its reason, and fails (never passes) when an artifact's metadata is
# missing. No network, no Maven: a few seconds.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib.sh"
[ -n "${JAVA_HOME:-}" ] || pick_java

passed=0; failed=0
check() { # NAME COMMAND...
  local name=$1; shift
  if "$@"; then say "PASS $name"; passed=$((passed + 1)); else say "FAIL $name"; failed=$((failed + 1)); fi
}

WORK=$(mktemp -d /tmp/dhakacart-patch-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/project/mod" "$WORK/repo" "$WORK/classes"
cat >"$WORK/project/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <properties><lib.version>1.2.3</lib.version></properties>
  <modules><module>mod</module></modules>
  <dependencyManagement><dependencies>
    <dependency><groupId>com.example</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
  </dependencies></dependencyManagement>
  <build><pluginManagement><plugins>
    <plugin><groupId>org.example</groupId><artifactId>tool-plugin</artifactId><version>2.0.0</version></plugin>
  </plugins></pluginManagement></build>
</project>
POM
cat >"$WORK/project/mod/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <dependencies>
    <dependency><groupId>com.example</groupId><artifactId>lib</artifactId></dependency>
    <dependency><groupId>org.example</groupId><artifactId>driver</artifactId><version>7.1.0</version></dependency>
  </dependencies>
</project>
POM
metadata() { # GROUP_PATH ARTIFACT VERSION...
  local dir=$WORK/repo/$1/$2 v; mkdir -p "$dir"; shift 2
  { echo "<metadata><versioning><versions>"; for v in "$@"; do echo "<version>$v</version>"; done
    echo "</versions></versioning></metadata>"; } >"$dir/maven-metadata-central.xml"
}
metadata com/example lib 1.2.2 1.2.3 1.2.4 1.2.5-RC1 1.3.0 2.0.0
metadata org/example tool-plugin 1.9.9 2.0.0 2.1.0
metadata org/example driver 7.1.0 7.2.0-M1
echo "# nothing excepted" >"$WORK/none.txt"
printf 'com.example:lib:1.2.4  # its jar is not served here\n' >"$WORK/except.txt"
printf 'com.example:lib:1.2.4\n' >"$WORK/no-reason.txt"

"$JAVA_HOME/bin/javac" -d "$WORK/classes" "$ROOT/scripts/PatchReleases.java" || { say "FAIL compile"; exit 1; }
run() { "$JAVA_HOME/bin/java" -cp "$WORK/classes" PatchReleases "$WORK/project" "$WORK/repo" "$@" >"$WORK/out" 2>&1; }

run "$WORK/none.txt"; rc=$?
check "a newer patch fails the check" [ $rc -eq 1 ]
check "it names the artifact, both versions and the property to bump" \
  grep -q 'com.example:lib  *1.2.3 -> 1.2.4 .*property lib.version' "$WORK/out"
check "release candidates, milestones and newer minors are not patches" \
  bash -c "! grep -q '1.2.5-RC1\|1.3.0\|tool-plugin\|driver' '$WORK/out'"
run "$WORK/except.txt"; rc=$?
check "a patch listed as an exception with its reason passes" [ $rc -eq 0 ]
run "$WORK/no-reason.txt"; rc=$?
check "an exception without a reason is refused" [ $rc -eq 2 ]
rm "$WORK/repo/org/example/driver/maven-metadata-central.xml"
run "$WORK/except.txt"; rc=$?
check "missing metadata fails loudly instead of passing" [ $rc -eq 2 ]
check "and says whose metadata is missing" grep -q 'CANNOT RUN.*' "$WORK/out"
check "naming the artifact" grep -q 'org.example:driver' "$WORK/out"

say "patch-release check test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
