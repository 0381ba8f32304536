# common.sh - sourced by the shell checks under tests/ (hostile, ops)
# after they set $here to their own directory.  Gives them the program under
# test as an absolute path ($bin, from the check's first argument), the seed
# dataset ($data), a temporary directory removed on exit ($tmp), fixed
# dates, the pass and fail counters with ok and bad, and sums: a checksum
# of every file below a directory, to prove that a failed run left it alone.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
data=$here/../../data/pledges.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1735603200
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
sums() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs -r sha256sum); }
