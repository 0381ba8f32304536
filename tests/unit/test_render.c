/*
 * test_render.c - the PDF and text backends on hand-built display lists.
 * PDFs are checked from outside with poppler-utils (pdftotext, pdffonts,
 * pdfinfo) and qpdf (--check, JSON outlines, trailer).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testfiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "diag.h"
#include "display.h"
#include "render.h"
#include "strbuf.h"

#define NANUM "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
#define NANUM_BOLD "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"

static const struct dl_color black = {0, 0, 0};
static const struct dl_color navy = {0x1f, 0x38, 0x64};
static const struct dl_color grey = {0xd9, 0xd9, 0xd9};

static void set_fonts(struct display_list *dl, const char *regular, const char *bold)
{
    dl->font_file[DL_REGULAR] = regular;
    dl->font_file[DL_BOLD] = bold;
    dl->font_name[DL_REGULAR] = "NanumGothic";
    dl->font_name[DL_BOLD] = "NanumGothicBold";
}

/* A display list of 'w' x 'h' pt pages with these fonts and one page; its index. */
static size_t start_list(struct display_list *dl, double w, double h, const char *regular,
                         const char *bold)
{
    display_list_init(dl);
    dl->page_w = w;
    dl->page_h = h;
    set_fonts(dl, regular, bold);
    return dl_new_page(dl);
}

static void add_text(struct display_list *dl, size_t page, double x, double y, enum dl_font f,
                     double size, struct dl_color c, const char *s)
{
    dl_text(dl, page, x, y, f, size, c, s, strlen(s));
}

/* Two A4 pages: headings, table text, a shaded row, rules and bookmarks. */
static void build_briefing(struct display_list *dl)
{
    size_t p;

    display_list_init(dl);
    dl->page_w = 595.28;
    dl->page_h = 841.89;
    set_fonts(dl, NANUM, NANUM_BOLD);
    dl->title = "주간 투자 브리핑";
    dl->subject = "정산·대금 현황";
    dl->author = "전략기획팀";
    dl->keywords = "투자, 채용";
    dl->creator = "reportgen test";
    dl->created = 1741910400;   /* 2025-03-14T00:00:00Z */

    p = dl_new_page(dl);
    add_text(dl, p, 51.02, 56.69, DL_BOLD, 22, navy, "주간 투자 브리핑");
    dl_outline(dl, "1. 회의 결과", 0, p, 80);
    add_text(dl, p, 51.02, 100, DL_BOLD, 14, navy, "1. 회의 결과");
    dl_rect(dl, p, 51.02, 110, 493.24, 18, &grey, &black, 0.5);
    add_text(dl, p, 56, 123, DL_BOLD, 10, black, "구분");
    add_text(dl, p, 156, 123, DL_BOLD, 10, black, "금액");
    dl_outline(dl, "1.1 정산·대금", 1, p, 130);
    add_text(dl, p, 56, 141, DL_REGULAR, 10, black, "정산·대금");
    add_text(dl, p, 156, 141, DL_REGULAR, 10, black, "1,000억 원");
    add_text(dl, p, 56, 155, DL_REGULAR, 10, black, "신규 채용 (1,200명)");
    dl_line(dl, p, 51.02, 160, 544.26, 160, black, 0.5);

    p = dl_new_page(dl);
    add_text(dl, p, 51.02, 56.69, DL_BOLD, 14, navy, "1. 회의 결과 (계속)");
    add_text(dl, p, 56, 80, DL_REGULAR, 10, black, "기업은 2025년까지 ▲ 투자 ◆ 확대");
    dl_outline(dl, "2. 향후 일정", 0, p, 100);
    add_text(dl, p, 51.02, 120, DL_BOLD, 14, navy, "2. 향후 일정");
}

static void render_ok(const struct display_list *dl, struct strbuf *out)
{
    struct diag_list diags;

    diag_list_init(&diags);
    if (render_pdf(dl, out, &diags) != 0) {
        diag_print_all(stderr, &diags);
        fail_msg("render_pdf failed");
    }
    assert_int_equal(diags.count, 0);
    diag_list_release(&diags);
    assert_true(out->len > 1000);
    assert_memory_equal(out->buf, "%PDF-1.", 7);
}

/* Run a shell command; returns its exit status, output (stdout+stderr) in 'out'. */
static int run(const char *cmd, struct strbuf *out)
{
    char buf[4096];
    size_t n;
    int status;
    FILE *fp = popen(cmd, "r");

    assert_non_null(fp);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(out, buf, n);
    status = pclose(fp);
    return status == -1 ? -1 : WEXITSTATUS(status);
}

/* Run "tool args 'path' [more] 2>&1" and return the output; fail unless it exits 0. */
static void run_on(const char *tool, const char *path, const char *more, struct strbuf *out)
{
    struct strbuf cmd = STRBUF_INIT;
    int rc;

    strbuf_addf(&cmd, "%s '%s' %s 2>&1", tool, path, more ? more : "");
    rc = run(cmd.buf, out);
    if (rc != 0)
        fail_msg("'%s' exited %d:\n%s", cmd.buf, rc, out->buf);
    strbuf_release(&cmd);
}

/* Skip the calling test when poppler-utils or qpdf are not installed. */
static void require_tools(void)
{
    static int have = -1;

    if (have < 0) {
        struct strbuf out = STRBUF_INIT;
        have = run("command -v pdftotext && command -v pdffonts && command -v pdfinfo && "
                   "command -v qpdf", &out) == 0;
        strbuf_release(&out);
    }
    if (!have)
        skip();
}

/* Render the briefing to a temporary file. */
struct rendered {
    struct display_list dl;
    struct strbuf pdf;
    char path[32];
};

static int setup_rendered(void **state)
{
    struct rendered *r = calloc(1, sizeof *r);

    assert_non_null(r);
    build_briefing(&r->dl);
    strbuf_init(&r->pdf);
    render_ok(&r->dl, &r->pdf);
    write_temp(r->path, r->pdf.buf, r->pdf.len);
    *state = r;
    return 0;
}

static int teardown_rendered(void **state)
{
    struct rendered *r = *state;

    unlink(r->path);
    strbuf_release(&r->pdf);
    display_list_release(&r->dl);
    free(r);
    return 0;
}

static void pdftotext_gives_back_the_korean_text(void **state)
{
    struct rendered *r = *state;
    struct strbuf out = STRBUF_INIT;
    static const char *const expected[] = {
        "주간 투자 브리핑", "1. 회의 결과", "구분", "금액", "정산·대금", "1,000억 원",
        "신규 채용 (1,200명)", "1. 회의 결과 (계속)", "기업은 2025년까지 ▲ 투자 ◆ 확대",
        "2. 향후 일정",
    };
    size_t i;

    /* -raw keeps content-stream order; stderr would show CMap warnings */
    run_on("pdftotext -raw", r->path, "-", &out);
    for (i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (!strstr(out.buf, expected[i]))
            fail_msg("'%s' not in pdftotext output:\n%s", expected[i], out.buf);
    if (strstr(out.buf, "Error") || strstr(out.buf, "Warning"))
        fail_msg("pdftotext complained:\n%s", out.buf);
    /* the page break is a form feed: "(계속)" is on page 2 */
    assert_true(strstr(out.buf, "\f") < strstr(out.buf, "(계속)"));
    strbuf_release(&out);
}

static void both_fonts_are_embedded_as_subsets(void **state)
{
    struct rendered *r = *state;
    struct strbuf out = STRBUF_INIT;
    char *line, *save = NULL;
    int regular = 0, bold = 0;

    require_tools();
    run_on("pdffonts", r->path, NULL, &out);
    for (line = strtok_r(out.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tok[16], *tsave = NULL, *t;
        int n = 0;
        for (t = strtok_r(line, " ", &tsave); t && n < 16; t = strtok_r(NULL, " ", &tsave))
            tok[n++] = t;
        /* name type... encoding emb sub uni object-id generation */
        if (n < 6 || !strchr(tok[0], '+'))
            continue;
        assert_int_equal(strchr(tok[0], '+') - tok[0], 6);   /* subset tag ABCDEF+ */
        assert_string_equal(tok[n - 5], "yes");   /* emb */
        assert_string_equal(tok[n - 4], "yes");   /* sub */
        assert_string_equal(tok[n - 3], "yes");   /* uni: ToUnicode present */
        if (strcmp(strchr(tok[0], '+') + 1, "NanumGothic") == 0)
            regular++;
        else if (strncmp(strchr(tok[0], '+') + 1, "NanumGothicBold", 15) == 0)
            bold++;
    }
    assert_int_equal(regular, 1);
    assert_int_equal(bold, 1);
    strbuf_release(&out);
}

static void qpdf_check_passes_without_warnings(void **state)
{
    struct rendered *r = *state;
    struct strbuf out = STRBUF_INIT;

    require_tools();
    run_on("qpdf --check", r->path, NULL, &out);   /* exit 3 would mean warnings */
    assert_non_null(strstr(out.buf, "No syntax or stream encoding errors found"));
    assert_null(strstr(out.buf, "WARNING"));
    strbuf_release(&out);
}

static void pdfinfo_shows_title_dates_and_pages(void **state)
{
    struct rendered *r = *state;
    struct strbuf out = STRBUF_INIT;

    require_tools();
    run_on("TZ=UTC pdfinfo", r->path, NULL, &out);
    assert_non_null(strstr(out.buf, "Title:           주간 투자 브리핑\n"));
    assert_non_null(strstr(out.buf, "Subject:         정산·대금 현황\n"));
    assert_non_null(strstr(out.buf, "Keywords:        투자, 채용\n"));
    assert_non_null(strstr(out.buf, "Author:          전략기획팀\n"));
    assert_non_null(strstr(out.buf, "Creator:         reportgen test\n"));
    assert_non_null(strstr(out.buf, "Producer:        Haru Free PDF Library"));
    assert_non_null(strstr(out.buf, "CreationDate:    Fri Mar 14 00:00:00 2025 UTC\n"));
    assert_non_null(strstr(out.buf, "ModDate:         Fri Mar 14 00:00:00 2025 UTC\n"));
    assert_non_null(strstr(out.buf, "Pages:           2\n"));
    assert_non_null(strstr(out.buf, "Page size:       595.28 x 841.89 pts (A4)"));
    strbuf_release(&out);
}

static json_t *outline_at(json_t *list, size_t i, const char *title, int page)
{
    json_t *o = json_array_get(list, i);

    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "title")), title);
    assert_int_equal(json_integer_value(json_object_get(o, "destpageposfrom1")), page);
    return json_object_get(o, "kids");
}

static void bookmarks_nest_by_level_and_point_at_their_page(void **state)
{
    struct rendered *r = *state;
    struct strbuf out = STRBUF_INIT;
    json_error_t err;
    json_t *root, *top, *kids, *dest;

    require_tools();
    run_on("qpdf --json --json-key=outlines", r->path, NULL, &out);
    root = json_loads(out.buf, 0, &err);
    if (!root)
        fail_msg("qpdf JSON: %s\n%s", err.text, out.buf);
    top = json_object_get(root, "outlines");
    assert_int_equal(json_array_size(top), 2);
    kids = outline_at(top, 0, "1. 회의 결과", 1);
    assert_int_equal(json_array_size(kids), 1);
    assert_int_equal(json_array_size(outline_at(kids, 0, "1.1 정산·대금", 1)), 0);
    assert_int_equal(json_array_size(outline_at(top, 1, "2. 향후 일정", 2)), 0);
    /* [page /XYZ left top zoom], top = page height - heading y */
    dest = json_object_get(json_array_get(top, 1), "dest");
    assert_string_equal(json_string_value(json_array_get(dest, 1)), "/XYZ");
    assert_float_equal(json_number_value(json_array_get(dest, 3)), 841.89 - 100, 0.01);
    json_decref(root);
    strbuf_release(&out);

    run_on("qpdf --show-object=1", r->path, NULL, &out);   /* the catalog */
    assert_non_null(strstr(out.buf, "/PageMode /UseOutlines"));
    strbuf_release(&out);
}

static void trailer_has_a_content_derived_id(void **state)
{
    struct rendered *r = *state;
    struct strbuf out = STRBUF_INIT;
    char a[40], b[40];

    require_tools();
    run_on("qpdf --show-object=trailer", r->path, NULL, &out);
    assert_non_null(strstr(out.buf, "/ID [ <"));
    assert_int_equal(sscanf(strstr(out.buf, "/ID [ <"), "/ID [ <%32[0-9a-f]> <%32[0-9a-f]> ]", a,
                            b),
                     2);
    assert_int_equal(strlen(a), 32);
    assert_string_equal(a, b);
    strbuf_release(&out);
}

/* The first /ID string of the trailer (libharu writes it uncompressed, near the end). */
static const char *trailer_id(const struct strbuf *pdf)
{
    static char ids[2][33];
    static int which;
    const char *tail = pdf->buf + (pdf->len > 400 ? pdf->len - 400 : 0);
    const char *p = strstr(tail, "/ID [ <");
    char *id = ids[which ^= 1];

    assert_non_null(p);
    assert_int_equal(sscanf(p, "/ID [ <%32[0-9A-F]>", id), 1);
    return id;
}

static void the_same_list_gives_identical_bytes(void **state)
{
    struct rendered *r = *state;
    struct strbuf again = STRBUF_INIT;
    struct strbuf changed = STRBUF_INIT;
    const char *old_title = r->dl.title;

    render_ok(&r->dl, &again);
    assert_int_equal(again.len, r->pdf.len);
    assert_memory_equal(again.buf, r->pdf.buf, r->pdf.len);

    /* a different title gives a different /ID, not just a different Info string */
    r->dl.title = "다른 제목";
    render_ok(&r->dl, &changed);
    r->dl.title = old_title;
    assert_int_equal(strlen(trailer_id(&again)), 32);
    assert_int_equal(strlen(trailer_id(&changed)), 32);
    assert_string_not_equal(trailer_id(&again), trailer_id(&changed));
    strbuf_release(&again);
    strbuf_release(&changed);
}

static int append_to(void *ctx, const void *buf, size_t len)
{
    strbuf_add(ctx, buf, len);
    return 0;
}

/* Streams compressed on two threads give the very bytes of one thread. */
static void two_threads_compress_to_the_same_bytes(void **state)
{
    struct display_list dl;
    struct strbuf one = STRBUF_INIT, two = STRBUF_INIT;
    struct diag_list diags;
    struct pdf_job *job;
    unsigned long deflates;
    size_t p;

    (void)state;
    build_briefing(&dl);
    render_ok(&dl, &one);
    diag_list_init(&diags);
    deflates = render_pdf_deflate_calls();
    job = render_pdf_begin(&dl, NULL, &diags);
    render_pdf_set_threads(job, 2);
    for (p = 0; p < dl.n_pages; p++)
        render_pdf_page(job, &dl, p);
    assert_int_equal(render_pdf_finish(job, append_to, &two), 0);
    render_pdf_free(job);
    /* two pages, two font programs, their CMaps and CIDToGIDMaps at least */
    assert_true(render_pdf_deflate_calls() - deflates >= 6);
    assert_int_equal(diags.count, 0);
    assert_int_equal(one.len, two.len);
    assert_memory_equal(one.buf, two.buf, one.len);
    diag_list_release(&diags);
    strbuf_release(&one);
    strbuf_release(&two);
    display_list_release(&dl);
}

static void fonts_are_subsets_numbered_in_order_of_use(void **state)
{
    struct display_list dl;
    struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;
    unsigned long deflates = render_pdf_deflate_calls();
    char path[32];
    const char *w;
    size_t p;

    (void)state;
    require_tools();
    p = start_list(&dl, 200, 100, NANUM, NANUM_BOLD);
    add_text(&dl, p, 10, 20, DL_REGULAR, 10, black, "가나 가");
    render_ok(&dl, &out);
    /* the page, the font program and the two CMaps are compressed by render_pdf */
    assert_true(render_pdf_deflate_calls() - deflates >= 4);
    write_temp(path, out.buf, out.len);
    run_on("qpdf --qdf", path, "-", &text);
    /* three glyphs: CIDs 1..3 with their widths (NanumGothic: 가 and 나 940, the
       space 280), identity-mapped to the subset's glyphs */
    assert_non_null(strstr(text.buf, "/CIDToGIDMap /Identity"));
    w = strstr(text.buf, "/W [");
    assert_non_null(w);
    assert_non_null(strstr(w, "1\n    [\n      940\n      940\n      280\n    ]"));
    /* the text is drawn as CIDs in order of first use, one byte each below 128:
       가 나 space 가 */
    assert_non_null(strstr(text.buf, "<01020301> Tj"));
    assert_non_null(strstr(text.buf, "/CMapName /Reportgen-Short-H"));
    unlink(path);
    strbuf_release(&out);
    strbuf_release(&text);
    display_list_release(&dl);
}

/* Past the 127 one-byte codes, glyphs get two-byte codes; both extract. */
static void two_byte_codes_extract_like_one_byte_codes(void **state)
{
    struct display_list dl;
    struct strbuf out = STRBUF_INIT, text = STRBUF_INIT, want = STRBUF_INIT;
    char path[32], line[64];
    size_t p, i;
    int k;

    (void)state;
    require_tools();
    p = start_list(&dl, 595, 842, NANUM, NANUM_BOLD);
    for (k = 0; k < 10; k++) {   /* 10 lines of 20 syllables: 200 glyphs, all different */
        for (i = 0, line[0] = '\0'; i < 20; i++) {
            unsigned cp = 0xAC00 + (unsigned)(k * 20 + i) * 37;
            char u[4] = {(char)(0xE0 | cp >> 12), (char)(0x80 | ((cp >> 6) & 0x3F)),
                         (char)(0x80 | (cp & 0x3F)), 0};
            strcat(line, u);
        }
        add_text(&dl, p, 20, 40 + 20 * k, DL_REGULAR, 10, black, line);
        strbuf_addf(&want, "%s\n", line);
    }
    render_ok(&dl, &out);
    write_temp(path, out.buf, out.len);
    run_on("pdftotext", path, "-", &text);
    assert_true(text.len >= want.len);
    assert_memory_equal(text.buf, want.buf, want.len);
    /* two-byte codes are their own CIDs from 0x8000, mapped to glyphs 128 on */
    strbuf_reset(&text);
    run_on("qpdf --qdf", path, "-", &text);
    assert_null(strstr(text.buf, "/CIDToGIDMap /Identity"));
    assert_non_null(strstr(text.buf, "/CIDToGIDMap "));
    assert_non_null(strstr(strstr(text.buf, "/W ["), "\n    32768\n    [\n"));
    unlink(path);
    strbuf_release(&out);
    strbuf_release(&text);
    strbuf_release(&want);
    display_list_release(&dl);
}

static void only_fonts_in_use_are_loaded(void **state)
{
    struct display_list dl;
    struct strbuf out = STRBUF_INIT;
    char path[32];
    size_t p;

    (void)state;
    require_tools();
    p = start_list(&dl, 200, 100, NANUM, "/nonexistent/bold.ttf");   /* never needed */
    add_text(&dl, p, 10, 20, DL_REGULAR, 10, black, "본문만");
    dl_rect(&dl, p, 10, 30, 50, 10, NULL, NULL, 0);   /* neither filled nor stroked */
    render_ok(&dl, &out);
    write_temp(path, out.buf, out.len);
    strbuf_reset(&out);
    run_on("pdffonts", path, NULL, &out);
    assert_non_null(strstr(out.buf, "+NanumGothic "));
    assert_null(strstr(out.buf, "NanumGothicBold"));
    unlink(path);
    strbuf_release(&out);
    display_list_release(&dl);
}

static void missing_font_file_is_a_font_error(void **state)
{
    struct display_list dl;
    struct strbuf out = STRBUF_INIT;
    struct diag_list diags;
    size_t p;

    (void)state;
    p = start_list(&dl, 595.28, 841.89, NANUM, "/nonexistent/NanumGothicBold.ttf");
    add_text(&dl, p, 10, 20, DL_REGULAR, 10, black, "본문");
    add_text(&dl, p, 10, 40, DL_BOLD, 10, black, "제목");
    diag_list_init(&diags);
    assert_int_equal(render_pdf(&dl, &out, &diags), -1);
    assert_int_equal(out.len, 0);
    assert_int_equal(diags.count, 1);
    assert_int_equal(diags.items[0].code, DIAG_FONT);
    assert_int_equal(diags.status, EXIT_FONT);
    assert_non_null(strstr(diags.items[0].text, "'/nonexistent/NanumGothicBold.ttf'"));
    assert_non_null(strstr(diags.items[0].text, "No such file or directory"));
    diag_list_release(&diags);

    /* a file that is not a font */
    {
        char path[32];
        static const char junk[] = "this is not a TrueType font, just some text\n";
        write_temp(path, junk, sizeof junk - 1);
        dl.font_file[DL_REGULAR] = path;
        diag_list_init(&diags);
        assert_int_equal(render_pdf(&dl, &out, &diags), -1);
        assert_int_equal(out.len, 0);
        assert_int_equal(diags.status, EXIT_FONT);
        assert_int_equal(diags.items[0].code, DIAG_FONT);
        assert_non_null(strstr(diags.items[0].text, path));
        diag_list_release(&diags);
        unlink(path);
    }

    /* no file at all for a font that is used */
    dl.font_file[DL_REGULAR] = NULL;
    diag_list_init(&diags);
    assert_int_equal(render_pdf(&dl, &out, &diags), -1);
    assert_int_equal(diags.items[0].code, DIAG_FONT);
    assert_string_equal(diags.items[0].text, "no file given for the regular font");
    diag_list_release(&diags);
    strbuf_release(&out);
    display_list_release(&dl);
}

static void bad_bookmark_page_is_a_pdf_error(void **state)
{
    struct display_list dl;
    struct strbuf out = STRBUF_INIT;
    struct diag_list diags;

    (void)state;
    (void)start_list(&dl, 200, 100, NANUM, NANUM_BOLD);
    dl_outline(&dl, "어디에도 없는 쪽", 0, 3, 10);
    diag_list_init(&diags);
    assert_int_equal(render_pdf(&dl, &out, &diags), -1);
    assert_int_equal(diags.items[0].code, DIAG_PDF);
    assert_string_equal(diags.items[0].text, "bookmark '어디에도 없는 쪽' points at page 4 of 1");
    assert_int_equal(out.len, 0);
    diag_list_release(&diags);
    strbuf_release(&out);
    display_list_release(&dl);
}

static void more_pages_than_a_pdf_holds_is_a_data_error(void **state)
{
    struct display_list dl;
    struct strbuf out = STRBUF_INIT;
    struct diag_list diags;
    size_t p;

    (void)state;
    (void)start_list(&dl, 200, 100, NANUM, NANUM_BOLD);
    for (p = 1; p <= DL_MAX_PAGES; p++)   /* one page more than a PDF holds */
        (void)dl_new_page(&dl);
    diag_list_init(&diags);
    assert_int_equal(render_pdf(&dl, &out, &diags), -1);
    assert_int_equal(diags.count, 1);
    assert_int_equal(diags.items[0].code, DIAG_TOO_MANY_PAGES);
    assert_int_equal(diags.status, EXIT_DATA);
    assert_string_equal(diags.items[0].text,
                        "the briefing needs more than 32767 pages, the most a PDF can hold; "
                        "make briefings of a shorter period or fewer companies (--month, "
                        "--from and --to, --company) or use a layout with less per pledge");
    assert_int_equal(out.len, 0);
    diag_list_release(&diags);
    strbuf_release(&out);
    display_list_release(&dl);
}

static void dump_prints_a_stable_text_form(void **state)
{
    struct display_list dl;
    struct strbuf out = STRBUF_INIT;
    size_t p;

    (void)state;
    display_list_init(&dl);
    dl.page_w = 595.276;
    dl.page_h = 841.89;
    set_fonts(&dl, NANUM, NANUM_BOLD);
    dl.title = "주간 \"보고\"";
    dl.creator = "reportgen";
    dl.created = 1741910400;
    dl_outline(&dl, "1. 회의 결과", 0, 0, 80);
    dl_outline(&dl, "1.1 세부", 1, 1, 12.346);
    p = dl_new_page(&dl);
    add_text(&dl, p, 51.0236, 56.6929, DL_BOLD, 22, navy, "제목");
    dl_rect(&dl, p, 51.02, -0.004, 493.24, 18, &grey, &black, 0.5);
    dl_rect(&dl, p, 0, 0, 10, 10, &grey, NULL, 0);
    dl_rect(&dl, p, 0, 0, 10, 10, NULL, &navy, 1);
    dl_line(&dl, p, 51.02, 160, 544.26, 160, black, 0.25);
    p = dl_new_page(&dl);
    add_text(&dl, p, -0.001, 12, DL_REGULAR, 9.5, black, "a\\b\t\"c\"\n\x01\x7f");
    dl_text(&dl, p, 1, 2, DL_REGULAR, 9, black, "\xc2\x85x\xff", 4);   /* C1 control, bad byte */
    render_dump(&dl, &out);
    assert_string_equal(out.buf,
                        "document 595.28 841.89 pages 2\n"
                        "title \"주간 \\\"보고\\\"\"\n"
                        "subject -\n"
                        "author -\n"
                        "keywords -\n"
                        "creator \"reportgen\"\n"
                        "created 2025-03-14T00:00:00Z\n"
                        "fonts R \"NanumGothic\" B \"NanumGothicBold\"\n"
                        "outlines 2\n"
                        "  outline 0 page 1 80.00 \"1. 회의 결과\"\n"
                        "  outline 1 page 2 12.35 \"1.1 세부\"\n"
                        "page 1\n"
                        "  text 51.02 56.69 B 22.00 #1f3864 \"제목\"\n"
                        "  rect 51.02 0.00 493.24 18.00 fill #d9d9d9 stroke #000000 0.50\n"
                        "  rect 0.00 0.00 10.00 10.00 fill #d9d9d9 stroke none\n"
                        "  rect 0.00 0.00 10.00 10.00 fill none stroke #1f3864 1.00\n"
                        "  line 51.02 160.00 544.26 160.00 #000000 0.25\n"
                        "page 2\n"
                        "  text 0.00 12.00 R 9.50 #000000 \"a\\\\b\\t\\\"c\\\"\\n\\x01\\x7F\"\n"
                        "  text 1.00 2.00 R 9.00 #000000 \"\\u0085x\\xFF\"\n");
    strbuf_release(&out);

    /* an empty list: no info, no creation time */
    display_list_release(&dl);
    display_list_init(&dl);
    render_dump(&dl, &out);
    assert_string_equal(out.buf, "document 0.00 0.00 pages 0\n"
                                 "title -\nsubject -\nauthor -\nkeywords -\ncreator -\n"
                                 "created -\nfonts R - B -\noutlines 0\n");
    strbuf_release(&out);
    display_list_release(&dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(pdftotext_gives_back_the_korean_text, setup_rendered,
                                        teardown_rendered),
        cmocka_unit_test_setup_teardown(both_fonts_are_embedded_as_subsets, setup_rendered,
                                        teardown_rendered),
        cmocka_unit_test_setup_teardown(qpdf_check_passes_without_warnings, setup_rendered,
                                        teardown_rendered),
        cmocka_unit_test_setup_teardown(pdfinfo_shows_title_dates_and_pages, setup_rendered,
                                        teardown_rendered),
        cmocka_unit_test_setup_teardown(bookmarks_nest_by_level_and_point_at_their_page,
                                        setup_rendered, teardown_rendered),
        cmocka_unit_test_setup_teardown(trailer_has_a_content_derived_id, setup_rendered,
                                        teardown_rendered),
        cmocka_unit_test_setup_teardown(the_same_list_gives_identical_bytes, setup_rendered,
                                        teardown_rendered),
        cmocka_unit_test(fonts_are_subsets_numbered_in_order_of_use),
        cmocka_unit_test(two_threads_compress_to_the_same_bytes),
        cmocka_unit_test(two_byte_codes_extract_like_one_byte_codes),
        cmocka_unit_test(only_fonts_in_use_are_loaded),
        cmocka_unit_test(missing_font_file_is_a_font_error),
        cmocka_unit_test(bad_bookmark_page_is_a_pdf_error),
        cmocka_unit_test(more_pages_than_a_pdf_holds_is_a_data_error),
        cmocka_unit_test(dump_prints_a_stable_text_form),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
