/*
 * layoutdef.h - layout definitions: the JSON files in layouts/ that say what a
 * briefing contains and how it looks (page, margins, fonts, styles,
 * colours, running header and footer, metadata, and a list of blocks).
 *
 * Read once, checked completely (every problem reported with the layout
 * file's line, column and JSON path, like dataset errors), then handed to
 * the layout engine.  layouts/README.md documents every key.
 */
#ifndef RG_LAYOUTDEF_H
#define RG_LAYOUTDEF_H

#include <stddef.h>

#include "display.h"
#include "fields.h"
#include "xalloc.h"

struct diag_list;
struct expr;

enum lstyle_id {
    LS_TITLE, LS_SUBTITLE, LS_H1, LS_H2, LS_BODY, LS_TABLE, LS_TABLE_HEADER, LS_SMALL,
    LS_KPI_VALUE, LS_KPI_LABEL, LS_CAPTION, LS_COUNT
};

struct lstyle {
    double size;          /* points */
    int bold;
    struct dl_color color;
    double leading;       /* line height as a multiple of size */
    double space_before;  /* points */
    double space_after;   /* points */
};

enum lalign { LA_LEFT, LA_CENTER, LA_RIGHT };


enum lblock_kind {
    LB_TITLE, LB_HEADING, LB_PARAGRAPH, LB_KPI, LB_TABLE, LB_CROSSTAB, LB_CHART,
    LB_MEETINGS, LB_COMPANY_SECTIONS, LB_PAGE_BREAK, LB_SPACER
};

enum lchart_kind { CHART_BAR, CHART_STACKED_BAR };
enum lseries { SERIES_PLEDGES, SERIES_TOTAL };

struct lcolumn {
    int field;            /* a field of the table's source (fields.h) */
    const char *title;
    double width;         /* mm when > 0; 0 = share the rest by 'weight' */
    double weight;
    enum lalign align;
};

struct lkpi {
    const char *label, *value;  /* texts with placeholders */
};

struct lblock {
    enum lblock_kind kind;
    const char *path;     /* JSON Pointer of the block, for diagnostics */
    const char *text;     /* title, heading, paragraph, chart or table caption */
    const char *subtitle; /* title block */
    int level;            /* heading level 1 or 2 */
    enum lstyle_id style; /* paragraph style */
    enum lsource source;  /* table */
    struct lcolumn *columns;
    size_t n_columns;
    int totals;           /* table: totals row */
    int sort_field;       /* table: -1 = the source's own order */
    int sort_desc;
    size_t limit;         /* table/chart: at most this many rows (0 = all) */
    enum lchart_kind chart;
    enum lseries series;
    enum lsource by;      /* chart: SRC_COMPANIES or SRC_CATEGORIES */
    struct lkpi *kpis;
    size_t n_kpis;
    double height;        /* spacer: points */
    /* conditions (layoutdef_cond.c): the texts, and compiled (owned; NULL: none) */
    const char *when_src, *where_src;
    enum lsource where_source;   /* the source whose fields 'where' reads */
    struct expr *when, *where;
};

struct layoutdef {
    const char *file;              /* borrowed name for diagnostics */
    double page_w, page_h;         /* points */
    double margin_top, margin_right, margin_bottom, margin_left; /* points */
    const char *font_family[DL_FONT_COUNT]; /* font names from the manifest */
    struct lstyle styles[LS_COUNT];
    struct dl_color accent, muted, rule, header_fill, zebra, text;
    struct dl_color palette[16];
    size_t n_palette;
    const char *header[3], *footer[3];  /* left, centre, right; may be NULL */
    const char *meta_title, *meta_subject, *meta_author, *meta_keywords;
    struct lblock *blocks;
    size_t n_blocks;
    struct arena arena;            /* owns every string and array above */
    void *owned;                   /* internal */
};

/*
 * Read the layout file at 'path'.  Returns 0, or -1 after reporting every
 * problem found (DIAG_LAYOUT, DIAG_PLACEHOLDER, DIAG_IO_READ) to 'diags'.
 * Release with layoutdef_release in both cases.
 */
int layoutdef_load(struct layoutdef *def, const char *path, struct diag_list *diags)
    __attribute__((warn_unused_result));
int layoutdef_load_buffer(struct layoutdef *def, const char *name, const char *buf,
                          size_t len, struct diag_list *diags)
    __attribute__((warn_unused_result));
void layoutdef_release(struct layoutdef *def);

/*
 * Position in the layout file of the value at JSON Pointer 'pointer' (file,
 * line, column), for problems found after loading, such as a character of a
 * layout text that the fonts cannot show.
 */
struct diag_pos;
void layoutdef_position(const struct layoutdef *def, const char *pointer,
                        struct diag_pos *pos);

/*
 * Compile the blocks' 'when' and 'where' (called by layoutdef_load_buffer):
 * 0, or -1 after reporting each error at its place in the layout file.
 * 'where' reads the fields of its source, and 'as_of' (id LCOND_AS_OF);
 * 'when' the document's figures (fields.h: field_figures, by index).
 */
#define LCOND_AS_OF 1000
int layoutdef_compile_conditions(struct layoutdef *def, struct diag_list *diags);
void layoutdef_free_conditions(struct layoutdef *def);

/* Placeholders: where a text is used decides which names it may hold. */
enum lscope {
    SCOPE_DOCUMENT = 1,   /* aggregate figures: {pledges}, {total_krw}, {period} … */
    SCOPE_PAGE = 2,       /* header and footer: also {page}, {pages} */
    SCOPE_COMPANY = 4     /* inside company sections: also {company} … */
};
/* 1 if 'name' ('len' bytes) is a placeholder allowed in 'scope'. */
int layoutdef_placeholder_ok(const char *name, size_t len, int scope);

/* Field names of table sources, for layout and dumps. */
const char *layoutdef_field_name(enum lsource src, int field);

#endif /* RG_LAYOUTDEF_H */
