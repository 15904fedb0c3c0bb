#!/usr/bin/env bash
# The benchmark command: builds the engine, installs wrk if missing, and runs every phase, printing one
# table (also written to target/bench/results.md). About 10 minutes on 2 cores with the defaults; pass
# options through, e.g. scripts/bench.sh --soak-seconds 60. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package) …"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq wrk
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi

mvn -B -q -ntp package -DskipTests
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.healingengine.bench.BenchmarkMain "$@"
