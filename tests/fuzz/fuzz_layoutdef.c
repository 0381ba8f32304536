/*
 * fuzz_layoutdef.c - libFuzzer target for layout files: any bytes through
 * layoutdef_load_buffer; a layout that loads is then laid out over a fixed
 * small dataset with the Nanum fonts and dumped, since layoutdef promises
 * that the layout engine never meets a value it cannot use.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aggregate.h"
#include "dataset.h"
#include "diag.h"
#include "display.h"
#include "fuzz_common.h"
#include "layout.h"
#include "layoutdef.h"
#include "render.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz-layout.json"

/* Two meetings, three companies, amounts, due dates, statuses, attendees. */
static const char dataset_text[] =
    "{\"title\": \"플랫폼 상생 약속 점검\",\n"
    " \"meetings\": [\n"
    "  {\"id\": \"M1\", \"date\": \"2024-03-05\", \"title\": \"상생 간담회\","
    " \"venue\": \"서울\", \"host\": \"공정위\", \"attendees\":"
    " [{\"name\": \"홍길동\", \"org\": \"네이버\", \"role\": \"대표\"}]},\n"
    "  {\"id\": \"M2\", \"date\": \"2024-11-06\","
    " \"title\": \"플랫폼 업계 대표 간담회\"}],\n"
    " \"pledges\": [\n"
    "  {\"id\": \"P1\", \"meeting\": \"M1\", \"company\": \"네이버\","
    " \"category\": \"판로지원\", \"title\": \"소상공인 판로 지원\","
    " \"amount_krw\": \"1조 2,000억 원\", \"timeline_text\": \"연내\","
    " \"status\": \"ongoing\"},\n"
    "  {\"id\": \"P2\", \"meeting\": \"M1\", \"company\": \"카카오\","
    " \"category\": \"수수료\", \"title\": \"수수료 인하\","
    " \"description\": \"중개 수수료를 2%p 낮춘다 (B2B·B2C).\","
    " \"due\": \"2024-06-30\", \"status\": \"done\"},\n"
    "  {\"id\": \"P3\", \"meeting\": \"M2\", \"company\": \"우아한형제들\","
    " \"category\": \"종사자지원\", \"title\": \"라이더 보험료 인하\","
    " \"amount_krw\": 4700000000, \"timeline_text\": \"내년 상반기\"},\n"
    "  {\"id\": \"P4\", \"meeting\": \"M2\", \"company\": \"네이버\","
    " \"category\": \"기타\", \"title\": \"AI 교육 600억원(5년간)\","
    " \"amount_krw\": 60000000000, \"timeline_text\": \"향후 5년간\"}]}\n";

struct fixture {
    struct dataset ds;
    struct aggregate agg;
};

static const struct fixture *fixture(void)
{
    static struct fixture fx;
    static int ready;
    struct diag_list diags;
    struct aggregate_options ao;

    if (ready)
        return &fx;
    dataset_init(&fx.ds);
    diag_list_init(&diags);
    FUZZ_CHECK(dataset_load_buffer(&fx.ds, "fixture.json", dataset_text,
                                   sizeof dataset_text - 1, &diags) == 0 &&
                   dataset_validate(&fx.ds, &diags) == 0,
               "the fixed dataset does not load");
    memset(&ao, 0, sizeof ao);
    ao.as_of.year = 2024;
    ao.as_of.month = 12;
    ao.as_of.day = 31;
    FUZZ_CHECK(aggregate_build(&fx.agg, &fx.ds, &ao, &diags) == 0,
               "the fixed dataset does not aggregate");
    diag_list_release(&diags);
    ready = 1;
    return &fx;
}

/*
 * With FUZZ_ALLOW=tall-header: could a table header be taller than half the
 * text area?  Each line of a header cell holds at least one character, so
 * characters times line height bounds it.  Such layouts are skipped, so
 * that fuzzing can look past the known endless loop on a header taller
 * than a page.
 */
static int header_may_be_tall(const struct layoutdef *def)
{
    const struct lstyle *st = &def->styles[LS_TABLE_HEADER];
    double room = (def->page_h - def->margin_top - def->margin_bottom) / 2;
    size_t b, c;

    for (b = 0; b < def->n_blocks; b++) {
        const struct lblock *bl = &def->blocks[b];
        for (c = 0; c < bl->n_columns; c++) {
            const char *t = bl->columns[c].title;
            size_t lines = (t ? utf8_count(t, strlen(t)) : 30) + 1;
            if ((double)lines * st->size * st->leading + 20 > room)
                return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int allow_tall = -1;
    struct layoutdef def;
    struct diag_list diags;
    int rc;

    if (allow_tall < 0)
        allow_tall = fuzz_allowed("tall-header");
    diag_list_init(&diags);
    rc = layoutdef_load_buffer(&def, NAME, (const char *)data, size, &diags);
    fuzz_check_diags(&diags, 0, NAME);
    if (rc < 0) {
        FUZZ_CHECK(diags.errors > 0, "load failed without an error");
    } else if (allow_tall && header_may_be_tall(&def)) {
        /* skipped: see header_may_be_tall */
    } else {
        const struct fuzz_fonts *fonts = fuzz_fonts();
        const struct fixture *fx = fixture();
        struct layout_input in;
        struct display_list dl;
        struct strbuf out = STRBUF_INIT;
        size_t mark = diags.count;
        int f;

        FUZZ_CHECK(diags.errors == 0, "load succeeded with %zu errors", diags.errors);
        memset(&in, 0, sizeof in);
        in.agg = &fx->agg;
        in.ds = (struct dataset *)&fx->ds;
        in.def = &def;
        for (f = 0; f < DL_FONT_COUNT; f++) {
            in.fonts[f] = fonts->fm[f];
            in.font_file[f] = fonts->file[f];
        }
        in.created = 1735603200;
        display_list_init(&dl);
        if (layout_build(&dl, &in, &diags) == 0) {
            FUZZ_CHECK(dl.n_pages >= 1, "a layout without pages");
            render_dump(&dl, &out);
            FUZZ_CHECK(utf8_valid(out.buf, out.len), "layout dump is not UTF-8");
        } else {
            FUZZ_CHECK(diags.errors > 0, "layout failed without an error");
        }
        fuzz_check_diags(&diags, mark, NULL);
        display_list_release(&dl);
        strbuf_release(&out);
    }
    layoutdef_release(&def);
    diag_list_release(&diags);
    return 0;
}
