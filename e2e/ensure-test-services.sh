#!/bin/sh
# Makes sure what the tests need outside node_modules is there:
#  - a Chromium for Playwright (Debian's; Playwright's own download is unreachable here),
#  - a PostgreSQL server with the test database, for the data-layer tests.
# As root with apt-get, missing pieces are installed and started; otherwise it says what to do.
set -e

can_install() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- browser
browser="${PLAYWRIGHT_CHROMIUM_PATH-/usr/bin/chromium}"
if [ -n "$browser" ] && [ ! -x "$browser" ]; then
  if can_install; then
    echo "Installing Debian's chromium for the end-to-end tests..."
    apt_install chromium
  else
    echo "No browser at $browser. Install one (as root: apt-get install -y chromium), set PLAYWRIGHT_CHROMIUM_PATH" >&2
    echo "to a Chromium binary, or set PLAYWRIGHT_CHROMIUM_PATH= (empty) to use Playwright's own browsers." >&2
    exit 1
  fi
fi

# --- PostgreSQL
if [ -n "$TEST_POSTGRES_URL" ]; then
  exit 0 # the caller provides one
fi
if node -e "const c=new (require('pg').Client)({connectionString:'postgresql://steady:steady@127.0.0.1:5432/steady_test'});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" 2>/dev/null; then
  exit 0
fi
if ! can_install; then
  echo "The data-layer tests need PostgreSQL at postgresql://steady:steady@127.0.0.1:5432/steady_test" >&2
  echo "(or set TEST_POSTGRES_URL). Run this script as root to install and start one." >&2
  exit 1
fi
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "Installing PostgreSQL for the data-layer tests..."
  apt_install postgresql
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep "^$version main" | grep -q online; then
  echo "Starting PostgreSQL $version on 127.0.0.1:5432..."
  pg_ctlcluster "$version" main start
fi
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='steady'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE steady LOGIN PASSWORD 'steady' CREATEDB\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='steady_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O steady steady_test"
echo "PostgreSQL ready: postgresql://steady:steady@127.0.0.1:5432/steady_test"
