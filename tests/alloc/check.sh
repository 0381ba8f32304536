#!/bin/sh
# Allocation failures: run `reportgen render` with REPORTGEN_FAIL_ALLOC=N for
# N = 1, 2, 3, ... (see xalloc.h) until runs succeed again.  Every failing run
# must print a message, exit 4 (or another documented non-zero status, counted
# apart), not die of a signal, and leave the output directory, which holds a
# previous good render of other data, as it was: no file added (temporary
# files included), removed, replaced or written.  A run that succeeds must
# write exactly the files of a run without the hook.
# usage: check.sh REPORTGEN [DATASET]
# REPORTGEN_PARALLEL=0 or 1 (passed on to reportgen) picks one thread or
# several whatever the dataset's size; make alloccheck runs both.
# Environment: ALLOC_DENSE (test every N up to it, default 5000: every allocation of the sample run), ALLOC_RATIO
# (beyond it, step N/ALLOC_RATIO, default 200; 0 = every N), ALLOC_MAX (give
# up there, default 200000), ALLOC_STRIDE (up to ALLOC_DENSE, every
# ALLOC_STRIDE-th N only, default 1: for slow builds such as the sanitizers').
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=${2:-$here/../golden/layout/mixed-scripts.json}
other=$here/../../data/pledges.json
dense=${ALLOC_DENSE:-5000}
ratio=${ALLOC_RATIO:-200}
stride=${ALLOC_STRIDE:-1}
max=${ALLOC_MAX:-200000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1735603200
export LC_ALL=C
unset REPORTGEN_FAIL_WRITE
fail=0 tested=0 exercised=0 ok_streak=0 other_status=0 first_ok=0 first_bad= last_bad= n=0

bad() {
    fail=$((fail + 1))
    [ $fail -le 30 ] && echo "FAIL: $*"
    [ -z "$first_bad" ] && first_bad=$n
    last_bad=$n
}
sums() { (cd "$1" && find . -type f -exec sha256sum {} + | sort -k 2); }
# inode, size and time of every entry: any new, removed, replaced or written file shows
listing() { ls -Ali --time-style=+%s.%N "$1" | sed 1d; }

# what a successful run writes, and the previous render a failed run must keep
"$bin" render "$data" -o "$tmp/want" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
"$bin" render "$other" -o "$tmp/prev" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
sums "$tmp/want" >"$tmp/want.sums"

cp -R "$tmp/prev" "$tmp/dir"
listing "$tmp/dir" >"$tmp/prev.list"
n=1
while [ $n -le "$max" ]; do
    REPORTGEN_FAIL_ALLOC=$n timeout -k 2 30 "$bin" render "$data" -o "$tmp/dir" \
        >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    tested=$((tested + 1))
    listing "$tmp/dir" >"$tmp/got.list"
    if [ $rc -eq 0 ]; then
        sums "$tmp/dir" >"$tmp/got.sums"
        cmp -s "$tmp/want.sums" "$tmp/got.sums" ||
            bad "N=$n: succeeded but wrote other files: $(diff "$tmp/want.sums" \
                "$tmp/got.sums" | grep '^[<>]' | head -2 | tr '\n' ' ')"
        [ $ok_streak -eq 0 ] && first_ok=$n
        ok_streak=$((ok_streak + 1))
        [ $ok_streak -ge 3 ] && break
    else
        ok_streak=0
        exercised=$tested
        if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
            bad "N=$n: did not finish within 30 s"
        elif [ $rc -gt 128 ]; then
            bad "N=$n: killed by signal $((rc - 128)): $(head -c 200 "$tmp/stderr")"
        elif [ $rc -ne 4 ]; then
            case $rc in
            1|3) other_status=$((other_status + 1))
                 [ $other_status -le 5 ] &&
                     echo "note: N=$n: exit $rc: $(head -c 200 "$tmp/stderr")" ;;
            *) bad "N=$n: exit status $rc: $(head -c 200 "$tmp/stderr")" ;;
            esac
        fi
        grep -q '^reportgen: ' "$tmp/stderr" || bad "N=$n: exit $rc without a message"
        cmp -s "$tmp/prev.list" "$tmp/got.list" ||
            bad "N=$n: the output directory changed: $(diff "$tmp/prev.list" \
                "$tmp/got.list" | grep '^[<>]' | head -2 | tr '\n' ' ')"
    fi
    [ -s "$tmp/stdout" ] && bad "N=$n: wrote to standard output"
    if ! cmp -s "$tmp/prev.list" "$tmp/got.list"; then   # put the previous render back
        rm -rf "$tmp/dir"
        cp -R "$tmp/prev" "$tmp/dir"
        listing "$tmp/dir" >"$tmp/prev.list"
    fi
    if [ $ok_streak -gt 0 ]; then
        n=$((n + 1))   # the successes that end the loop are consecutive
    elif [ $n -lt "$dense" ] || [ "$ratio" -eq 0 ]; then
        n=$((n + stride))
    else
        step=$((n / ratio))
        [ $step -lt 1 ] && step=1
        n=$((n + step))
    fi
done

if [ $ok_streak -lt 3 ]; then
    bad "runs still fail at N=$max (ALLOC_MAX); raise it"
    first_ok=$n
fi
[ $fail -gt 30 ] && echo "... $((fail - 30)) more failures"
[ $fail -gt 0 ] && echo "alloc: failures between N=$first_bad and N=$last_bad"
echo "alloc (REPORTGEN_PARALLEL=${REPORTGEN_PARALLEL:-}, N in steps of ${stride}): $((first_ok - 1)) allocations in a run," \
     "$exercised allocation points" \
     "exercised in $tested runs, $fail failed ($other_status runs exited 1 or 3, not 4)"
[ $fail -eq 0 ]
