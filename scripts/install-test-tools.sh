#!/usr/bin/env bash
# Installs what the test suite needs beyond Java and Maven, if it is missing. Idempotent: a machine that
# has everything already is left untouched.
#   - LibreOffice Calc, headless (Debian's libreoffice-calc-nogui): the analysts' round-trip test opens
#     and saves the decision tables with it (LibreOfficeRoundTripIT).
set -euo pipefail

# Whether a Debian package is installed. (Not "is soffice on the PATH": /usr/bin/soffice belongs to
# libreoffice-common, which stays when Calc itself is removed.)
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
installed libreoffice-calc-nogui || installed libreoffice-calc || missing+=(libreoffice-calc-nogui)

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

echo "install-test-tools: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
installed libreoffice-calc-nogui || { echo "install-test-tools: libreoffice-calc-nogui still missing after install" >&2; exit 1; }
