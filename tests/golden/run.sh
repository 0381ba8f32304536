#!/bin/sh
# Golden tests: each tests/golden/<area>/<case>.json is run through
# reportgen and the output compared with the expected file(s) beside it:
#   <case>.dump   stdout of `reportgen dump <case>.json`        (exit 0)
#   <case>.diag   stderr of `reportgen validate <case>.json`, then "[exit N]"
#   <case>.agg    stdout of `reportgen dump --aggregate <case>.json`
#   <case>.csv/   the files `reportgen csv <case>.json -o DIR` writes
#   <case>.layout stdout of `reportgen dump --layout-dump <case>.json`
#   <case>.opts   extra options for every command of the case (one line),
#                 e.g. "--layout layouts/narrow.json" (layouts/ is not a case)
# A case named strict-* runs with --strict; as-of dates come from
# SOURCE_DATE_EPOCH set below, so results never depend on today's date.
# Set UPDATE=1 to rewrite the expected files from the current output.
# Set RUNNER="valgrind ..." to run every command under a checker (make
# check-valgrind); a run the checker complains about fails the case.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT TERM
if [ -n "${RUNNER:-}" ]; then
    # the wrapper lives in $tmp, so that the trap removes it too
    real=$bin
    bin=$tmp/runner
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$RUNNER" "$real" >"$bin"
    chmod +x "$bin"
fi
export SOURCE_DATE_EPOCH=1735603200   # 2024-12-31
export LC_ALL=C

check() { # expected-file actual-file label
    if [ "${UPDATE:-0}" = 1 ]; then
        cp "$2" "$1"
    fi
    if cmp -s "$1" "$2"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $3"
        diff -u "$1" "$2" | head -40
    fi
}

for area in "$here"/*/; do
    cd "$area" || exit 1
    for json in *.json; do
        [ -e "$json" ] || continue
        case=${json%.json}
        strict=
        case $case in strict-*) strict=--strict ;; esac
        [ -f "$case.opts" ] && strict="$strict $(cat "$case.opts")"
        if [ -f "$case.dump" ]; then
            "$bin" $strict dump "$json" >"$tmp/out" 2>"$tmp/err"
            rc=$?
            [ $rc -ne 0 ] && { echo "exit $rc:"; cat "$tmp/err"; } >>"$tmp/out"
            check "$case.dump" "$tmp/out" "$(basename "$area")/$case.dump"
        fi
        if [ -f "$case.diag" ]; then
            "$bin" $strict validate "$json" >"$tmp/out" 2>"$tmp/err"
            echo "[exit $?]" >>"$tmp/err"
            cat "$tmp/out" >>"$tmp/err"
            check "$case.diag" "$tmp/err" "$(basename "$area")/$case.diag"
        fi
        if [ -f "$case.agg" ]; then
            "$bin" $strict dump --aggregate "$json" >"$tmp/out" 2>&1
            check "$case.agg" "$tmp/out" "$(basename "$area")/$case.agg"
        fi
        if [ -f "$case.layout" ]; then
            "$bin" $strict dump --layout-dump "$json" >"$tmp/out" 2>&1
            echo "[exit $?]" >>"$tmp/out"
            check "$case.layout" "$tmp/out" "$(basename "$area")/$case.layout"
        fi
        if [ -d "$case.csv" ]; then
            rm -rf "$tmp/csv"
            "$bin" $strict csv "$json" -o "$tmp/csv" >"$tmp/out" 2>&1
            echo "[exit $?]" >>"$tmp/out"
            if [ "${UPDATE:-0}" = 1 ] && ls "$tmp/csv"/*.csv >/dev/null 2>&1; then
                cp "$tmp/csv"/*.csv "$case.csv/"
            fi
            check "$case.csv/log" "$tmp/out" "$(basename "$area")/$case.csv/log"
            for f in "$case.csv"/*.csv; do
                [ -e "$f" ] || continue
                check "$f" "$tmp/csv/$(basename "$f")" "$(basename "$area")/$f"
            done
            # no file may be written that is not expected (a failed run writes none)
            (cd "$case.csv" && ls *.csv 2>/dev/null) >"$tmp/want"
            (cd "$tmp/csv" 2>/dev/null && ls -A) >"$tmp/got"
            if ! cmp -s "$tmp/want" "$tmp/got"; then
                fail=$((fail + 1))
                echo "FAIL: $(basename "$area")/$case.csv: unexpected files written"
                diff "$tmp/want" "$tmp/got"
            fi
        fi
    done
done
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
