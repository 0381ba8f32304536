#!/bin/sh
# Hostile inputs against the built program: broken encodings, odd line ends,
# deep nesting, huge strings and arrays, out-of-range numbers and dates,
# text the fonts cannot show, invisible characters, and broken layouts.
# The inputs come from gen.py (the two large ones are made here, at test time).
# For every case: the exit status is 0, 1, 3 or 4 (never a signal, never 2)
# and the one the case expects; the run ends within its time limit; on
# failure stderr names the file (with line:column for invalid data) and the
# output directory, which holds a previous good render, is byte for byte as
# it was; on success the output is complete and right.
# usage: check.sh REPORTGEN      (HOSTILE_BIG=0 leaves out the two large inputs)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"
export LC_ALL=C
in=$tmp/in

has_bytes() { grep -q "$(printf "$1")" "$2"; }

asan=$(grep -c __asan_init "$bin")
[ "$asan" = 0 ] && asan=
big=--big
[ "${HOSTILE_BIG:-1}" = 0 ] && big=
python3 "$here/gen.py" "$in" $big || { echo "hostile: cannot generate inputs"; exit 1; }
mkdir "$tmp/good"
if ! "$bin" render "$data" -o "$tmp/good" >/dev/null 2>"$tmp/good.err"; then
    cat "$tmp/good.err"
    echo "hostile: the sample dataset does not render"
    exit 1
fi
sums "$tmp/good" >"$tmp/good.sums"

# run NAME EXPECT LIMIT [REGEX] [CHECK]
#   NAME    input file in $in; layout-*.json are layouts, rendered over the sample
#   EXPECT  allowed exit statuses, e.g. "1" or "0 1"
#   LIMIT   seconds before the run counts as hung
#   REGEX   stderr must match it too (grep -E), when not empty
#   CHECK   a function run on success with the output directory and the input
run() {
    name=$1 expect=$2 limit=$3 regex=${4:-} check=${5:-}
    dir=$tmp/out/$name
    file=$in/$name
    # sanitizers make a run several times slower: give them twice the time
    [ -n "$asan" ] && limit=$((limit * 2))
    mkdir -p "$tmp/out"
    cp -R "$tmp/good" "$dir"
    case $name in
    layout-*) set -- render "$data" --layout "$file" -o "$dir" ;;
    *) set -- render "$file" -o "$dir" ;;
    esac
    (
        # a runaway run must not take the machine with it (ASan needs its address space)
        [ -z "$asan" ] && ulimit -v 4000000
        exec timeout -k 2 "$limit" "$bin" "$@"
    ) >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    before=$fail
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        bad "$name: did not finish within $limit s"
        rc=999   # the checks of a finished run do not apply
    elif [ $rc -gt 128 ]; then
        bad "$name: killed by signal $((rc - 128))"
    else
        case " $expect " in
        *" $rc "*) ;;
        *) bad "$name: exit status $rc, expected $expect: $(head -c 300 "$tmp/stderr")" ;;
        esac
        case $rc in
        0|1|3|4) ;;
        *) bad "$name: exit status $rc is not 0, 1, 3 or 4" ;;
        esac
    fi
    [ -s "$tmp/stdout" ] && bad "$name: wrote to standard output"
    if [ $rc -ne 0 ] && [ $rc -le 128 ]; then
        grep -q "$name" "$tmp/stderr" ||
            bad "$name: stderr does not name the file: $(head -c 300 "$tmp/stderr")"
        if [ $rc -eq 1 ] && ! grep -Eq "^reportgen: [^ ]*$name:[0-9]+:[0-9]+: " "$tmp/stderr"
        then
            bad "$name: no file:line:column on stderr: $(head -c 300 "$tmp/stderr")"
        fi
    fi
    if [ $rc -ne 999 ] && [ -n "$regex" ] && ! grep -Eq "$regex" "$tmp/stderr"; then
        bad "$name: stderr does not match '$regex': $(head -c 300 "$tmp/stderr")"
    fi
    if [ $rc -eq 999 ]; then
        :   # stopped from outside: what it left behind proves nothing
    elif [ $rc -ne 0 ]; then
        sums "$dir" >"$tmp/after.sums"
        cmp -s "$tmp/good.sums" "$tmp/after.sums" ||
            bad "$name: a failed run changed the output directory:" \
                "$(diff "$tmp/good.sums" "$tmp/after.sums" | grep '^[<>]' | head -3 |
                   tr '\n' ' ')"
    else
        leftover=$(cd "$dir" && ls -A | grep '^\.' | head -3)
        [ -n "$leftover" ] && bad "$name: temporary files left: $leftover"
        for f in briefing.pdf by_company.csv by_category.csv company_category.csv \
                 pledges.csv meetings.csv; do
            [ -s "$dir/$f" ] || bad "$name: $f missing or empty"
        done
        [ -n "$check" ] && $check "$dir" "$file"
    fi
    [ $fail -eq $before ] && pass=$((pass + 1))
    rm -rf "$dir"
}

# ---- checks of successful output ----

pdf_text() { pdftotext -q "$1/briefing.pdf" - 2>/dev/null; }

# invisible format characters are gone from dump, CSV and PDF text
no_invisible() {
    "$bin" dump "$2" >"$tmp/dump"
    pdf_text "$1" >"$tmp/pdftext"
    tail -c +4 "$1/pledges.csv" >"$tmp/pledges.csv"   # after the file's own BOM
    for seq in '\342\200\213' '\342\200\214' '\342\200\215' '\342\201\240' '\357\273\277' \
               '\342\200\256' '\342\200\254' '\342\201\246' '\342\201\251' '\342\200\216' \
               '\342\200\217'; do
        for f in "$tmp/dump" "$tmp/pledges.csv" "$tmp/pdftext"; do
            has_bytes "$seq" "$f" && bad "$(basename "$2"): $seq left in $(basename "$f")"
        done
    done
    grep -q '상생약속 끝 역순 격리 표시' "$tmp/dump" ||
        bad "$(basename "$2"): dump lacks the cleaned title"
}

# decomposed jamo are composed: 한글 in the dump, the CSV and the PDF text
composed() {
    "$bin" dump "$2" >"$tmp/dump"
    for f in "$tmp/dump" "$1/pledges.csv"; do
        grep -q '한글 약속' "$f" ||
            bad "$(basename "$2"): no composed 한글 in $(basename "$f")"
        has_bytes '\341\204\222' "$f" && bad "$(basename "$2"): conjoining jamo left in $f"
    done
    pdf_text "$1" | grep -q '한글 약속' || bad "$(basename "$2"): no composed 한글 in the PDF"
}

bom_removed() {
    "$bin" dump "$2" >"$tmp/dump"
    grep -q 'title: 앞뒤' "$tmp/dump" || bad "$(basename "$2"): BOM not removed from the title"
}

amount_zero() {
    "$bin" dump "$2" | grep -q 'amount: 0 (0원)' || bad "$(basename "$2"): -0 is not 0원"
}

amount_max() {
    "$bin" dump "$2" | grep -q 'amount: 9223372036854775807 ' ||
        bad "$(basename "$2"): INT64_MAX amount not kept exactly"
}

# placeholders in data are printed as they are, never expanded
literal_braces() {
    pdf_text "$1" >"$tmp/pdftext"
    grep -q '{title} {page}' "$tmp/pdftext" ||
        bad "$(basename "$2"): the title '{title} {page}' was not printed literally"
    grep -q '{company}' "$tmp/pdftext" ||
        bad "$(basename "$2"): the company '{company}' was not printed literally"
}

same_as_lf() { # the CRLF and CR files give the same PDF as the same data with LF
    [ -f "$tmp/lf.pdf" ] || {
        python3 -c "import sys; d=open(sys.argv[1],'rb').read();
open(sys.argv[2],'wb').write(d.replace(b'\r\n', b'\n').replace(b'\r', b'\n'))" \
            "$in/crlf-valid.json" "$tmp/lf.json"
        "$bin" pdf "$tmp/lf.json" -o "$tmp/lf.pdf" 2>/dev/null
    }
    cmp -s "$tmp/lf.pdf" "$1/briefing.pdf" ||
        bad "$(basename "$2"): the briefing differs from the one of the LF file"
}

big_string() {
    sz=$(wc -c <"$1/pledges.csv")
    [ "$sz" -gt 50000000 ] ||
        bad "$(basename "$2"): pledges.csv has $sz bytes, not the 50 MB text"
}

# the title on every page after the first: one line, cut with an ellipsis
header_cut() {
    n=$(pdfinfo "$1/briefing.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    [ "${n:-0}" -ge 3 ] || bad "$(basename "$2"): ${n:-no} pages for a 10,000-character title"
    pdftotext -q -f 2 -l 2 -layout "$1/briefing.pdf" - 2>/dev/null | head -1 >"$tmp/header"
    grep -q '^ *플랫폼 상생협력.*…  *2024\. 12\. 31\. 기준$' "$tmp/header" ||
        bad "$(basename "$2"): header of page 2 is not the title cut before the date:" \
            "$(head -c 300 "$tmp/header")"
}

# the message of the last run quotes a long value cut short
short_message() {
    sz=$(wc -c <"$tmp/stderr")
    [ "$sz" -lt 1000 ] || bad "$1: $sz bytes of messages for one long value"
}

# 1000 paragraphs each followed by a page break (50 more at the top do nothing)
pages_1000() {
    n=$(pdfinfo "$1/briefing.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    [ "${n:-0}" -ge 1000 ] && [ "${n:-0}" -le 1001 ] ||
        bad "$(basename "$2"): ${n:-no} pages for 1000 page breaks"
}

# ---- the cases ----

# encodings: exit 1 with the position of the bad bytes
for c in invalid-utf8 invalid-utf8-truncated invalid-utf8-continuation overlong-slash \
         overlong-nul overlong-three-byte surrogate-encoded-utf8 above-u10ffff \
         lone-high-surrogate lone-low-surrogate reversed-surrogates nul-escape nul-raw \
         control-escape bom-between-tokens bom-twice-at-start; do
    run "$c.json" 1 10 ':22:13: |:16:2: |:1:1: '
done
run bom-inside-string.json 0 10 '' bom_removed

# line ends: the error is on line 6, column 12, whatever ends the lines
run crlf-valid.json 0 10 '' same_as_lf
run cr-only-valid.json 0 10 '' same_as_lf
run crlf-error-line-6.json 1 10 'crlf-error-line-6.json:6:12: '
run cr-only-error-line-6.json 1 10 'cr-only-error-line-6.json:6:12: '
run mixed-line-ends-error-line-6.json 1 10 'mixed-line-ends-error-line-6.json:6:12: '

# nesting 10 000 deep
run deep-nesting-in-record.json 1 10
run deep-nesting-top-level.json 1 10
run deep-nesting-objects.json 1 10

# ids, amounts, dates
run duplicate-meeting-id.json 1 10 'duplicate-meeting-id.json:11:10: .*duplicate id'
run duplicate-pledge-id.json 1 10 'duplicate-pledge-id.json:27:10: .*duplicate id'
run ids-differing-in-case.json 0 10
run amount-1e400.json 1 10 'amount-1e400.json:23:18: '
run amount-minus-zero.json 0 10 '' amount_zero
run amount-minus-zero-real.json 1 10 'amount-minus-zero-real.json:23:18: '
run amount-1e19-integer.json 1 10 'amount-1e19-integer.json:23:18: '
run amount-1e19-text.json 1 10 'amount-1e19-text.json:23:18: '
run amount-int64-max.json 0 10 '' amount_max
run amount-sum-overflows.json 1 10
run date-2024-02-30.json 1 10 'date-2024-02-30.json:6:12: '
run date-0000-01-01.json 1 10 'date-0000-01-01.json:6:12: '
run due-2024-02-30.json 1 10 'due-2024-02-30.json:33:11: '
run timeline-past-9999.json 0 10

# text the fonts cannot show: exit 3 naming the character and where it is
run glyph-emoji.json 3 10 'glyph-emoji.json:22:13: .*U\+1F600'
run glyph-emoji-company.json 3 10 'glyph-emoji-company.json:20:15: .*U\+1F680'
run glyph-hanja-missing.json 3 10 'glyph-hanja-missing.json:22:13: .*U\+4E0E'
run glyph-private-use.json 3 10 'glyph-private-use.json:22:13: .*U\+E000'
# a line separator is a line break to linebreak.h: refuse it as data or print it as one
run line-separator-in-title.json "0 1" 10
# normalisation
run combining-jamo.json 0 10 '' composed
run combining-jamo-archaic.json 0 10
run zero-width-and-bidi.json 0 10 '' no_invisible
run zero-width-only-title.json 1 10 'zero-width-only-title.json:22:13: '
run placeholder-in-data.json 0 10 '' literal_braces
# names that bookmarks and the document information cannot hold: refused before layout
run title-1mb.json 1 10 \
    "title-1mb.json:2:11: error: text too long: 349,525 characters, at most 10,000 in a title: '상생(가)+…' \(1048575 bytes\) \(/title\)$"
short_message title-1mb.json
run company-1mb.json 1 10 \
    "company-1mb.json:[0-9]+:[0-9]+: error: text too long: .*\(1048575 bytes\) \(record 1 'P1', /pledges/0/company\)$"
short_message company-1mb.json
run title-10000-characters.json 0 10 '' header_cut

# layouts: exit 1 with the layout's line and column, nothing written
for c in layout-negative-width layout-negative-weight layout-columns-wider-than-page \
         layout-column-nan-width layout-font-size-0 layout-font-size-10000 layout-leading-0 \
         layout-table-no-columns layout-negative-margins layout-negative-spacer \
         layout-huge-spacer layout-negative-limit layout-empty-palette \
         layout-placeholder-names-itself layout-placeholder-nested \
         layout-placeholder-unclosed layout-invalid-utf8 layout-deep-nesting \
         layout-empty-file; do
    run "$c.json" 1 10
done
run layout-glyph-missing.json 3 10 'U\+1F600'
# a table header taller than a page: refuse the layout, or lay it out somehow
run layout-header-taller-than-page.json "0 1" 10
run layout-header-font-72.json "0 1" 10
run layout-many-page-breaks.json 0 20 '' pages_1000

# big inputs, made by gen.py at test time
if [ -n "$big" ]; then
    run big-50mb-string.json 0 30 '' big_string
    # more pages than a PDF holds: refused before layout, at the meetings array
    run million-meetings.json 1 30 \
        'million-meetings.json:1:14: error: briefing too long: 0 pledges and 1,000,000 meetings need at least [0-9,]+ pages .*\(/meetings\)$'
fi

echo "hostile: $pass passed, $fail failed"
[ $fail -eq 0 ]
