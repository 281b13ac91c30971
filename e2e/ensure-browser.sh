#!/bin/sh
# Makes sure a Chromium for the end-to-end tests exists. Playwright's own browser
# download is not reachable here, so we use Debian's package.
set -e
browser="${PLAYWRIGHT_CHROMIUM_PATH-/usr/bin/chromium}"
if [ -z "$browser" ]; then
  echo "PLAYWRIGHT_CHROMIUM_PATH is empty: using Playwright's own browsers."
  exit 0
fi
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the end-to-end tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No browser at $browser for the end-to-end tests." >&2
echo "Install one (as root: apt-get install -y chromium), or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary," >&2
echo "or set PLAYWRIGHT_CHROMIUM_PATH= (empty) to use Playwright's own browsers." >&2
exit 1
