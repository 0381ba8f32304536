/*
 * csv_write.h - the CSV summaries, made to open right in Excel on Korean
 * Windows and to stay machine-readable.
 *
 * Output stage: reads the aggregate (and, through it, the dataset's
 * strings) and writes by_company.csv, by_category.csv,
 * company_category.csv, pledges.csv and meetings.csv.  Fields are written
 * with libcsv (RFC 4180 quoting), records end in CRLF, UTF-8 files start
 * with a BOM unless told not to, CP949 output goes through iconv and any
 * character CP949 cannot hold is an error (never a silent '?').  Text
 * cells that a spreadsheet would run as a formula (= + - @ TAB CR first)
 * get a leading apostrophe; numeric columns are plain numbers, untouched.
 * A briefing for a period adds a last column naming the period.
 */
#ifndef RG_CSV_WRITE_H
#define RG_CSV_WRITE_H

#include <stddef.h>

struct aggregate;
struct diag_list;
struct strbuf;
struct outset;

enum csv_table {
    CSV_BY_COMPANY,
    CSV_BY_CATEGORY,
    CSV_COMPANY_CATEGORY,
    CSV_PLEDGES,
    CSV_MEETINGS,
    CSV_TABLE_COUNT
};

struct csv_options {
    int english;    /* English column headers instead of Korean */
    int no_bom;     /* no UTF-8 byte order mark */
    int cp949;      /* encode as CP949 instead of UTF-8 */
    int totals;     /* append a totals row to the summary tables */
    const char *suffix; /* added to file names before ".csv" ("-2024-11"); NULL = none */
};

/* File name of a table ("by_company.csv"). */
const char *csv_table_file(enum csv_table t);

/*
 * Render table 't' into 'out' as encoded bytes.  Returns 0, or -1 after
 * reporting DIAG_ENCODE (file, row, column and character) to 'diags'.
 */
int csv_render(const struct aggregate *agg, enum csv_table t, const struct csv_options *opt,
               struct strbuf *out, struct diag_list *diags)
    __attribute__((warn_unused_result));

/*
 * The two halves of csv_write_all.  csv_render_all renders every table 't'
 * into out[t] (CSV_TABLE_COUNT buffers), even after a failure, so that
 * every problem is reported; it touches nothing but its arguments, so it
 * may run in a thread of its own.  csv_add_all adds the rendered tables
 * to 'set' as DIR/<file>.  Each returns 0, or -1 after reporting.
 */
int csv_render_all(const struct aggregate *agg, const struct csv_options *opt,
                   struct strbuf *out, struct diag_list *diags)
    __attribute__((warn_unused_result));
int csv_add_all(const char *dir, const struct csv_options *opt, const struct strbuf *out,
                struct outset *set, struct diag_list *diags)
    __attribute__((warn_unused_result));

/*
 * Render every table and add each to 'set' as DIR/<file>, only if all
 * rendered.  Returns 0, or -1 after reporting; nothing is committed here.
 */
int csv_write_all(const struct aggregate *agg, const char *dir, const struct csv_options *opt,
                  struct outset *set, struct diag_list *diags)
    __attribute__((warn_unused_result));

#endif /* RG_CSV_WRITE_H */
