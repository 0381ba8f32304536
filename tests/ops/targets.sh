#!/bin/sh
# Where outputs go, and who else is there:
#   - pdf -o: '-' and /dev/stdout are standard output; a FIFO or character
#     device is written into, never replaced by a file; a directory or a
#     symbolic link is refused (exit 2) before any work;
#   - modes: new files follow the umask, replaced files keep their mode;
#   - the lock: taken before the work, by default, never through a
#     symbolic link, removed at the end; of two overlapping runs the later
#     one's files are left whole;
#   - help and version into a full disk fail; messages a user reads
#     (months, counts, progress on a terminal).
# usage: targets.sh REPORTGEN
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"

# 1. pdf -o special targets
(cd "$tmp" && "$bin" pdf "$data" -o - >stdout.pdf) && pdfinfo "$tmp/stdout.pdf" >/dev/null 2>&1 &&
    ok || bad "-o - did not write a PDF to standard output"
[ ! -e "$tmp/-" ] && ok || bad "-o - created a file named '-'"
"$bin" pdf "$data" -o /dev/stdout >"$tmp/devstdout.pdf" && cmp -s "$tmp/stdout.pdf" "$tmp/devstdout.pdf" &&
    ok || bad "-o /dev/stdout into a file"
"$bin" pdf "$data" -o - | cmp -s - "$tmp/stdout.pdf" && ok || bad "-o - into a pipe"
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/fromfifo.pdf" &
reader=$!
timeout 20 "$bin" pdf "$data" -o "$tmp/fifo" && ok || bad "-o FIFO failed"
wait $reader
[ -p "$tmp/fifo" ] && cmp -s "$tmp/fromfifo.pdf" "$tmp/stdout.pdf" && ok ||
    bad "-o FIFO: replaced, or other bytes"
if [ -c /dev/full ] && [ -w /dev/full ]; then
    "$bin" pdf "$data" -o /dev/full 2>"$tmp/err"
    rc=$?
    [ $rc -eq 4 ] && grep -q "No space left" "$tmp/err" && [ -c /dev/full ] && ok ||
        bad "-o /dev/full: exit $rc, $(ls -l /dev/full): $(cat "$tmp/err")"
fi
mkdir "$tmp/d"
for o in "$tmp/d/" "$tmp/d"; do
    "$bin" pdf "$data" -o "$o" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] && grep -q "is a directory; 'pdf' writes one file" "$tmp/err" && ok ||
        bad "-o $o: exit $rc: $(cat "$tmp/err")"
done
echo old >"$tmp/real.pdf"
ln -s "$tmp/real.pdf" "$tmp/link.pdf"
"$bin" pdf "$data" -o "$tmp/link.pdf" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ -L "$tmp/link.pdf" ] && [ "$(cat "$tmp/real.pdf")" = old ] && ok ||
    bad "-o symbolic link: exit $rc: $(cat "$tmp/err")"

# 2. modes
(umask 077 && "$bin" render "$data" -o "$tmp/m") || bad "umask 077 run"
[ "$(stat -c %a "$tmp/m" "$tmp/m/briefing.pdf" "$tmp/m/pledges.csv" | tr '\n' ' ')" = "700 600 600 " ] &&
    ok || bad "umask 077: $(stat -c '%n %a' "$tmp/m" "$tmp/m"/* | tr '\n' ' ')"
chmod 640 "$tmp/m/briefing.pdf"
chmod 664 "$tmp/m/pledges.csv"
(umask 022 && "$bin" render "$data" -o "$tmp/m" --as-of 2024-06-30) || bad "second run"
[ "$(stat -c %a "$tmp/m/briefing.pdf" "$tmp/m/pledges.csv" | tr '\n' ' ')" = "640 664 " ] && ok ||
    bad "replaced files lost their mode: $(stat -c '%n %a' "$tmp/m"/* | tr '\n' ' ')"
(umask 002 && "$bin" pdf "$data" -o "$tmp/m/new.pdf") && [ "$(stat -c %a "$tmp/m/new.pdf")" = 664 ] &&
    ok || bad "umask 002: $(stat -c %a "$tmp/m/new.pdf")"

# 3. the lock
mkdir "$tmp/lk"
ln -s "$tmp/victim" "$tmp/lk/.reportgen.lock"
"$bin" render "$data" -o "$tmp/lk" 2>"$tmp/err"
rc=$?
[ $rc -eq 4 ] && grep -q "symbolic link" "$tmp/err" && [ ! -e "$tmp/victim" ] && ok ||
    bad "lock through a symbolic link: exit $rc: $(cat "$tmp/err")"
rm "$tmp/lk/.reportgen.lock"
"$bin" render "$data" -o "$tmp/lk" && [ ! -e "$tmp/lk/.reportgen.lock" ] && ok ||
    bad "the lock file was left behind"
"$bin" pdf "$data" -o "$tmp/lk/x.pdf" && [ ! -e "$tmp/lk/.reportgen.lock" ] && ok ||
    bad "pdf left the lock file"
# a long run started first and a short one started second: the short one
# waits for the long one, and its files are the ones left, whole
python3 "$here/../../tools/gen.py" 3000 "$tmp/long.json"
"$bin" render "$data" -o "$tmp/want" --as-of 2024-06-30
sums "$tmp/want" >"$tmp/want.sums"
"$bin" render "$tmp/long.json" -o "$tmp/race" &
first=$!
i=0   # the first run holds the lock (taken before it reads its input)
while [ ! -e "$tmp/race/.reportgen.lock" ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
"$bin" render "$data" -o "$tmp/race" --as-of 2024-06-30 || bad "the second run failed"
wait $first
sums "$tmp/race" | cmp -s - "$tmp/want.sums" && ok ||
    bad "two overlapping runs: the second run's files are not the ones left"

# 4. help into a full disk; messages
if [ -w /dev/full ]; then
    "$bin" --help >/dev/full 2>/dev/null
    [ $? -eq 4 ] && ok || bad "--help into a full disk did not fail"
    "$bin" --version >/dev/full 2>/dev/null
    [ $? -eq 4 ] && ok || bad "--version into a full disk did not fail"
    "$bin" help render >/dev/full 2>/dev/null
    [ $? -eq 4 ] && ok || bad "help render into a full disk did not fail"
fi
"$bin" render "$data" -o "$tmp/mo" --month 2024-13 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "no such month" "$tmp/err" && ok || bad "--month 2024-13: $(cat "$tmp/err")"
"$bin" -v pdf "$data" --month 2021-01 -o "$tmp/one.pdf" 2>"$tmp/err"
grep -q ": 1 page, " "$tmp/err" && grep -q "wrote 1 file in" "$tmp/err" && ok ||
    bad "singular counts: $(cat "$tmp/err")"
# progress on a terminal: labelled stages, cleared before other output
REPORTGEN_PROGRESS_DELAY=0 python3 "$here/pty_run.py" "$bin" -v render "$tmp/long.json" \
    -o "$tmp/pty" >"$tmp/screen" || bad "render on a terminal failed"
python3 - "$tmp/screen" <<'PY' && ok || bad "progress: $(head -c 600 "$tmp/screen")"
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
# every progress line starts with \r, is cleared with \r\033[K before a plain line
assert "laying out: " in s and "numbering pages: " in s, "no labelled stages"
for m in re.finditer(r"reportgen: (?!laying|numbering|read:|writing|company)", s):
    before = s[:m.start()]
    last_progress = before.rfind("\r")
    assert last_progress < 0 or before.endswith("\r\033[K") or before.endswith("\n"), \
        "a line printed over the progress line: %r" % s[max(0, m.start() - 60):m.start() + 40]
# within a stage the count only grows
for stage in ("laying out: (\\d+) pages", "numbering pages: (\\d+) of"):
    nums = [int(x) for x in re.findall(stage, s)]
    assert nums == sorted(nums), "count goes back in %s" % stage
PY
"$bin" render "$tmp/long.json" -o "$tmp/nopty" 2>"$tmp/err" </dev/null
[ ! -s "$tmp/err" ] && ok || bad "progress without a terminal: $(cat "$tmp/err")"

echo "targets: $pass passed, $fail failed"
[ $fail -eq 0 ]
