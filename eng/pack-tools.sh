#!/usr/bin/env bash
# Packs the dotnet tools into OUT (default artifacts/packages). dotnet-vmaf is packed as a .NET 10 RID-specific tool:
# a pointer package, a Native AOT package for this machine's RID (no JIT at start-up) and a portable CoreCLR package
# ("any") that `dotnet tool install` falls back to on every other platform. The other tools pack framework-dependent.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-artifacts/packages}"
mkdir -p "$out"
rid="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
[ "$rid" = "linux-x64" ] || { echo "pack-tools: the AOT package list names linux-x64; this machine is $rid" >&2; exit 1; }

vmaf=src/tools/dotnet-vmaf
dotnet pack "$vmaf" -c Release -p:VmafRoiRidTool=true -o "$out"
dotnet pack "$vmaf" -c Release -p:VmafRoiRidTool=true -r "$rid" -o "$out"
dotnet pack "$vmaf" -c Release -p:VmafRoiRidTool=true -r any -o "$out"
for tool in vmaf-roi-score vmaf-roi vmaf-tune vmaf-saliency-materialize; do
  dotnet pack "src/tools/$tool" -c Release -o "$out"
done
echo "pack-tools: packages in $out (install: dotnet tool install -g dotnet-vmaf --add-source $out)"
