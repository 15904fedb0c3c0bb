#!/usr/bin/env bash
# The test command of the README: installs what the tests need (scripts/install-test-tools.sh), then runs
# the whole suite — unit and rule tests, end-to-end tests, and the kjar build. CI runs exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-test-tools.sh
exec mvn -B -ntp verify "$@"
