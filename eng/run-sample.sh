#!/usr/bin/env bash
# The main job: sets up, builds, then scores the saliency-weighted (ROI) VMAF of a sample pair
# (foreman CIF, x264 CRF 32, from ../shared/vmaf/golden) on the managed engine with the built-in saliency model.
# Extra arguments are passed to vmaf-roi-score (e.g. --weight 0.7, --output roi.json).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$repo/eng/setup.sh"
export VMAFROI_SHARED="${VMAFROI_SHARED:-$repo/../shared}"
sample="$VMAFROI_SHARED/vmaf/golden/s07_foreman_352x288_x264crf32"
[ -d "$sample" ] || { echo "run-sample: sample clips not found at $sample (set VMAFROI_SHARED)" >&2; exit 1; }

dotnet build "$repo/src/tools/vmaf-roi-score/vmaf-roi-score.csproj" -c Release --nologo --verbosity quiet
exec dotnet "$repo/src/tools/vmaf-roi-score/bin/Release/net10.0/vmaf-roi-score.dll" \
  --reference "$sample/ref.mkv" --distorted "$sample/dis.mkv" \
  --saliency-model default --engine managed "$@"
