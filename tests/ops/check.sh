#!/bin/sh
# Operational checks: what cron users rely on.
#   - a run that fails while writing exits 4, says why, and leaves the
#     previous outputs byte for byte as they were, with no temporary files;
#   - a run killed with SIGKILL in the middle leaves the previous outputs intact;
#   - two runs with SOURCE_DATE_EPOCH give identical bytes;
#   - --lock waits for another run holding the output directory;
#   - --split-by company makes safe, distinct directory names and writes
#     nothing outside -o;
#   - --month names the files after the period; an empty period still
#     gives a valid one-page briefing;
#   - success is silent.
# usage: check.sh REPORTGEN
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"

# 1. a good run, quiet
out=$tmp/out
"$bin" render "$data" -o "$out" >"$tmp/stdout" 2>"$tmp/stderr" && ok || bad "render failed"
[ -s "$tmp/stdout" ] || [ -s "$tmp/stderr" ] && bad "render was not quiet" || ok
sums "$out" >"$tmp/before"

# 2. failing writes: every write position in turn, until a run succeeds
n=1
while [ $n -le 40 ]; do
    REPORTGEN_FAIL_WRITE=$n "$bin" render "$data" -o "$out" --as-of 2025-01-31 \
        >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc -eq 0 ] && break
    [ $rc -eq 4 ] || bad "failed write $n: exit $rc, not 4"
    grep -q "cannot write" "$tmp/err" || bad "failed write $n: no message: $(cat "$tmp/err")"
    sums "$out" | cmp -s - "$tmp/before" || bad "failed write $n changed the old outputs"
    n=$((n + 1))
done
[ $n -gt 1 ] && ok || bad "the write hook never failed a write"
[ $rc -eq 0 ] && ok || bad "no run succeeded after $n failed writes"
sums "$out" | cmp -s - "$tmp/before" && bad "the last run did not replace the outputs" || ok
"$bin" render "$data" -o "$out" && sums "$out" | cmp -s - "$tmp/before" && ok ||
    bad "rerun did not restore identical bytes"

# 3. a full file system, when a small tmpfs can be mounted (root only)
mkdir "$tmp/small"
if mount -t tmpfs -o size=96k tmpfs "$tmp/small" 2>/dev/null; then
    echo old >"$tmp/small/briefing.pdf"
    "$bin" render "$data" -o "$tmp/small" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 4 ] && grep -q "No space left" "$tmp/err" && ok || bad "full disk: exit $rc: $(cat "$tmp/err")"
    [ "$(cat "$tmp/small/briefing.pdf")" = old ] && ok || bad "full disk replaced the old PDF"
    [ -z "$(ls -A "$tmp/small" | grep -v '^briefing.pdf$')" ] && ok || bad "full disk left files: $(ls -A "$tmp/small")"
    umount "$tmp/small"
else
    echo "ops: tmpfs not mountable here; the full-disk case is covered by the write hook"
fi

# 4. SIGKILL in the middle of a large run
python3 "$here/../../tools/gen.py" 20000 "$tmp/big.json"
"$bin" render "$tmp/big.json" -o "$tmp/kill" && sums "$tmp/kill" >"$tmp/kbefore"
# the kill must land while the run works: a run that finished first is
# tried again with less time
killed=0
for pause in 0.3 0.15 0.08 0.04 0.02; do
    "$bin" render "$tmp/big.json" -o "$tmp/kill" --as-of 2030-01-01 &
    pid=$!
    sleep $pause
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    [ $? -eq 137 ] && { killed=1; break; }
    "$bin" render "$tmp/big.json" -o "$tmp/kill"   # the old outputs again
done
[ $killed -eq 1 ] && ok || bad "every run finished before SIGKILL"
# a killed run cannot remove its hidden temporaries, its lock file or a
# commit's journal: the next run repairs and removes them (here a run whose
# own commit fails at once, so that the repaired directory stays to be seen)
[ -z "$(cd "$tmp/kill" && ls | grep -v -E '^(briefing.pdf|[a-z_]+\.csv)$')" ] && ok ||
    bad "SIGKILL left visible files"
REPORTGEN_FAIL_RENAME=1 "$bin" render "$tmp/big.json" -o "$tmp/kill" 2>/dev/null
sums "$tmp/kill" | cmp -s - "$tmp/kbefore" && ok || bad "SIGKILL changed the old outputs"
[ -z "$(find "$tmp/kill" -name '.*')" ] && ok ||
    bad "the next run left: $(find "$tmp/kill" -name '.*')"

# 5. reproducible bytes (SOURCE_DATE_EPOCH), and with --as-of alone
"$bin" render "$data" -o "$tmp/r1" && "$bin" render "$data" -o "$tmp/r2" &&
    [ "$(sums "$tmp/r1")" = "$(sums "$tmp/r2")" ] && ok || bad "two runs differ"
(unset SOURCE_DATE_EPOCH; "$bin" pdf "$data" -o "$tmp/a1.pdf" --as-of 2024-12-31 &&
    sleep 1.1 && "$bin" pdf "$data" -o "$tmp/a2.pdf" --as-of 2024-12-31) &&
    cmp -s "$tmp/a1.pdf" "$tmp/a2.pdf" && ok || bad "two runs with --as-of differ"

# 6. --lock waits for the holder of the lock
mkdir -p "$tmp/locked"
if command -v flock >/dev/null; then
    flock "$tmp/locked/.reportgen.lock" sleep 2 &
    holder=$!
    sleep 0.3
    start=$(date +%s.%N)
    "$bin" render "$data" -o "$tmp/locked" && ok || bad "locked run failed"
    end=$(date +%s.%N)
    python3 -c "import sys; sys.exit(0 if $end - $start >= 1.4 else 1)" && ok ||
        bad "the run did not wait for the holder of the lock"
    wait $holder
fi

# 7. --split-by company: safe and distinct names, nothing outside -o
cat >"$tmp/names.json" <<'JSON'
{"meetings": [{"id": "M1", "date": "2024-11-06", "title": "간담회"}],
 "pledges": [
  {"id": "P1", "meeting": "M1", "company": "../../escape", "category": "기타", "title": "가"},
  {"id": "P2", "meeting": "M1", "company": "a/b", "category": "기타", "title": "나"},
  {"id": "P3", "meeting": "M1", "company": "a:b", "category": "기타", "title": "다"},
  {"id": "P4", "meeting": "M1", "company": "-rf", "category": "기타", "title": "라"},
  {"id": "P5", "meeting": "M1", "company": ".hidden", "category": "기타", "title": "마"},
  {"id": "P6", "meeting": "M1", "company": "\u202eevil\u202c", "category": "기타", "title": "바"},
  {"id": "P7", "meeting": "M1", "company": "우아한형제들", "category": "기타", "title": "사"}
 ]}
JSON
mkdir "$tmp/split"
"$bin" render "$tmp/names.json" -o "$tmp/split/out" --split-by company && ok || bad "split failed"
(cd "$tmp/split/out" && ls -A | LC_ALL=C sort) >"$tmp/dirs"
printf '%s\n' _.__escape a_b a_b-2 briefing.pdf by_category.csv by_company.csv \
    company_category.csv evil hidden meetings.csv pledges.csv rf 우아한형제들 |
    LC_ALL=C sort >"$tmp/want"
cmp -s "$tmp/want" "$tmp/dirs" && ok || bad "split names: $(tr '\n' ' ' <"$tmp/dirs")"
[ "$(ls -A "$tmp/split")" = out ] && ok || bad "split wrote outside -o: $(ls -A "$tmp/split")"
[ -f "$tmp/split/out/a_b/briefing.pdf" ] && [ -f "$tmp/split/out/a_b-2/briefing.pdf" ] && ok ||
    bad "a/b and a:b did not get distinct directories"
[ -f "$tmp/split/out/우아한형제들/by_company.csv" ] && ok || bad "Korean name not kept"
[ -z "$(find "$tmp/split/out" -name '.*' -o -name '-*')" ] && ok ||
    bad "a name starts with . or -: $(find "$tmp/split/out" -name '.*' -o -name '-*')"

# 8. periods: file names, and an empty period
"$bin" render "$data" -o "$tmp/month" --month 2024-11 && [ -f "$tmp/month/briefing-2024-11.pdf" ] &&
    [ -f "$tmp/month/pledges-2024-11.csv" ] && ok || bad "--month file names"
"$bin" render "$data" -o "$tmp/empty" --month 2021-01 && ok || bad "empty month failed"
pdfinfo "$tmp/empty/briefing-2021-01.pdf" | grep -q "^Pages: *1$" && ok || bad "empty month is not one page"
pdftotext "$tmp/empty/briefing-2021-01.pdf" - | tr -d ' \n' | grep -q "약속이없습니다" && ok ||
    bad "empty month does not say so"

echo "ops: $pass passed, $fail failed"
[ $fail -eq 0 ]
