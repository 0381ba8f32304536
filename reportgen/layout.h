/*
 * layout.h - the layout engine: aggregate + layout definition + font
 * metrics -> display list of pages.
 *
 * Third stage of the pipeline.  Text is measured with the fonts' own
 * advance widths and broken with linebreak (Korean keep-all); blocks are
 * placed top to bottom and moved to a new page when they do not fit:
 * headings stay with what follows, a table row never splits unless it is
 * taller than a page, table headers repeat on every page with at least two
 * body rows under them, a company's table continued on the next page gets
 * its heading again with "(계속)".  Page numbers ("N / total") are filled in
 * once the page count is known.  Every character is checked against the
 * fonts first: a character without a glyph is reported with the record and
 * field that hold it, and no display list is produced.
 */
#ifndef RG_LAYOUT_H
#define RG_LAYOUT_H

#include "display.h"

struct aggregate;
struct dataset;
struct diag_list;
struct font_metrics;
struct layoutdef;

struct layout_input {
    const struct aggregate *agg;
    struct dataset *ds;                 /* the aggregate's dataset, for positions */
    const struct layoutdef *def;
    const struct font_metrics *fonts[DL_FONT_COUNT];
    const char *font_file[DL_FONT_COUNT];
    long long created;                  /* document date, seconds since 1970; -1 none */
    /*
     * Optional: receives each page as soon as it is complete (and again
     * for its page number at the end); the display list then keeps no page.
     * Without it, every page stays in the display list.
     */
    void (*sink)(void *ctx, const struct display_list *dl, size_t page);
    void *sink_ctx;
};

/*
 * Check that every dataset text the briefing can show has a glyph in both
 * fonts; each character without one is reported (DIAG_GLYPH_MISSING, exit
 * 3) with the record and field that hold it.  Returns 0 or -1.  Call it
 * before layout_build (which checks only the layout's own texts).
 */
int layout_check_text(const struct layout_input *in, struct diag_list *diags)
    __attribute__((warn_unused_result));

/*
 * The fewest pages the briefing can take, found without laying it out:
 * what the rows of its tables, its company sections and its meetings need
 * at the least.  With 'measure', a table's rows are measured (the widths of
 * their cells' texts), which costs a pass over them; without it, each row
 * counts as one line.
 */
size_t layout_least_pages(const struct layout_input *in, int measure);

/*
 * Lay out the briefing into 'dl' (initialised by the caller).  Returns 0,
 * or -1 after reporting to 'diags' (DIAG_GLYPH_MISSING: exit 3).
 */
int layout_build(struct display_list *dl, const struct layout_input *in,
                 struct diag_list *diags) __attribute__((warn_unused_result));

#endif /* RG_LAYOUT_H */
