/*
 * fuzz_pipeline.c - libFuzzer target for the whole pipeline: a dataset
 * (at most 64 KB) is loaded, validated, aggregated (with or without a
 * period or a company filter, chosen from the input), laid out with one of
 * the shipped or test layouts and the Nanum fonts (read once), rendered to
 * a PDF in memory, dumped as text and written as CSV tables in memory.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aggregate.h"
#include "csv_write.h"
#include "dataset.h"
#include "diag.h"
#include "display.h"
#include "fuzz_common.h"
#include "layout.h"
#include "layoutdef.h"
#include "render.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.json"
#define MAX_INPUT 65536

static const char *const layout_files[] = {
    "layouts/briefing.json",
    "tests/golden/layout/layouts/appendix.json",
    "tests/golden/layout/layouts/sections.json",
};
#define N_LAYOUTS (sizeof layout_files / sizeof layout_files[0])

/* The layouts, read and checked once. */
static const struct layoutdef *layout(size_t which)
{
    static struct layoutdef defs[N_LAYOUTS];
    static int ready;

    if (!ready) {
        size_t i;
        for (i = 0; i < N_LAYOUTS; i++) {
            struct strbuf text = STRBUF_INIT;
            struct diag_list diags;
            fuzz_read_file(layout_files[i], &text);
            diag_list_init(&diags);
            FUZZ_CHECK(layoutdef_load_buffer(&defs[i], layout_files[i], text.buf, text.len,
                                             &diags) == 0,
                       "layout '%s' does not load", layout_files[i]);
            diag_list_release(&diags);
            strbuf_release(&text);
        }
        ready = 1;
    }
    return &defs[which];
}

static uint32_t hash(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

static void set_date(struct date *d, int y, int m, int day)
{
    d->year = y;
    d->month = m;
    d->day = day;
}

/* Lay out, render and dump one aggregate. */
static void produce(struct dataset *ds, const struct aggregate *agg, size_t which,
                    struct diag_list *diags)
{
    const struct fuzz_fonts *fonts = fuzz_fonts();
    struct layout_input in;
    struct display_list dl;
    struct strbuf pdf = STRBUF_INIT, dump = STRBUF_INIT;
    size_t mark = diags->count, before = diags->errors;
    int f;

    memset(&in, 0, sizeof in);
    in.agg = agg;
    in.ds = ds;
    in.def = layout(which);
    for (f = 0; f < DL_FONT_COUNT; f++) {
        in.fonts[f] = fonts->fm[f];
        in.font_file[f] = fonts->file[f];
    }
    in.created = 1735603200;
    display_list_init(&dl);
    if (layout_build(&dl, &in, diags) == 0) {
        FUZZ_CHECK(dl.n_pages >= 1, "a briefing without pages");
        render_dump(&dl, &dump);
        FUZZ_CHECK(utf8_valid(dump.buf, dump.len), "layout dump is not UTF-8");
        FUZZ_CHECK(render_pdf(&dl, &pdf, diags) == 0, "render_pdf failed on a laid-out "
                   "briefing: %s", diags->count ? diags->items[diags->count - 1].text : "");
        FUZZ_CHECK(pdf.len > 20 && memcmp(pdf.buf, "%PDF-", 5) == 0, "not a PDF");
    } else {
        FUZZ_CHECK(diags->errors > before, "layout failed without an error");
    }
    fuzz_check_diags(diags, mark, NULL);
    display_list_release(&dl);
    strbuf_release(&pdf);
    strbuf_release(&dump);
}

/* Every CSV table, in UTF-8 and in CP949. */
static void tables(const struct aggregate *agg, struct diag_list *diags, uint32_t h)
{
    struct csv_options co;
    int t, cp949;

    memset(&co, 0, sizeof co);
    co.english = (h >> 8) & 1;
    co.totals = (h >> 9) & 1;
    co.suffix = agg->opt.has_period ? "-2024-11" : NULL;
    for (cp949 = 0; cp949 < 2; cp949++) {
        co.cp949 = cp949;
        for (t = 0; t < CSV_TABLE_COUNT; t++) {
            struct strbuf out = STRBUF_INIT;
            size_t before = diags->errors;
            if (csv_render(agg, (enum csv_table)t, &co, &out, diags) == 0)
                FUZZ_CHECK(cp949 || utf8_valid(out.buf, out.len), "CSV is not UTF-8");
            else
                FUZZ_CHECK(cp949 && diags->errors > before, "CSV failed without an error");
            strbuf_release(&out);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dataset ds;
    struct diag_list diags;
    struct aggregate agg;
    struct aggregate_options ao;
    uint32_t h;

    if (size > MAX_INPUT)
        return 0;
    h = hash(data, size);
    dataset_init(&ds);
    diag_list_init(&diags);
    if (dataset_load_buffer(&ds, NAME, (const char *)data, size, &diags) == 0)
        dataset_validate(&ds, &diags);
    fuzz_check_diags(&diags, 0, NAME);
    if (diags.errors) {
        dataset_release(&ds);
        diag_list_release(&diags);
        return 0;
    }
    memset(&ao, 0, sizeof ao);
    set_date(&ao.as_of, 2024, 12, 31);
    switch (h % 4) {
    case 1: /* a month */
        ao.has_period = 1;
        set_date(&ao.period_from, 2024, 11, 1);
        set_date(&ao.period_to, 2024, 11, 30);
        ao.as_of = ao.period_to;
        ao.period_label = "2024-11";
        break;
    case 2: /* a range */
        ao.has_period = 1;
        set_date(&ao.period_from, 2023, 1, 1);
        set_date(&ao.period_to, 2023, 12, 31);
        ao.as_of = ao.period_to;
        ao.period_label = "2023-01-01~2023-12-31";
        break;
    case 3: /* the first pledge's company */
        if (ds.n_pledges) {
            ao.companies = &ds.pledges[0].company;
            ao.n_companies = 1;
        }
        break;
    default:
        break;
    }
    if (aggregate_build(&agg, &ds, &ao, &diags) == 0) {
        produce(&ds, &agg, (h >> 4) % N_LAYOUTS, &diags);
        tables(&agg, &diags, h);
    } else {
        FUZZ_CHECK(diags.errors > 0, "aggregate failed without an error");
    }
    aggregate_release(&agg);
    dataset_release(&ds);
    diag_list_release(&diags);
    return 0;
}
