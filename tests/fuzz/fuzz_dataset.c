/*
 * fuzz_dataset.c - libFuzzer target for the first stage: any bytes as a
 * dataset file through dataset_load_buffer, dataset_validate (strict) and
 * dataset_dump.  Checks that every problem has a position, that the dump is
 * UTF-8, and that loading the same bytes twice dumps the same text.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dataset.h"
#include "diag.h"
#include "fuzz_common.h"
#include "strbuf.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.json"

/* Load, validate and dump; returns the errors found, the dump in 'out'. */
static size_t run_once(const uint8_t *data, size_t size, struct strbuf *out, int check)
{
    struct dataset ds;
    struct diag_list diags;
    size_t errors;

    dataset_init(&ds);
    diag_list_init(&diags);
    diags.strict = 1;
    if (dataset_load_buffer(&ds, NAME, (const char *)data, size, &diags) == 0) {
        dataset_validate(&ds, &diags);
        dataset_dump(&ds, out);
    } else {
        FUZZ_CHECK(diags.errors > 0, "load failed without an error");
    }
    if (check) {
        fuzz_check_diags(&diags, 0, NAME);
        FUZZ_CHECK(diags.errors == 0 || diags.status != EXIT_OK,
                   "errors with exit status 0");
    }
    errors = diags.errors;
    dataset_release(&ds);
    diag_list_release(&diags);
    return errors;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    size_t e1, e2;

    e1 = run_once(data, size, &a, 1);
    FUZZ_CHECK(utf8_valid(a.buf, a.len), "dump is not UTF-8");
    e2 = run_once(data, size, &b, 0);
    FUZZ_CHECK(e1 == e2, "%zu errors, then %zu", e1, e2);
    FUZZ_CHECK(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0,
               "two loads of the same bytes dump differently");
    strbuf_release(&a);
    strbuf_release(&b);
    return 0;
}
