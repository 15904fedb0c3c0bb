#!/usr/bin/env bash
# The benchmark command: builds the engine, installs wrk and monit if missing, and runs every phase, printing
# one table (also written to target/bench/results.md). About 15 minutes on 2 cores with the defaults; pass
# options through, e.g. scripts/bench.sh --soak-seconds 60, scripts/bench.sh --only mttr for the time to
# recovery alone, or --only latency for the signal-to-dispatch latency alone. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
# monit: the baseline of the MTTR phase, run by the benchmark in the foreground with a control file of its own
[ -x /usr/bin/monit ] || missing+=(monit)
# python3: the MTTR phase's HTTP target (src/test/resources/supervise/pid-http-target.py)
[ -x /usr/bin/python3 ] || missing+=(python3-minimal)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian packages) …"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  # monit's package starts a system monit when installed; the benchmark needs only the binary, so unless the
  # machine has a policy already, services are kept from starting during the install (see invoke-rc.d(8)).
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    trap '"${sudo[@]}" rm -f "$policy"' EXIT
    printf '#!/bin/sh\n# written by healing-engine scripts/bench.sh for one apt-get run\nexit 101\n' \
      | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mvn -B -q -ntp package -DskipTests
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.healingengine.bench.BenchmarkMain "$@"
