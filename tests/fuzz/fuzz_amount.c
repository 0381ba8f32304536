/*
 * fuzz_amount.c - libFuzzer target for Korean amounts: whatever amount_parse
 * accepts, amount_format and amount_format_grouped must write in a form that
 * parses back to the same value; and any 64-bit value read from the input's
 * first bytes must survive format -> parse (negative ones must be refused).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "amount.h"
#include "fuzz_common.h"
#include "strbuf.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* format(v) and format_grouped(v) parse back to v (v >= 0), or are refused (v < 0). */
static void round_trip(int64_t v)
{
    struct strbuf a = STRBUF_INIT, g = STRBUF_INIT;
    int64_t back = -1;
    enum amount_status st;

    amount_format(v, &a);
    amount_format_grouped(v, &g);
    FUZZ_CHECK(a.len > 0 && utf8_valid(a.buf, a.len), "format(%lld) is empty or not UTF-8",
               (long long)v);
    FUZZ_CHECK(g.len > 0 && g.len == strlen(g.buf), "grouped(%lld) is empty", (long long)v);
    st = amount_parse(a.buf, a.len, &back);
    if (v >= 0) {
        FUZZ_CHECK(st == AMOUNT_OK && back == v, "format(%lld) = '%s' parses as %lld (%d)",
                   (long long)v, a.buf, (long long)back, (int)st);
        back = -1;
        st = amount_parse(g.buf, g.len, &back);
        FUZZ_CHECK(st == AMOUNT_OK && back == v, "grouped(%lld) = '%s' parses as %lld (%d)",
                   (long long)v, g.buf, (long long)back, (int)st);
    } else {
        FUZZ_CHECK(a.buf[0] == '-', "format(%lld) = '%s' has no sign", (long long)v, a.buf);
        FUZZ_CHECK(st == AMOUNT_SYNTAX && back == -1,
                   "format(%lld) = '%s' is accepted by parse", (long long)v, a.buf);
    }
    strbuf_release(&a);
    strbuf_release(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const int64_t untouched = INT64_MIN + 12345;
    int64_t v = untouched;
    enum amount_status st = amount_parse((const char *)data, size, &v);

    FUZZ_CHECK(st == AMOUNT_OK || st == AMOUNT_SYNTAX || st == AMOUNT_OVERFLOW,
               "status %d", (int)st);
    if (st == AMOUNT_OK) {
        FUZZ_CHECK(v >= 0, "parsed a negative amount %lld", (long long)v);
        round_trip(v);
    } else {
        FUZZ_CHECK(v == untouched, "status %d but the value was changed", (int)st);
    }
    if (size >= 8) {
        uint64_t u = 0;
        size_t i;
        for (i = 0; i < 8; i++)
            u = u << 8 | data[i];
        /* the bit pattern as a signed value, without implementation-defined conversion */
        v = u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
        round_trip(v);
    }
    return 0;
}
