#!/bin/sh
# Optional check, not run by `make check`: open reportgen's CSV files in
# LibreOffice Calc the way a user would, save them as .xlsx, save that back
# as CSV, and check that the Hangul company names and every number came
# through unchanged, that numbers became numeric cells, and that no
# formula-like company name became a formula.
#
#   sh tests/office/check.sh [build/reportgen]
#
# Prints "office check: skipped ..." and exits 0 when LibreOffice (or
# python3, used to read the files) is not installed.  Run from anywhere.
set -u

office=$(command -v libreoffice || command -v soffice || true)
if [ -z "$office" ]; then
    echo "office check: skipped (libreoffice not installed)"
    exit 0
fi
if ! command -v python3 >/dev/null; then
    echo "office check: skipped (python3 not installed)"
    exit 0
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/reportgen}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
if [ ! -x "$bin" ]; then
    echo "office check: $bin not found; run make first" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1735603200   # 2024-12-31
fail=0

# LibreOffice CSV filter options: separator 44 (,), text delimiter 34 ("),
# character set (76 UTF-8, 62 MS_949 = CP949), start at line 1.
calc() { # profile-dir args...
    prof=$1
    shift
    timeout 300 "$office" --headless --norestore "-env:UserInstallation=file://$prof" "$@" \
        >"$tmp/office.log" 2>&1
}

# check NAME DATASET CHARSET [reportgen options]
check() {
    name=$1 json=$2 charset=$3
    shift 3
    dir=$tmp/$name
    mkdir -p "$dir"
    if ! "$bin" --as-of 2024-12-31 "$@" csv "$json" -o "$dir/csv" >"$dir/log" 2>&1; then
        echo "FAIL: $name: reportgen failed:"; cat "$dir/log"
        fail=1
        return
    fi
    if ! calc "$tmp/profile" --infilter="CSV:44,34,$charset,1" --convert-to xlsx \
            --outdir "$dir/xlsx" "$dir/csv/by_company.csv" ||
        ! calc "$tmp/profile" --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" \
            --outdir "$dir/back" "$dir/xlsx/by_company.xlsx" ||
        [ ! -f "$dir/back/by_company.csv" ]; then
        echo "FAIL: $name: LibreOffice conversion failed:"; cat "$tmp/office.log"
        fail=1
        return
    fi
    enc=utf-8-sig
    [ "$charset" = 62 ] && enc=cp949
    python3 - "$name" "$dir/csv/by_company.csv" "$enc" "$dir/back/by_company.csv" \
        "$dir/xlsx/by_company.xlsx" <<'PY' || fail=1
import csv, re, sys, zipfile

name, orig_path, enc, back_path, xlsx_path = sys.argv[1:]
numeric = [1, 2, 3, 5, 6, 7, 8, 9]   # by_company.csv: counts and total_krw

def read(path, encoding):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f))

orig = read(orig_path, enc)
back = read(back_path, "utf-8")
errors = []
if len(orig) != len(back):
    errors.append("%d rows became %d" % (len(orig), len(back)))
for i, (a, b) in enumerate(zip(orig, back)):
    if a[0] != b[0]:
        errors.append("row %d: name %r became %r" % (i + 1, a[0], b[0]))
    if i == 0:
        continue
    for k in numeric:
        x, y = a[k], (b[k] if k < len(b) else None)
        if x == "" and y == "":
            continue
        if y is None or not re.fullmatch(r"[0-9]+", y) or int(x) != int(y):
            errors.append("row %d column %d: %r became %r" % (i + 1, k + 1, x, y))
    if a[4] != b[4]:
        errors.append("row %d: amount text %r became %r" % (i + 1, a[4], b[4]))
hangul = sum(1 for r in orig[1:] if re.search("[\uac00-\ud7a3]", r[0]))

# In the workbook: no formulas, and the numeric columns hold numbers.
with zipfile.ZipFile(xlsx_path) as z:
    sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
if "<f>" in sheet or "<f " in sheet:
    errors.append("the workbook holds a formula")
text_numbers = []
for col, row, attrs in re.findall(r'<c r="([A-Z]+)([0-9]+)"([^>]*)>', sheet):
    t = re.search(r'\bt="([a-z]+)"', attrs)
    if int(row) > 1 and col in "BCDFGHIJ" and t and t.group(1) != "n":
        text_numbers.append(col + row)
if text_numbers:
    errors.append("numbers stored as text in " + ", ".join(text_numbers[:5]))

for e in errors:
    print("FAIL: %s: %s" % (name, e))
if not errors:
    print("office check: %s: %d rows (%d Hangul names): names and numbers match "
          "after CSV -> xlsx -> CSV" % (name, len(orig) - 1, hangul))
sys.exit(1 if errors else 0)
PY
}

check seed-utf8 "$root/data/pledges.json" 76
check seed-cp949 "$root/data/pledges.json" 62 --csv-encoding cp949
check formula-guard "$root/tests/golden/csv/formula.json" 76
check totals "$root/tests/golden/csv/totals.json" 76 --csv-totals

[ $fail -eq 0 ] && echo "office check: passed ($("$office" --version 2>/dev/null | head -1))"
exit $fail
