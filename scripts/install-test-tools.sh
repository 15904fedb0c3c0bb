#!/usr/bin/env bash
# Installs what the test suite needs beyond Java and Maven, if it is missing. Idempotent: a machine that
# has everything already is left untouched.
#   - LibreOffice Calc, headless (Debian's libreoffice-calc-nogui): the analysts' round-trip test opens
#     and saves the decision tables with it (LibreOfficeRoundTripIT).
#   - Prometheus and Alertmanager (Debian's prometheus, prometheus-alertmanager): the integration tests
#     start the real binaries on loopback with configs of their own (PrometheusPullIT, AlertmanagerWebhookIT).
#     The packages' own system services are not started by this script (see policy-rc.d below).
#   - PostgreSQL (Debian's postgresql): the audit store's tests and PostgresEngineIT start their own server
#     from its binaries (/usr/lib/postgresql/NN/bin) in a temporary directory, on a free loopback port
#     (src/test/java/io/healingengine/audit/PostgresServer.java). The package's own cluster is not started.
#   - python3 (Debian's python3-minimal): the supervised-process tests run a small HTTP target with it
#     (SupervisedProcessIT), and the engine waits on a pidfile-watched process through it.
set -euo pipefail

# Whether a Debian package is installed. (Not "is the binary on the PATH": /usr/bin/soffice belongs to
# libreoffice-common, which stays when Calc itself is removed.)
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
installed libreoffice-calc-nogui || installed libreoffice-calc || missing+=(libreoffice-calc-nogui)
installed prometheus || missing+=(prometheus)
installed prometheus-alertmanager || missing+=(prometheus-alertmanager)
installed postgresql || missing+=(postgresql)
[ -x /usr/bin/python3 ] || missing+=(python3-minimal)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-test-tools: need ${missing[*]} (Debian packages) and neither root nor sudo is available" >&2
  exit 1
fi

# The prometheus packages start a system Prometheus (0.0.0.0:9090) and Alertmanager (9093, 9094) when
# installed, and postgresql its main cluster (5432). The tests need only the binaries, so unless the machine already has a policy, the services
# are kept from starting during the install (exit 101 = "action forbidden", see invoke-rc.d(8)).
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  trap '"${sudo[@]}" rm -f "$policy"' EXIT
  printf '#!/bin/sh\n# written by healing-engine scripts/install-test-tools.sh for one apt-get run\nexit 101\n' \
    | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
fi

echo "install-test-tools: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for package in "${missing[@]}"; do
  installed "$package" || { echo "install-test-tools: $package still missing after install" >&2; exit 1; }
done
