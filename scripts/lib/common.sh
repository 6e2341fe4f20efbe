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
