#!/usr/bin/env bash
# Fetches the pinned ONNX Runtime CPU library into <repo>/.natives/onnxruntime/<rid>/ (idempotent).
# The library comes from the onnxruntime-node npm package (`npm pack`, no install scripts run); both the tarball
# and the extracted library are checked against eng/natives/natives.lock before anything is put in place.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lock="$here/natives.lock"

# Reads key=value from the [onnxruntime] section of the lock file.
lock_value() {
  awk -v key="$1" '
    /^\[/ { section = $0; next }
    section == "[onnxruntime]" && index($0, key "=") == 1 { print substr($0, length(key) + 2); exit }
  ' "$lock"
}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  *)
    echo "fetch-onnxruntime: only linux-x64 is pinned in $lock; on $(uname -s)-$(uname -m) install ONNX Runtime 1.30 yourself and set VMAFROI_ONNXRUNTIME to the library path" >&2
    exit 1
    ;;
esac

version="$(lock_value version)"
package="$(lock_value npm_package)"
tarball_sha="$(lock_value tarball_sha256)"
member_path="$(lock_value "$rid.member")"
lib_sha="$(lock_value "$rid.sha256")"
dest="$repo/$(lock_value "$rid.dest")"
for v in version package tarball_sha member_path lib_sha; do
  if [ -z "${!v}" ]; then
    echo "fetch-onnxruntime: $lock has no value for '$v' in [onnxruntime]" >&2
    exit 1
  fi
done

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$dest" ] && [ "$(sha256_of "$dest")" = "$lib_sha" ]; then
  echo "fetch-onnxruntime: $dest is ONNX Runtime $version (sha256 ok)"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-onnxruntime: npm is needed to fetch $package@$version (install Node.js 18+), or set VMAFROI_ONNXRUNTIME to an existing libonnxruntime.so.1 (1.30)" >&2
  exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vmafroi-ort.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-onnxruntime: npm pack $package@$version"
(cd "$tmp" && npm pack "$package@$version" --ignore-scripts --silent >/dev/null)
tarball="$(find "$tmp" -maxdepth 1 -name "$package-$version.tgz" -print -quit)"
if [ -z "$tarball" ]; then
  echo "fetch-onnxruntime: npm pack produced no $package-$version.tgz" >&2
  exit 1
fi

actual="$(sha256_of "$tarball")"
if [ "$actual" != "$tarball_sha" ]; then
  echo "fetch-onnxruntime: $package-$version.tgz has sha256 $actual, but $lock pins $tarball_sha; refusing it" >&2
  exit 1
fi

# The pinned member path first; the napi folder name changes between releases, so fall back to bin/napi-v*/linux/x64/.
member="$(tar -tzf "$tarball" | grep -Fx "$member_path" | head -n 1 || true)"
if [ -z "$member" ]; then
  member="$(tar -tzf "$tarball" | grep -E '^package/bin/napi-v[0-9]+/linux/x64/libonnxruntime\.so\.1$' | head -n 1 || true)"
fi
if [ -z "$member" ]; then
  echo "fetch-onnxruntime: no bin/napi-v*/linux/x64/libonnxruntime.so.1 inside $package-$version.tgz" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$tmp" "$member"
actual="$(sha256_of "$tmp/$member")"
if [ "$actual" != "$lib_sha" ]; then
  echo "fetch-onnxruntime: $member has sha256 $actual, but $lock pins $lib_sha; refusing it" >&2
  exit 1
fi

mkdir -p "$(dirname "$dest")"
# Copy beside the destination, then rename, so a concurrent build never sees half a library.
cp "$tmp/$member" "$dest.tmp.$$"
chmod 0644 "$dest.tmp.$$"
mv -f "$dest.tmp.$$" "$dest"
echo "fetch-onnxruntime: installed ONNX Runtime $version ($member) at $dest"
