#!/usr/bin/env bash
# Installs what the build, the tools and the tests need: apt packages, the pinned third-party model files the default
# saliency model embeds (eng/models/models.lock) and NuGet packages (ONNX Runtime's natives come with its NuGet package).
# Idempotent: each step is skipped when its result is already present.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "setup: need root for: $*" >&2; return 1; fi; }

# 1. apt: ffmpeg (decoding; and the encoders vmaf-tune drives through it: libx264, libx265, libvpx-vp9, libsvtav1,
#    libaom-av1, all in Debian's ffmpeg), python3-msgpack (sidecar interop test), chromium (the HTML report test opens
#    reports in Debian's headless Chromium; Playwright never downloads a browser).
missing=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
if command -v ffmpeg >/dev/null; then
  encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null || true)
  for encoder in libx264 libx265 libvpx-vp9 libsvtav1 libaom-av1; do
    if ! grep -q " $encoder " <<<"$encoders"; then
      if dpkg -s ffmpeg >/dev/null 2>&1; then
        echo "setup: warning: $(command -v ffmpeg) has no $encoder encoder; vmaf-tune and its tests need Debian's ffmpeg (or set VMAFROI_FFMPEG)" >&2
      else
        missing+=(ffmpeg)
      fi
      break
    fi
  done
fi
command -v x264 >/dev/null || missing+=(x264)
/usr/bin/python3 -c 'import msgpack' >/dev/null 2>&1 || missing+=(python3-msgpack)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Model files: MediaPipe BlazeFace for vmafroi_v2, pinned by sha256, into .models/ (the build embeds it).
bash "$repo/eng/models/fetch-models.sh"

# 3. NuGet packages (versions pinned in Directory.Packages.props).
dotnet restore "$repo/VmafRoi.Sdk.sln" --verbosity quiet
