# Shared by the scripts under scripts/: locating the repository and finding Swift.

repo_root() {
  cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd
}

require_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
      if [ -x "$candidate/swift" ]; then PATH="$candidate:$PATH"; export PATH; return; fi
    done
    echo "error: swift is not on PATH; install Swift 6.1 or later from swift.org" >&2
    exit 3
  fi
}

# Installs the Debian packages named, those of whose commands are missing: each argument is
# "command:package" (e.g. "socat:socat" or "redis-server:redis-server").
require_commands() {
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"
}

# The C libraries the build links, found through pkg-config: libnl-3 and libnl-route-3 (the
# netns lab's rtnetlink).
require_build_libraries() {
  command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libnl-route-3.0 && return
  install_packages pkg-config libnl-3-dev libnl-route-3-dev
}

# Installs Debian packages with apt-get (through sudo unless root).
install_packages() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: $*" >&2
  # Servers (redis-server, etcd) must not start as services on installation: the tests and
  # suites start their own on free ports, and nothing may be left running. policy-rc.d says so
  # to the packages' install scripts while apt-get runs, unless the machine has a policy already.
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && own_policy=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  [ -z "$own_policy" ] || $sudo rm -f "$policy"
}

# Waits until a TCP socket listens on port $1 (read from /proc, so nothing is dialled), for at
# most $2 seconds (default 30).
wait_for_port() {
  local pattern deadline=$((SECONDS + ${2:-30}))
  pattern=$(printf ' [0-9A-F]+:%04X [0-9A-F]+:0000 0A ' "$1")
  until grep -qE "$pattern" /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "error: nothing listens on port $1" >&2; return 1; }
    sleep 0.1
  done
}
