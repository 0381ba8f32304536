#!/bin/sh
# All or nothing: a run's files replace the previous run's together or not
# at all.
#   - the commit fails at each position of the file set in turn (render,
#     and render --split-by company): the directory is byte for byte, name
#     for name, the previous run's, and a company directory the run created
#     is gone again;
#   - a run killed between two renames leaves a journal, and the next run
#     repairs it: the previous set back, or the killed run's whole set when
#     it had renamed everything;
#   - a directory, FIFO or symbolic link where an output file goes stops the
#     run before any rename, without hanging;
#   - a company directory that cannot be created: exit 4, the directory
#     named, nothing left behind (a file in the way; a file system out of
#     inodes, when tmpfs can be mounted);
#   - what killed runs leave (temporaries, the lock file) is removed by the
#     next run.
# usage: commit.sh REPORTGEN
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"

# every entry below a directory, hidden ones included, with its checksum
tree() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while read -r f; do
    if [ -f "$f" ]; then echo "$f $(sha256sum <"$f" | cut -c1-16)"; else echo "$f"; fi
done); }

# 1. the commit fails at position N, for every N, then succeeds
fail_each() { # label dataset args...
    label=$1 input=$2
    shift 2
    rm -rf "$tmp/ao"
    "$bin" render "$input" -o "$tmp/ao" --as-of 2024-06-30 "$@" || bad "$label: first run"
    tree "$tmp/ao" >"$tmp/prev"
    n=1 positions=0
    while [ $n -le 400 ]; do
        REPORTGEN_FAIL_RENAME=$n "$bin" render "$input" -o "$tmp/ao" --as-of 2024-12-31 "$@" \
            2>"$tmp/err"
        rc=$?
        [ $rc -eq 0 ] && break
        positions=$((positions + 1))
        [ $rc -eq 4 ] || bad "$label: rename $n failed: exit $rc"
        grep -q "previous run were kept" "$tmp/err" || bad "$label: rename $n: $(cat "$tmp/err")"
        tree "$tmp/ao" | cmp -s - "$tmp/prev" ||
            bad "$label: rename $n failed and the directory changed: $(tree "$tmp/ao" |
                diff "$tmp/prev" - | grep '^[<>]' | head -3 | tr '\n' ' ')"
        n=$((n + 1))
    done
    [ $rc -eq 0 ] && [ $positions -ge "$want_positions" ] && ok ||
        bad "$label: $positions positions failed, $want_positions expected (exit $rc)"
    tree "$tmp/ao" | cmp -s - "$tmp/prev" && bad "$label: the successful run changed nothing" || ok
    [ -z "$(find "$tmp/ao" -name '.*')" ] && ok || bad "$label: left $(find "$tmp/ao" -name '.*')"
}
want_positions=6
fail_each render "$data"
# three companies: 6 + 3 * 6 files
cat >"$tmp/three.json" <<'JSON'
{"meetings": [{"id": "M1", "date": "2024-03-06", "title": "간담회"}],
 "pledges": [
  {"id": "P1", "meeting": "M1", "company": "네이버", "category": "기타", "title": "가",
   "timeline": "2024년 6월"},
  {"id": "P2", "meeting": "M1", "company": "카카오", "category": "기타", "title": "나",
   "timeline": "2024년 9월"},
  {"id": "P3", "meeting": "M1", "company": "쿠팡", "category": "기타", "title": "다"}
 ]}
JSON
want_positions=24
fail_each "render --split-by company" "$tmp/three.json" --split-by company
# company directories that a failed run created are removed again
rm -rf "$tmp/ao"
"$bin" render "$data" -o "$tmp/ao" || bad "plain run"
tree "$tmp/ao" >"$tmp/prev"
REPORTGEN_FAIL_RENAME=20 "$bin" render "$data" -o "$tmp/ao" --split-by company 2>/dev/null
[ $? -eq 4 ] && tree "$tmp/ao" | cmp -s - "$tmp/prev" && ok ||
    bad "a failed split run left: $(tree "$tmp/ao" | diff "$tmp/prev" - | head -3 | tr '\n' ' ')"

# 2. killed after rename N: the next run repairs (seen through a run whose
# own commit then fails at once, so that the repaired state stays)
rm -rf "$tmp/k"
"$bin" render "$data" -o "$tmp/k" --as-of 2024-06-30 && tree "$tmp/k" >"$tmp/old"
"$bin" render "$data" -o "$tmp/knew" --as-of 2024-12-31 && tree "$tmp/knew" >"$tmp/new"
for n in 1 3 6; do
    REPORTGEN_KILL_AFTER_RENAME=$n "$bin" render "$data" -o "$tmp/k" --as-of 2024-12-31 2>/dev/null
    [ $? -eq 137 ] && ok || bad "kill after rename $n: the run was not killed"
    [ -f "$tmp/k/.reportgen.journal" ] && ok || bad "kill after rename $n: no journal"
    REPORTGEN_FAIL_RENAME=1 "$bin" render "$data" -o "$tmp/k" --as-of 2024-06-30 2>"$tmp/err"
    grep -q "warning: the previous run was interrupted" "$tmp/err" && ok ||
        bad "kill after rename $n: the repair was not reported: $(cat "$tmp/err")"
    want=$tmp/old
    [ $n -eq 6 ] && want=$tmp/new   # every rename done: the commit is finished
    tree "$tmp/k" | cmp -s - "$want" && ok ||
        bad "kill after rename $n: after the repair: $(tree "$tmp/k" | diff "$want" - |
            head -4 | tr '\n' ' ')"
    "$bin" render "$data" -o "$tmp/k" --as-of 2024-06-30 2>"$tmp/err" && [ ! -s "$tmp/err" ] &&
        tree "$tmp/k" | cmp -s - "$tmp/old" && ok || bad "kill after rename $n: rerun"
done
# split: killed half-way through a tree of 6 + 6 * companies files
rm -rf "$tmp/ks"
"$bin" render "$tmp/three.json" -o "$tmp/ks" && tree "$tmp/ks" >"$tmp/old"
REPORTGEN_KILL_AFTER_RENAME=17 "$bin" render "$tmp/three.json" -o "$tmp/ks" --split-by company \
    2>/dev/null
REPORTGEN_FAIL_RENAME=1 "$bin" render "$tmp/three.json" -o "$tmp/ks" 2>/dev/null
tree "$tmp/ks" | cmp -s - "$tmp/old" && ok ||
    bad "killed split: $(tree "$tmp/ks" | diff "$tmp/old" - | head -4 | tr '\n' ' ')"
# a journal reportgen did not write is not acted on
printf 'F\t../../etc/passwd\t.x.tmp-AAAAAA\t-\n' >"$tmp/ks/.reportgen.journal"
"$bin" render "$tmp/three.json" -o "$tmp/ks" 2>"$tmp/err"
[ $? -eq 4 ] && grep -q "not a journal reportgen wrote" "$tmp/err" && ok ||
    bad "foreign journal: $(cat "$tmp/err")"
rm "$tmp/ks/.reportgen.journal"

# 3. something other than a regular file where an output goes
for kind in dir fifo link; do
    rm -rf "$tmp/t"
    "$bin" render "$data" -o "$tmp/t" --as-of 2024-06-30 || bad "$kind: first run"
    rm "$tmp/t/meetings.csv"
    case $kind in
    dir) mkdir "$tmp/t/meetings.csv" && echo x >"$tmp/t/meetings.csv/keep" ;;
    fifo) mkfifo "$tmp/t/meetings.csv" ;;
    link) ln -s "$tmp/victim" "$tmp/t/meetings.csv" ;;
    esac
    tree "$tmp/t" >"$tmp/prev"
    timeout 20 "$bin" render "$data" -o "$tmp/t" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 4 ] && grep -q "will not replace: '.*meetings.csv' is a" "$tmp/err" && ok ||
        bad "$kind at meetings.csv: exit $rc: $(cat "$tmp/err")"
    tree "$tmp/t" | cmp -s - "$tmp/prev" && [ ! -e "$tmp/victim" ] && ok ||
        bad "$kind at meetings.csv: the directory changed"
done

# 4. a company directory that cannot be created
cat >"$tmp/coll.json" <<'JSON'
{"meetings": [{"id": "M1", "date": "2024-11-06", "title": "간담회"}],
 "pledges": [
  {"id": "P1", "meeting": "M1", "company": "pledges.csv", "category": "기타", "title": "가"},
  {"id": "P2", "meeting": "M1", "company": "카카오", "category": "기타", "title": "나"},
  {"id": "P3", "meeting": "M1", "company": "CON", "category": "기타", "title": "다"}
 ]}
JSON
rm -rf "$tmp/c"
"$bin" render "$tmp/coll.json" -o "$tmp/c" --split-by company 2>"$tmp/err" && ok ||
    bad "a company named like an output file: $(cat "$tmp/err")"
[ -f "$tmp/c/pledges.csv" ] && [ -d "$tmp/c/pledges.csv-2" ] && [ -d "$tmp/c/CON_" ] && ok ||
    bad "company directories: $(ls "$tmp/c" | tr '\n' ' ')"
rm -rf "$tmp/c" && mkdir "$tmp/c" && echo mine >"$tmp/c/카카오"
tree "$tmp/c" >"$tmp/prev"
"$bin" render "$tmp/coll.json" -o "$tmp/c" --split-by company 2>"$tmp/err"
rc=$?
[ $rc -eq 4 ] && grep -q "cannot create directory '.*/카카오'" "$tmp/err" && ok ||
    bad "a file in the company directory's way: exit $rc: $(cat "$tmp/err")"
tree "$tmp/c" | cmp -s - "$tmp/prev" && ok || bad "it left: $(ls -A "$tmp/c" | tr '\n' ' ')"
mkdir "$tmp/ino"
if mount -t tmpfs -o size=4m,nr_inodes=8 tmpfs "$tmp/ino" 2>/dev/null; then
    "$bin" render "$data" -o "$tmp/ino/out" --split-by company 2>"$tmp/err"
    rc=$?
    [ $rc -eq 4 ] && grep -q "cannot" "$tmp/err" && ok ||
        bad "out of inodes: exit $rc: $(cat "$tmp/err")"
    [ -z "$(ls -A "$tmp/ino")" ] && ok || bad "out of inodes left: $(find "$tmp/ino")"
    umount "$tmp/ino"
else
    echo "commit: tmpfs not mountable here; the out-of-inodes case is skipped"
fi

# 5. leftovers of killed runs are removed by the next run
rm -rf "$tmp/l"
"$bin" render "$data" -o "$tmp/l" || bad "leftovers: first run"
: >"$tmp/l/.pledges.csv.tmp-AbC123"
: >"$tmp/l/.reportgen.lock"
"$bin" render "$data" -o "$tmp/l" && [ -z "$(find "$tmp/l" -name '.*')" ] && ok ||
    bad "leftovers stayed: $(find "$tmp/l" -name '.*')"

echo "commit: $pass passed, $fail failed"
[ $fail -eq 0 ]
