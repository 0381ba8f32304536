/*
 * cli_run.c - one run of a command up to its outputs: progress on a
 * terminal, the period and report date, loading and validating the dataset,
 * the layout and fonts, laying out; the validate and dump commands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fontmetrics.h"
#include "fonts.h"
#include "layout.h"
#include "render.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- time, progress and timings ---- */

double cli_start;
double cli_progress_delay = 1.0;
static int progress_shown;

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress(const struct options *opt, const char *fmt, ...)
{
    va_list ap;
    if (opt->quiet || !isatty(STDERR_FILENO) || cli_now() - cli_start < cli_progress_delay)
        return;
    va_start(ap, fmt);
    fputs("\rreportgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\033[K", stderr);
    va_end(ap);
    progress_shown = 1;
}

void cli_progress_end(void)
{
    if (progress_shown)
        fputs("\r\033[K", stderr);
    progress_shown = 0;
}

void cli_say(const char *fmt, ...)
{
    va_list ap;
    cli_progress_end();
    va_start(ap, fmt);
    fputs("reportgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_usage_error(const char *fmt, const char *arg)
{
    cli_progress_end();
    fputs("reportgen: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'reportgen --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

void cli_stage_time(double *slot, double since)
{
    *slot += cli_now() - since;
}

/* ---- loading ---- */

static int parse_date_arg(const char *what, const char *s, struct date *out)
{
    if (date_parse(s, strlen(s), out) != DATE_OK) {
        fprintf(stderr, "reportgen: %s needs a date YYYY-MM-DD, not '%s'\n", what, s);
        fputs("Try 'reportgen --help' for more information.\n", stderr);
        return EXIT_USAGE;
    }
    return 0;
}

static int parse_period(const struct options *opt, struct period *p)
{
    int rc;

    memset(p, 0, sizeof *p);
    if (opt->month && (opt->from || opt->to))
        return cli_usage_error("--month and --from/--to exclude each other%s", "");
    if (opt->month) {
        char buf[16];
        if (strlen(opt->month) != 7 || opt->month[4] != '-')
            return cli_usage_error("--month needs YYYY-MM, not '%s'", opt->month);
        snprintf(buf, sizeof buf, "%s-01", opt->month);
        switch (date_parse(buf, 10, &p->from)) {
        case DATE_OK:
            break;
        case DATE_INVALID:
            return cli_usage_error("--month '%s': no such month (months are 01 to 12)",
                                   opt->month);
        default:
            return cli_usage_error("--month needs YYYY-MM, not '%s'", opt->month);
        }
        p->to = date_end_of_month(p->from, 0);
        snprintf(p->label, sizeof p->label, "%.7s", opt->month);
        snprintf(p->suffix, sizeof p->suffix, "-%.7s", opt->month);
        p->has = 1;
    } else if (opt->from || opt->to) {
        char a[11], b[11];
        if (!opt->from || !opt->to)
            return cli_usage_error("--from and --to go together%s", "");
        if ((rc = parse_date_arg("--from", opt->from, &p->from)) != 0 ||
            (rc = parse_date_arg("--to", opt->to, &p->to)) != 0)
            return rc;
        if (date_cmp(p->from, p->to) > 0)
            return cli_usage_error("--from '%s' is after --to", opt->from);
        date_format(p->from, a);
        date_format(p->to, b);
        snprintf(p->label, sizeof p->label, "%s~%s", a, b);
        snprintf(p->suffix, sizeof p->suffix, "-%.4s%.2s%.2s-%.4s%.2s%.2s", a, a + 5, a + 8,
                 b, b + 5, b + 8);
        p->has = 1;
    }
    return 0;
}

/* The report date: --as-of, else the period's end, else SOURCE_DATE_EPOCH, else today. */
static int report_date(const struct options *opt, const struct period *per, struct date *out)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t;
    struct tm tm;

    if (opt->as_of)
        return parse_date_arg("--as-of", opt->as_of, out);
    if (per->has) {
        *out = per->to;
        return 0;
    }
    if (sde && *sde) {
        char *end;
        long long v;
        errno = 0;
        v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0 || v > 253402300799LL)
            return cli_usage_error("SOURCE_DATE_EPOCH must be seconds since 1970, not '%s'", sde);
        t = (time_t)v;
    } else {
        t = time(NULL);
    }
    if (!gmtime_r(&t, &tm))
        return cli_usage_error("cannot convert the time%s", "");
    out->year = tm.tm_year + 1900;
    out->month = tm.tm_mon + 1;
    out->day = tm.tm_mday;
    return 0;
}

void run_init(struct options *opt, struct run *r)
{
    memset(r, 0, sizeof *r);
    dataset_init(&r->ds);
    diag_list_init(&r->diags);
    r->diags.strict = opt->strict;
    r->diags.quiet = opt->quiet;
}

/* Check that every --company names a company of the dataset. */
static void check_companies(const struct options *opt, struct run *r)
{
    size_t i, k;
    for (i = 0; i < opt->n_companies; i++) {
        for (k = 0; k < r->ds.n_pledges; k++)
            if (strcmp(r->ds.pledges[k].company, opt->companies[i]) == 0)
                break;
        if (k == r->ds.n_pledges)
            diag_add(&r->diags, DIAG_COMPANY_UNKNOWN, NULL, 0, NULL, NULL,
                     "'%s' made no pledge in '%s'", opt->companies[i], r->ds.file);
    }
}

/*
 * Load and validate (and aggregate when asked); prints the diagnostics so
 * far.  Returns the exit status so far.
 */
int run_load(struct options *opt, struct run *r, int want_aggregate)
{
    double t0 = cli_now();
    int rc;

    if (want_aggregate) {
        if ((rc = parse_period(opt, &r->period)) != 0 ||
            (rc = report_date(opt, &r->period, &r->ao.as_of)) != 0)
            return rc;
        r->ao.has_period = r->period.has;
        r->ao.period_from = r->period.from;
        r->ao.period_to = r->period.to;
        r->ao.period_label = r->period.has ? r->period.label : NULL;
        if (opt->n_companies) {
            r->ao.companies = opt->companies;
            r->ao.n_companies = opt->n_companies;
        }
    }
    if (dataset_load(&r->ds, opt->args[0], &r->diags) == 0) {
        cli_stage_time(&r->tm.load, t0);
        t0 = cli_now();
        dataset_validate(&r->ds, &r->diags);
        cli_stage_time(&r->tm.validate, t0);
    } else {
        cli_stage_time(&r->tm.load, t0);
    }
    cli_progress(opt, "read: %zu meetings, %zu pledges", r->ds.n_meetings, r->ds.n_pledges);
    if (!r->diags.errors && want_aggregate) {
        check_companies(opt, r);
        t0 = cli_now();
        if (!r->diags.errors) {
            r->have_agg = 1;
            if (aggregate_build(&r->agg, &r->ds, &r->ao, &r->diags) < 0) {
                /* the overflow is reported in diags; the aggregate is still released */
            }
        }
        cli_stage_time(&r->tm.aggregate, t0);
    }
    cli_progress_end();
    diag_print_all(stderr, &r->diags);
    return r->diags.errors ? (int)r->diags.status : EXIT_OK;
}

void run_release(struct run *r)
{
    if (r->have_agg)
        aggregate_release(&r->agg);
    dataset_release(&r->ds);
    diag_list_release(&r->diags);
}

int cmd_validate(struct options *opt)
{
    struct run r;
    int rc;

    run_init(opt, &r);
    rc = run_load(opt, &r, 0);

    if (opt->verbose && rc == EXIT_OK)
        cli_say("%s: valid: %zu %s, %zu %s, %zu %s", r.ds.file, r.ds.n_meetings,
                r.ds.n_meetings == 1 ? "meeting" : "meetings", r.ds.n_pledges,
                r.ds.n_pledges == 1 ? "pledge" : "pledges", r.diags.warnings,
                r.diags.warnings == 1 ? "warning" : "warnings");
    run_release(&r);
    return rc;
}

static int write_stdout(const char *buf, size_t len)
{
    if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "reportgen: error: cannot write: standard output: %s\n",
                strerror(errno));
        return EXIT_IO;
    }
    return EXIT_OK;
}

/* Print the diagnostics added after 'from' and return the run's status. */
int run_finish(struct run *r, size_t from)
{
    size_t i;

    cli_progress_end();
    for (i = from; i < r->diags.count; i++)
        if (!r->diags.quiet || diag_level_of(r->diags.items[i].code) == DIAG_ERROR)
            diag_print(stderr, &r->diags.items[i]);
    return r->diags.errors ? (int)r->diags.status : EXIT_OK;
}

/* ---- layout ---- */
/* The directory holding layouts/ and fonts/: REPORTGEN_DATADIR, else next to
   the executable (a build tree) or PREFIX/share/reportgen (an install). */
static char *data_dir(void)
{
    const char *env = getenv("REPORTGEN_DATADIR");
    char exe[4096];
    ssize_t n;
    struct strbuf sb = STRBUF_INIT;
    char *slash;

    if (env && *env)
        return xstrdup(env);
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            strbuf_addf(&sb, "%s/../share/reportgen/layouts/briefing.json", exe);
            if (access(sb.buf, R_OK) == 0) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, "%s/../share/reportgen", exe);
                return strbuf_detach(&sb, NULL);
            }
            /* a build tree: build/reportgen or build/<variant>/reportgen */
            for (n = 1; n <= 2; n++) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, "%s/..%s/layouts/briefing.json", exe, n == 2 ? "/.." : "");
                if (access(sb.buf, R_OK) == 0) {
                    strbuf_reset(&sb);
                    strbuf_addf(&sb, "%s/..%s", exe, n == 2 ? "/.." : "");
                    return strbuf_detach(&sb, NULL);
                }
            }
        }
    }
    strbuf_release(&sb);
    return xstrdup(".");
}

/* Creation time of documents: SOURCE_DATE_EPOCH, else --as-of, else now. */
static long long creation_time(const struct options *opt, const struct aggregate *agg)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        return strtoll(sde, NULL, 10);
    if (opt->as_of)
        return (date_to_days(agg->opt.as_of) - date_to_days((struct date){1970, 1, 1})) *
               86400LL;
    return (long long)time(NULL);
}

static int typeset_load(struct options *opt, struct diag_list *diags, struct typeset *ts)
{
    char *dir = data_dir();
    struct strbuf sb = STRBUF_INIT;
    int f, rc = -1;

    memset(ts, 0, sizeof *ts);
    if (opt->layout) {
        ts->layout_path = xstrdup(opt->layout);
    } else {
        strbuf_addf(&sb, "%s/layouts/briefing.json", dir);
        ts->layout_path = strbuf_detach(&sb, NULL);
    }
    ts->loaded = 1;
    if (layoutdef_load(&ts->def, ts->layout_path, diags) < 0)
        goto out;
    strbuf_reset(&sb);
    strbuf_addf(&sb, "%s/fonts/manifest.json", dir);
    for (f = 0; f < DL_FONT_COUNT; f++) {
        char err[256];
        ts->font_file[f] = fonts_find(sb.buf, ts->def.font_family[f], diags);
        if (!ts->font_file[f])
            goto out;
        ts->fm[f] = fontmetrics_load(ts->font_file[f], err, sizeof err);
        if (!ts->fm[f]) {
            diag_add(diags, DIAG_FONT, NULL, 0, NULL, NULL, "'%s': %s", ts->font_file[f],
                     err);
            goto out;
        }
    }
    rc = 0;
out:
    strbuf_release(&sb);
    free(dir);
    return rc;
}

static void typeset_release(struct typeset *ts)
{
    int f;
    if (!ts->loaded)
        return;
    layoutdef_release(&ts->def);
    for (f = 0; f < DL_FONT_COUNT; f++) {
        fontmetrics_free(ts->fm[f]);
        free(ts->font_file[f]);
    }
    free(ts->layout_path);
}

static void *typeset_job_run(void *arg)
{
    struct typeset_job *j = arg;
    j->rc = typeset_load(j->opt, &j->diags, &j->ts);
    return NULL;
}

void typeset_job_start(struct typeset_job *j, struct options *opt)
{
    memset(j, 0, sizeof *j);
    j->opt = opt;
    diag_list_init(&j->diags);
    j->diags.strict = opt->strict;
    j->diags.quiet = opt->quiet;
    j->started = opt->parallel && pthread_create(&j->thread, NULL, typeset_job_run, j) == 0;
}

/* Wait for the job (or run it here); its diagnostics join 'diags' if given. */
int typeset_job_join(struct typeset_job *j, struct diag_list *diags)
{
    if (!j->joined) {
        if (j->started)
            pthread_join(j->thread, NULL);
        else
            j->rc = typeset_load(j->opt, &j->diags, &j->ts);
        j->joined = 1;
        if (diags)
            diag_list_append(diags, &j->diags);
    }
    return j->rc;
}

void typeset_job_release(struct typeset_job *j)
{
    typeset_job_join(j, NULL);
    typeset_release(&j->ts);
    diag_list_release(&j->diags);
}

/* Each finished page goes to the PDF; on a terminal, say how far layout is. */
static void page_done(void *ctx, const struct display_list *dl, size_t page)
{
    struct page_sink *k = ctx;
    double t0 = cli_now();
    render_pdf_page(k->pdf, dl, page);
    cli_stage_time(k->draw, t0);
    /* pages come twice: as laid out, then again with their numbers */
    if (page < k->pages_seen)
        k->numbering = 1;
    else
        k->pages_seen = page + 1;
    if (page % 100 == 99) {
        if (k->numbering)
            cli_progress(k->opt, "numbering pages: %zu of %zu", page + 1, dl->n_pages);
        else
            cli_progress(k->opt, "laying out: %zu pages", page + 1);
    }
}

static void input_init(struct layout_input *in, struct options *opt, struct run *r,
                       struct typeset *ts, const struct aggregate *agg)
{
    int f;

    memset(in, 0, sizeof *in);
    in->agg = agg;
    in->ds = &r->ds;
    in->def = &ts->def;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        in->fonts[f] = ts->fm[f];
        in->font_file[f] = ts->font_file[f];
    }
    in->created = creation_time(opt, agg);
}

int run_check_text(struct options *opt, struct run *r, struct typeset *ts,
                   const struct aggregate *agg)
{
    struct layout_input in;

    if (r->text_checked)
        return 0;
    /* once a run: the same dataset for every briefing of it */
    input_init(&in, opt, r, ts, agg);
    if (layout_check_text(&in, &r->diags) < 0)
        return -1;
    r->text_checked = 1;
    /* no later stage reports positions in the dataset: free its text */
    dataset_drop_source(&r->ds);
    return 0;
}

/* Lay out one aggregate into 'dl'.  Returns 0 or -1 (reported). */
int run_lay_out(struct options *opt, struct run *r, struct typeset *ts,
                const struct aggregate *agg, struct display_list *dl, struct pdf_job *pdf)
{
    struct layout_input in;
    double t0 = cli_now();
    int rc;

    if (run_check_text(opt, r, ts, agg) < 0)
        return -1;
    input_init(&in, opt, r, ts, agg);
    if (pdf) { /* pages go to the PDF as they are laid out */
        struct page_sink *k = &r->sink;
        k->opt = opt;
        k->pdf = pdf;
        k->draw = &r->tm.draw;
        k->pages_seen = 0;
        k->numbering = 0;
        in.sink = page_done;
        in.sink_ctx = k;
    }
    rc = layout_build(dl, &in, &r->diags);
    cli_stage_time(&r->tm.layout, t0);
    return rc;
}

int cmd_dump(struct options *opt)
{
    struct run r;
    int rc;

    run_init(opt, &r);
    rc = run_load(opt, &r, opt->aggregate || opt->layout_dump);

    if (rc == EXIT_OK) {
        struct strbuf out = STRBUF_INIT;
        struct typeset ts;
        struct display_list dl;
        size_t mark = r.diags.count;

        memset(&ts, 0, sizeof ts);
        display_list_init(&dl);
        if (opt->layout_dump) {
            if (typeset_load(opt, &r.diags, &ts) < 0 ||
                run_lay_out(opt, &r, &ts, &r.agg, &dl, NULL) < 0)
                rc = run_finish(&r, mark);
            else
                render_dump(&dl, &out);
        } else if (opt->aggregate) {
            aggregate_dump(&r.agg, &out);
        } else {
            dataset_dump(&r.ds, &out);
        }
        if (rc == EXIT_OK)
            rc = write_stdout(out.buf, out.len);
        display_list_release(&dl);
        typeset_release(&ts);
        strbuf_release(&out);
    }
    run_release(&r);
    return rc;
}

