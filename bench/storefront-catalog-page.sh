#!/usr/bin/env bash
# Benchmark: what the storefront adds to a catalog page, beside the baseline of its own API calls
# measured in the same run. Two views:
#   in-process (CatalogPageSpeedTest): MockMvc page vs one raw call to a fake API;
#   over HTTP (StorefrontBrowserIT, bench method): real storefront + real API + Redis session vs the
#   page's two API calls made directly.
# Prints the medians; record them in docs/benchmarks.md. Needs PostgreSQL, Redis and Chromium as for
# ./dhakacart test (the harness starts its own PostgreSQL and Redis when run outside the suite).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
pick_java
cd "$ROOT"
mvn -q -B -pl kernel,testing install -DskipTests
mvn -q -B -pl api package -DskipTests            # the over-HTTP run starts the real API jar
mvn -q -B -pl api,storefront test -Ddhakacart.excluded-groups= -Dgroups=bench \
  -Dtest='CatalogPageSpeedTest,StorefrontBrowserIT#measuresACatalogPageOverHttpBesideItsApiCalls' \
  -Dsurefire.failIfNoSpecifiedTests=false
grep -h "catalog page" storefront/target/surefire-reports/*-output.txt
