#!/bin/sh
# make bench: wall time (hyperfine), peak RSS (/usr/bin/time), PDF size and
# pages, and callgrind instruction counts, for `reportgen render` with the
# default layout on the common workload.  Prints a Markdown table; raw data
# goes to build/bench/.
#
#   BENCH_SIZES="50 1000 10000 30000 100000"   sizes to run
#   BENCH_CALLGRIND="50 10000"                  sizes counted with callgrind
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
bin=$root/build/reportgen
out=$root/build/bench
sizes=${BENCH_SIZES:-50 1000 10000 30000 100000}
cg_sizes=${BENCH_CALLGRIND:-50 10000}
gen=$root/../shared/bench/gen.py
[ -f "$gen" ] || gen=$root/tools/gen.py
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1735603200

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(uname -sr)"
echo "generator: $gen"
echo
echo "| pledges | median wall s | min s | runs | peak RSS MB | PDF KB | pages | callgrind Ir |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
    data=$out/peers-$n.json
    [ -f "$data" ] || python3 "$gen" "$n" "$data" >/dev/null
    rm -rf "$out/r$n"
    "$bin" render "$data" -o "$out/r$n"
    # -N: no shell between hyperfine and reportgen, whose start-up would
    # otherwise be estimated and subtracted, with an error of a few ms
    runs=40
    [ "$n" -ge 10000 ] && runs=5
    [ "$n" -ge 100000 ] && runs=3
    hyperfine -N --style none --warmup 3 --runs $runs \
        --export-json "$out/hyperfine-$n.json" \
        "$bin render $data -o $out/r$n" >/dev/null 2>&1
    med=$(python3 -c "import json,statistics as s; r=json.load(open('$out/hyperfine-$n.json'))['results'][0]; print('%.3f %.3f' % (s.median(r['times']), min(r['times'])))")
    rss=0
    i=0
    while [ $i -lt 3 ]; do
        m=$( { /usr/bin/time -f %M "$bin" render "$data" -o "$out/r$n" ; } 2>&1 | tail -1)
        [ "$m" -gt "$rss" ] && rss=$m
        i=$((i + 1))
    done
    pdf=$out/r$n/briefing.pdf
    kb=$(( $(stat -c %s "$pdf") / 1024 ))
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    ir=-
    case " $cg_sizes " in *" $n "*)
        valgrind --tool=callgrind --callgrind-out-file="$out/callgrind-$n.out" \
            "$bin" render "$data" -o "$out/cg$n" 2>"$out/callgrind-$n.log"
        ir=$(awk '/refs:/ {print $NF}' "$out/callgrind-$n.log")
        ;;
    esac
    set -- $med
    echo "| $n | $1 | $2 | $runs | $((rss / 1024)) | $kb | $pages | $ir |"
done
echo
echo "per stage (-v --timings), largest size:"
set -- $sizes
for n in "$@"; do last=$n; done
"$bin" -v --timings render "$out/peers-$last.json" -o "$out/r$last" 2>&1 | grep timings
