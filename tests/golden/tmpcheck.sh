#!/bin/sh
# Check that tests/golden/run.sh leaves nothing in the temporary directory,
# with and without RUNNER (the checker's wrapper script): run it with TMPDIR
# set to an empty directory of its own, then look into that directory.
# usage: sh tests/golden/tmpcheck.sh build/reportgen
# RUNSH names another copy of run.sh to check (default: the one beside this).
set -u
here=$(cd "$(dirname "$0")" && pwd)
runsh=${RUNSH:-$here/run.sh}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
for runner in "" env; do
    mkdir "$dir/tmp"
    if ! TMPDIR=$dir/tmp RUNNER=$runner sh "$runsh" "$1" >"$dir/log" 2>&1; then
        echo "tmpcheck: run.sh failed with RUNNER='$runner':"
        tail -5 "$dir/log"
        status=1
    fi
    left=$(ls -A "$dir/tmp")
    if [ -n "$left" ]; then
        echo "tmpcheck: run.sh with RUNNER='$runner' left in TMPDIR:" $left
        status=1
    fi
    rm -rf "$dir/tmp"
done
[ $status -eq 0 ] && echo "tmpcheck: run.sh leaves no temporary file"
exit $status
