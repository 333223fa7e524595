#!/usr/bin/env bash
# Sets up, builds and runs every test; ends with a line "N passed, N failed".
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$repo/eng/setup.sh" || { echo "0 passed, 0 failed"; exit 1; }
export VMAFROI_SHARED="${VMAFROI_SHARED:-$repo/../shared}"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet build "$repo/VmafRoi.Sdk.sln" -c Release --nologo --verbosity quiet || { echo "0 passed, 0 failed"; exit 1; }
dotnet test "$repo/VmafRoi.Sdk.sln" -c Release --no-build --nologo -p:VmafRoiTrx=true --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test: dotnet test exited $status (a test host crashed or did not start)" >&2
fi
echo "$passed passed, $failed failed"
exit "$status"
