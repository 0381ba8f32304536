/*
 * layout_int.h - internals shared by layout.c, layout_table.c and
 * layout_chart.c.  Not part of the layout stage's contract (layout.h).
 */
#ifndef RG_LAYOUT_INT_H
#define RG_LAYOUT_INT_H

#include <stddef.h>

#include "display.h"
#include "layout.h"
#include "layoutdef.h"
#include "linebreak.h"
#include "strbuf.h"

struct aggregate;

struct lctx {
    const struct layout_input *in;
    const struct layoutdef *def;
    const struct aggregate *agg;
    struct display_list *dl;
    struct diag_list *diags;
    double left, right, top, bottom;   /* the text area, points from the top-left */
    double width;
    size_t page;
    double y;                          /* next free position */
    int company;                       /* company for placeholders, -1 outside sections */
    int failed;
    struct lb_lines lines;             /* scratch */
    struct strbuf tmp;                 /* scratch */
};

void lx_new_page(struct lctx *L);
/* Move to a new page unless 'h' points fit below y or y is already at the top. */
void lx_ensure(struct lctx *L, double h);
double lx_line_height(const struct lstyle *st);
enum dl_font lx_font(const struct lstyle *st);
const struct font_metrics *lx_metrics(const struct lctx *L, const struct lstyle *st);
double lx_text_width(const struct lctx *L, const struct lstyle *st, const char *s, size_t len);
/* Break 's' into L->lines for 'width' points; returns the number of lines. */
size_t lx_wrap(struct lctx *L, const struct lstyle *st, const char *s, size_t len,
               double width, struct lb_lines *out);
/* Draw one line of text in a line box whose top is 'top', within [x, x + w). */
void lx_text(struct lctx *L, const struct lstyle *st, double x, double top, double w,
             enum lalign align, const char *s, size_t len, const struct dl_color *color);
/* Expand {placeholders} of 'tmpl' into 'out' ('page', 'pages' for running texts). */
void lx_expand(struct lctx *L, const char *tmpl, struct strbuf *out, size_t page,
               size_t pages);
/* Where {page} or {pages} goes in a text expanded by lx_expand_marked. */
struct lx_marks {
    struct lx_mark {
        size_t at;                     /* byte offset in the expanded text */
        int pages;                     /* 1: {pages}, 0: {page} */
    } *items;
    size_t count, alloc;
};
/* Expand all but {page} and {pages}, whose places go to 'marks' (emptied first). */
void lx_expand_marked(struct lctx *L, const char *tmpl, struct strbuf *out,
                      struct lx_marks *marks);
/*
 * The longest start of 's' that fits in 'width' points on one line, with
 * "…" after it when it is cut there, appended to 'out'.  Measures at most
 * what fits, however long 's' is.
 */
void lx_fit(const struct lctx *L, const struct lstyle *st, const char *s, size_t len,
            double width, struct strbuf *out);
/* The texts that become bookmarks and document information: 0, or -1 after reporting. */
int lx_check_pdf_strings(struct lctx *L);
/* The layout's own texts on page 'p' against the fonts: 0, or -1 after reporting. */
int lx_check_page(struct lctx *L, size_t p);
/* The running header and footer of every page (page numbers known). */
void lx_running_texts(struct lctx *L);
/* Space after each meeting of the meetings block (points). */
#define LX_MEETING_GAP 6.0
/* A wrapped paragraph of 'text' across pages. */
void lx_paragraph(struct lctx *L, const struct lstyle *st, const char *text, size_t len);
/* A heading (with a bookmark at 'level' when bookmark is set). */
void lx_heading(struct lctx *L, const char *text, int level, int bookmark);
/* Korean display forms. */
void lx_format_date(struct strbuf *out, int year, int month, int day);
void lx_format_date_compact(struct strbuf *out, int year, int month, int day);
void lx_format_count(struct strbuf *out, size_t n);

/* The generic table engine. */
struct ltable {
    size_t n_cols;
    const double *w;                   /* column widths, points */
    const enum lalign *align;
    const char *const *titles;
    size_t n_rows;
    /* text of cell (row, col) appended to 'out' */
    void (*cell)(void *ctx, size_t row, size_t col, struct strbuf *out);
    void *ctx;
    int last_row_bold;                 /* a totals row */
    const char *continued;             /* one line atop every later page ("… (계속)"),
                                          or NULL */
    double scale;                      /* font scale for dense tables; 0 = 1 */
    int continued_level;
};
void lx_table(struct lctx *L, const struct ltable *t);
/* Cell padding (points); the horizontal one is tighter in dense (scaled) tables. */
#define LX_PAD_X 3.0
#define LX_PAD_Y 2.2
double lx_pad_x(const struct ltable *t);
/* The table's body and header styles, scaled for dense tables. */
void lx_table_styles(const struct lctx *L, const struct ltable *t, struct lstyle *st,
                     struct lstyle *hs);
/* Height of the header and the first two rows: what must fit for a table to start. */
double lx_table_start_height(struct lctx *L, const struct ltable *t);

void lx_table_block(struct lctx *L, const struct lblock *b);
/*
 * The least height (points) the rows of a table block or of the company
 * sections take on pages 'page' points high (a line taller than a page
 * counts as one page): a line a row, or with 'measure' (tables listing all
 * their rows) as many lines as the widths of the cells' texts need.
 */
double lx_table_least_height(struct lctx *L, const struct lblock *b, int measure,
                             double page);
double lx_sections_least_height(struct lctx *L, const struct lblock *b, double page);
void lx_crosstab(struct lctx *L, const struct lblock *b);
void lx_chart(struct lctx *L, const struct lblock *b);
void lx_company_sections(struct lctx *L, const struct lblock *b);
/* Column widths of a block's columns over the text width; caller frees. */
double *lx_column_widths(const struct lctx *L, const struct lblock *b);

/* layout_cond.c: is block 'b' shown ('when'); does it keep 'item' of its source ('where') */
int lx_when(const struct lctx *L, const struct lblock *b);
int lx_where(const struct lctx *L, const struct lblock *b, size_t item);

#endif /* RG_LAYOUT_INT_H */
