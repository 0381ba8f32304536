#!/bin/sh
# Build and run the fuzz targets of tests/fuzz (run from anywhere; paths are
# relative to the source tree).  Two builds of each target:
#   libFuzzer   clang -fsanitize=fuzzer,address,undefined -> build/fuzz/bin/<target>
#   replay      cc + replay.c (no libFuzzer), ASan+UBSan   -> build/fuzz/replay/<target>
# usage:
#   sh tests/fuzz/run.sh build                      build both kinds
#   sh tests/fuzz/run.sh fuzz SECONDS [TARGET...]   fuzz each target for SECONDS
#                                                   (default: every target, one after
#                                                   the other; JOBS=2 runs two at once)
#   sh tests/fuzz/run.sh replay [TARGET...]         replay the committed corpus
#   sh tests/fuzz/run.sh minimize TARGET FILE       minimise a crashing input
#   sh tests/fuzz/run.sh merge [TARGET...]          add the working corpus's inputs
#                                                   that add coverage to the committed one
#   sh tests/fuzz/run.sh stats                      last line of every fuzz log
# Working corpora (seeded from tests/fuzz/corpus/<target>, minus the crash-*,
# leak-* and timeout-* reproducers that replay runs), crash artifacts
# and logs go to build/fuzz/{work,artifacts,logs}/<target>; copy a minimised
# crash into tests/fuzz/corpus/<target>/ under a descriptive name.
# Environment: CLANG (default clang), CC (replay compiler, default cc), FUZZ_OUT
# (default build/fuzz), FUZZ_ALLOW (checks to skip, see fuzz_common.h),
# FUZZ_SKIP_BUILD=1 (fuzz with the binaries already in FUZZ_OUT/bin, as
# `make fuzz` builds them).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=${FUZZ_OUT:-build/fuzz}
CLANG=${CLANG:-clang}
CC=${CC:-cc}
# every tests/fuzz/fuzz_*.c is a target, as in the Makefile
TARGETS=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
STD="-std=c11 -D_POSIX_C_SOURCE=200809L"
WARN="-Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings \
-Wshadow -Wvla -Werror"
SAN="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
-pthread"
PKG_CFLAGS=$(pkg-config --cflags jansson 2>/dev/null || true)
LIBS="$(pkg-config --libs jansson 2>/dev/null || echo -ljansson)"
LIBS="$LIBS -lcsv -lhpdf -lunistring -ldeflate -lm"
SRCS=$(ls reportgen/*.c | grep -v '/main\.c$')
export REPORTGEN_DATADIR="$root"

# objects of reportgen/ for one build kind, rebuilt when a source or header is newer
objects() { # dir compiler flags...
    dir=$1 cc=$2
    shift 2
    mkdir -p "$dir"
    objs=
    for src in $SRCS; do
        obj=$dir/$(basename "$src" .c).o
        if [ ! -f "$obj" ] || [ -n "$(find "$src" reportgen/*.h -newer "$obj" 2>/dev/null)" ]
        then
            echo "  CC      $src ($dir)" >&2
            # shellcheck disable=SC2086
            $cc $STD $WARN "$@" $PKG_CFLAGS -Ireportgen -c -o "$obj" "$src"
        fi
        objs="$objs $obj"
    done
    echo "$objs"
}

build() {
    fobjs=$(objects $out/obj-fuzzer "$CLANG" $SAN -fsanitize=fuzzer-no-link)
    robjs=$(objects $out/obj-replay "$CC" $SAN)
    mkdir -p $out/bin $out/replay
    for t in $TARGETS; do
        echo "  LINK    $out/bin/$t" >&2
        # shellcheck disable=SC2086
        $CLANG $STD $WARN $SAN -fsanitize=fuzzer $PKG_CFLAGS -Ireportgen -Itests/fuzz \
            -o $out/bin/$t tests/fuzz/$t.c $fobjs $LIBS
        echo "  LINK    $out/replay/$t" >&2
        # shellcheck disable=SC2086
        $CC $STD $WARN $SAN $PKG_CFLAGS -Ireportgen -Itests/fuzz -o $out/replay/$t \
            tests/fuzz/$t.c tests/fuzz/replay.c $robjs $LIBS
    done
}

# libFuzzer dictionaries: the tokens each format is made of
dicts() {
    mkdir -p $out/dict
    cat >$out/dict/json.dict <<'DICT'
"{"
"}"
"["
"]"
":"
","
"\""
"\\u"
"\\ud800"
"\\u0000"
"\\u200b"
"\\uFEFF"
"null"
"true"
"false"
"1e400"
"-0"
"10000000000000000000"
"\xef\xbb\xbf"
"\xed\xa0\x80"
"\xc0\x80"
"\x0d\x0a"
DICT
    cp $out/dict/json.dict $out/dict/fuzz_dataset.dict
    cat >>$out/dict/fuzz_dataset.dict <<'DICT'
"\"meetings\""
"\"pledges\""
"\"title\""
"\"categories\""
"\"id\""
"\"date\""
"\"venue\""
"\"host\""
"\"attendees\""
"\"name\""
"\"org\""
"\"role\""
"\"sources\""
"\"meeting\""
"\"company\""
"\"category\""
"\"description\""
"\"amount_krw\""
"\"amount_text\""
"\"due\""
"\"timeline_text\""
"\"status\""
"\"conflicts\""
"\"field\""
"\"values\""
"\"used\""
"\"why\""
"\"planned\""
"\"in_preparation\""
"\"ongoing\""
"\"done\""
"\"reported\""
"\"2024-11-06\""
"\"2024-02-30\""
"\"0000-01-01\""
"\"1조 2,000억 원\""
"\"판로지원\""
"\"수수료\""
"\"기타\""
"\"연내\""
"\"내년 상반기\""
"\"향후 5년간\""
DICT
    cp $out/dict/fuzz_dataset.dict $out/dict/fuzz_pipeline.dict
    cp $out/dict/json.dict $out/dict/fuzz_layoutdef.dict
    cat >>$out/dict/fuzz_layoutdef.dict <<'DICT'
"\"page\""
"\"size\""
"\"A4\""
"\"A5\""
"\"B5\""
"\"Letter\""
"\"orientation\""
"\"landscape\""
"\"portrait\""
"\"margin_mm\""
"\"fonts\""
"\"regular\""
"\"bold\""
"\"NanumGothic\""
"\"NanumGothicBold\""
"\"styles\""
"\"leading\""
"\"space_before\""
"\"space_after\""
"\"colors\""
"\"accent\""
"\"palette\""
"\"#1F3864\""
"\"header\""
"\"footer\""
"\"left\""
"\"center\""
"\"right\""
"\"metadata\""
"\"blocks\""
"\"type\""
"\"text\""
"\"subtitle\""
"\"level\""
"\"style\""
"\"source\""
"\"columns\""
"\"field\""
"\"width_mm\""
"\"weight\""
"\"align\""
"\"totals\""
"\"sort\""
"\"limit\""
"\"kind\""
"\"by\""
"\"series\""
"\"items\""
"\"label\""
"\"value\""
"\"height\""
"\"title\""
"\"heading\""
"\"paragraph\""
"\"kpi\""
"\"table\""
"\"crosstab\""
"\"chart\""
"\"meetings\""
"\"company_sections\""
"\"page_break\""
"\"spacer\""
"\"companies\""
"\"categories\""
"\"pledges\""
"\"statuses\""
"\"carried\""
"\"bar\""
"\"stacked_bar\""
"\"company\""
"\"category\""
"\"total\""
"{page}"
"{pages}"
"{title}"
"{company}"
"{total_krw}"
"{period}"
DICT
    cat >$out/dict/fuzz_amount.dict <<'DICT'
"경"
"조"
"억"
"만"
"천"
"백"
"십"
"원"
","
"."
" "
"9223372036854775807"
"1,000"
DICT
    cat >$out/dict/fuzz_timeline.dict <<'DICT'
"년간"
"년 간"
"년 동안"
"개월간"
"개월 동안"
"향후 "
"년"
"월"
"일"
"상반기"
"하반기"
"분기"
"/4분기"
"내년"
"다음 해"
"이듬해"
"올해"
"금년"
"도"
"부터"
"이번 달"
"이달"
"금월"
"다음 달"
"내달"
"익월"
"연내"
"연말"
"까지"
"말"
"중"
"안으로"
"2024"
"-"
DICT
    cat >$out/dict/fuzz_linebreak.dict <<'DICT'
" "
"\x0a"
"\x0d\x0a"
"\xe3\x80\x80"
"\xe2\x80\xa8"
"\xc2\xb7"
"\xe1\x84\x80"
"\xe1\x85\xa1"
"\xe1\x86\xa8"
"\xcc\x81"
"\xe2\x80\x8d"
"("
")"
"가나다라"
"600억원(5년간)"
DICT
    cat >$out/dict/fuzz_font.dict <<'DICT'
"\x00\x01\x00\x00"
"true"
"OTTO"
"ttcf"
"cmap"
"glyf"
"head"
"hhea"
"hmtx"
"loca"
"maxp"
"name"
"post"
"OS/2"
"cvt "
"fpgm"
"prep"
"_\x0f<\xf5"
"\x00\x03\x00\x01"
"\x00\x03\x00\x0a"
"\x00\x00\x00\x03"
"\x00\x04"
"\x00\x0c\x00\x00"
"\xff\xff"
"\x80\x00"
"\x7f\xff"
"\xff\xff\xff\xff"
DICT
}

# libFuzzer reads only ASCII in dictionaries: write other bytes as \xNN
escape_dicts() {
    for d in $out/dict/fuzz_*.dict; do
        python3 -c 'import sys; sys.stdout.write("".join(chr(b) if b < 128 else "\\x%02X" % b
                    for b in sys.stdin.buffer.read()))' <"$d" >"$d.tmp"
        mv "$d.tmp" "$d"
    done
}

fuzz_one() { # target seconds
    t=$1 secs=$2
    mkdir -p $out/work/$t $out/artifacts/$t $out/logs
    # seeds: the committed corpus without the crash-* reproducers (replay runs those)
    for f in tests/fuzz/corpus/$t/*; do
        case $(basename "$f") in crash-*|leak-*|timeout-*) continue ;; esac
        [ -f "$f" ] && cp -n "$f" $out/work/$t/
    done
    case $t in
    fuzz_pipeline|fuzz_dataset) maxlen=65536 ;;
    *) maxlen=8192 ;;
    esac
    # a target without a dictionary of its own runs without one
    dict=
    [ -f $out/dict/$t.dict ] && dict=-dict=$out/dict/$t.dict
    echo "fuzzing $t for $secs s (log: $out/logs/$t.log)" >&2
    set +e
    # shellcheck disable=SC2086
    $out/bin/$t -max_total_time="$secs" -timeout=10 -rss_limit_mb=2560 -max_len=$maxlen \
        -print_final_stats=1 $dict \
        -artifact_prefix=$out/artifacts/$t/ $out/work/$t >$out/logs/$t.log 2>&1
    rc=$?
    set -e
    last=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' $out/logs/$t.log | tail -1)
    echo "$t: exit $rc; $last" >&2
    return $rc
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
build)
    build ;;
fuzz)
    secs=${1:?usage: run.sh fuzz SECONDS [TARGET...]}
    shift
    [ "${FUZZ_SKIP_BUILD:-0}" = 1 ] || build
    dicts
    escape_dicts
    [ $# -gt 0 ] && TARGETS=$*
    status=0
    if [ "${JOBS:-1}" -ge 2 ]; then
        set -- $TARGETS
        while [ $# -gt 0 ]; do
            fuzz_one "$1" "$secs" & p1=$!
            p2=
            if [ $# -gt 1 ]; then fuzz_one "$2" "$secs" & p2=$!; fi
            wait $p1 || status=1
            if [ -n "$p2" ]; then wait $p2 || status=1; fi
            shift; [ $# -gt 0 ] && shift
        done
    else
        for t in $TARGETS; do fuzz_one "$t" "$secs" || status=1; done
    fi
    exit $status ;;
replay)
    build
    [ $# -gt 0 ] && TARGETS=$*
    status=0
    for t in $TARGETS; do
        echo "$t:" >&2
        $out/replay/$t tests/fuzz/corpus/$t || status=1
    done
    exit $status ;;
minimize)
    t=${1:?usage: run.sh minimize TARGET FILE}
    f=${2:?usage: run.sh minimize TARGET FILE}
    $out/bin/$t -minimize_crash=1 -runs=20000 -timeout=10 \
        -exact_artifact_path="$f.min" "$f" ;;
merge)
    # JSON inputs are kilobytes each: for those targets only new edges count,
    # not new hit counts, which keeps their committed corpus to a few hundred KB
    [ $# -gt 0 ] && TARGETS=$*
    for t in $TARGETS; do
        [ -d $out/work/$t ] || continue
        case $t in
        fuzz_pipeline|fuzz_dataset|fuzz_layoutdef) counters=-use_counters=0 ;;
        *) counters= ;;
        esac
        # shellcheck disable=SC2086
        $out/bin/$t -merge=1 $counters -timeout=10 -rss_limit_mb=2560 \
            tests/fuzz/corpus/$t $out/work/$t >$out/logs/$t.merge.log 2>&1
        echo "$t: $(tail -1 $out/logs/$t.merge.log)" >&2
    done ;;
stats)
    for t in $TARGETS; do
        [ -f $out/logs/$t.log ] || continue
        echo "$t: $(grep -E '^#[0-9]+' $out/logs/$t.log | tail -1)"
        grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $out/logs/$t.log | tr '\n' ' '
        echo "corpus: $(ls $out/work/$t | wc -l) files"
    done ;;
*)
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    exit 2 ;;
esac
