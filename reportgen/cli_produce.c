/*
 * cli_produce.c - the pdf, csv and render commands: the output target
 * checked and locked before the work, the briefing laid out and rendered
 * beside its CSV tables, one more set per company for --split-by, and
 * every file of the run committed together (outfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"
#include "outlock.h"
#include "render.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"

/* How long a run waits for another run holding its output directory. */
#define LOCK_WAIT_SECONDS 60

/*
 * Where 'pdf -o' writes: a regular file (new or replaced through a
 * temporary and a rename), or straight into standard output ("-"), a FIFO
 * or a character device, which are never renamed over.
 */
struct pdf_target {
    const char *name;    /* the path, or "standard output" */
    int stream_fd;       /* >= 0: written straight into */
    int own_fd;          /* stream_fd was opened here: close it */
    char *lock_dir;      /* the directory locked for the run; NULL: none */
};

static char *parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    return !slash ? xstrdup(".") : slash == path ? xstrdup("/")
                  : xstrndup(path, (size_t)(slash - path));
}

/*
 * Check 'pdf -o' before any work.  Returns 0, EXIT_USAGE (printed) for a
 * path that can hold no PDF, or EXIT_IO after reporting to 'diags'.
 */
static int pdf_target_open(const struct options *opt, struct pdf_target *t,
                           struct diag_list *diags)
{
    const char *o = opt->output;
    size_t n = strlen(o);
    struct stat st, lst;

    memset(t, 0, sizeof *t);
    t->stream_fd = -1;
    t->name = o;
    /* "-", and the names standard output has in /dev, are standard output */
    if (strcmp(o, "-") == 0 || strcmp(o, "/dev/stdout") == 0 || strcmp(o, "/dev/fd/1") == 0) {
        if (isatty(STDOUT_FILENO))
            return cli_usage_error("-o %s: standard output is a terminal; redirect it to a "
                                   "file or a program", o);
        t->name = "standard output";
        t->stream_fd = STDOUT_FILENO;
        return 0;
    }
    if (n == 0)
        return cli_usage_error("-o needs a file name%s", "");
    if (o[n - 1] == '/' || (stat(o, &st) == 0 && S_ISDIR(st.st_mode)))
        return cli_usage_error("-o '%s' is a directory; 'pdf' writes one file: give its "
                               "name, such as DIR/briefing.pdf", o);
    if (lstat(o, &lst) == 0) {
        int link = S_ISLNK(lst.st_mode);
        if (link && stat(o, &st) < 0)
            return cli_usage_error("-o '%s' is a symbolic link to nothing; give the path "
                                   "of the file itself", o);
        if (!link)
            st = lst;
        if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
            int fd = open(o, O_WRONLY | O_NOCTTY | O_CLOEXEC);
            if (fd < 0) {
                diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL, "'%s': %s", o,
                         strerror(errno));
                return EXIT_IO;
            }
            if (isatty(fd)) {
                close(fd);
                return cli_usage_error("-o '%s' is a terminal; a PDF goes to a file or a "
                                       "program", o);
            }
            t->stream_fd = fd;
            t->own_fd = 1;
            return 0;
        }
        if (link)
            return cli_usage_error("-o '%s' is a symbolic link; reportgen replaces only "
                                   "regular files: give the path of the file itself (for "
                                   "standard output, -o -)", o);
        if (!S_ISREG(st.st_mode))
            return cli_usage_error("-o '%s' is neither a regular file, a FIFO nor a "
                                   "character device", o);
    }
    t->lock_dir = parent_dir(o);
    return 0;
}

static void pdf_target_close(struct pdf_target *t)
{
    if (t->own_fd && t->stream_fd >= 0)
        close(t->stream_fd);
    free(t->lock_dir);
}

static void say_waiting(const char *dir)
{
    if (isatty(STDERR_FILENO))
        cli_say("waiting for another run writing to '%s'", dir);
}

/* The PDF's bytes go to the open temporary file in writes of about 1 MB. */
struct sink {
    struct outset *set;
    struct diag_list *diags;
    size_t bytes;
    struct strbuf buf;
};

static int sink_flush(struct sink *k)
{
    int rc = outset_write(k->set, k->buf.buf, k->buf.len, k->diags);
    strbuf_reset(&k->buf);
    return rc;
}

static int write_out(void *ctx, const void *buf, size_t len)
{
    struct sink *k = ctx;
    k->bytes += len;
    strbuf_add(&k->buf, buf, len);
    return k->buf.len >= (1u << 20) ? sink_flush(k) : 0;
}

/*
 * The CSV tables of a render are rendered by a second thread while the
 * main one lays out the PDF: csv_render_all reads only the aggregate and
 * fills its own buffers and diagnostics.  The thread is joined before any
 * file is opened, so that files stay one thread's; the tables become
 * files and their diagnostics the run's when the PDF is done (dropped if
 * it failed).
 */
struct csv_job {
    const struct aggregate *agg;
    struct csv_options co;
    struct strbuf out[CSV_TABLE_COUNT];
    struct diag_list diags;
    double seconds;
    int rc;
};

static void *csv_job_run(void *arg)
{
    struct csv_job *j = arg;
    double t0 = cli_now();

    j->rc = csv_render_all(j->agg, &j->co, j->out, &j->diags);
    j->seconds = cli_now() - t0;
    return NULL;
}

static void csv_job_init(struct csv_job *j, const struct options *opt, const struct run *r,
                         const struct aggregate *agg)
{
    int t;

    memset(j, 0, sizeof *j);
    j->agg = agg;
    j->co = opt->csv;
    j->co.suffix = r->period.suffix;
    for (t = 0; t < CSV_TABLE_COUNT; t++)
        strbuf_init(&j->out[t]);
    diag_list_init(&j->diags);
    j->diags.strict = r->diags.strict;
    j->diags.quiet = r->diags.quiet;
    j->diags.max = r->diags.max;
}

/* Write the job's tables into 'set' and report its diagnostics ('keep'), or drop them. */
static int csv_job_finish(struct csv_job *j, struct run *r, const char *dir, struct outset *set,
                          int keep, int verbose)
{
    int t, rc = j->rc;

    if (keep) {
        size_t before = set->count;
        double t0 = cli_now();
        diag_list_append(&r->diags, &j->diags);
        if (rc == 0)
            rc = csv_add_all(dir, &j->co, j->out, set, &r->diags);
        r->tm.csv += j->seconds;
        r->tm.write += cli_now() - t0;
        if (rc == 0 && verbose)
            for (; before < set->count; before++)
                cli_say("%s", set->files[before].path);
    }
    for (t = 0; t < CSV_TABLE_COUNT; t++)
        strbuf_release(&j->out[t]);
    diag_list_release(&j->diags);
    return rc;
}

/* Lay out, render and add one briefing's files to the set. */
static int produce_one(struct options *opt, struct run *r, struct typeset *ts,
                       const struct aggregate *agg, enum output_kind kind, const char *dir,
                       const struct pdf_target *target, struct outset *set)
{
    struct strbuf path = STRBUF_INIT;
    struct display_list dl;
    struct csv_job csv;
    pthread_t csv_thread;
    int csv_started = 0, csv_done = 0, csv_wanted = kind == OUT_CSV || kind == OUT_RENDER;
    size_t csv_first = 0, csv_count = 0;   /* files the tables became, when written early */
    double t0;
    int rc = 0;

    display_list_init(&dl);
    if (csv_wanted)
        csv_job_init(&csv, opt, r, agg);
    if ((kind == OUT_PDF || kind == OUT_RENDER) && run_check_text(opt, r, ts, agg) < 0) {
        /* refused before the CSV tables are made */
        if (csv_wanted)
            csv_job_finish(&csv, r, dir, set, 0, 0);
        display_list_release(&dl);
        return -1;
    }
    if (kind == OUT_PDF || kind == OUT_RENDER) {
        struct pdf_job *pdf;
        struct sink k;

        if (kind == OUT_RENDER && opt->parallel)   /* on the second core, beside the PDF */
            r->tm.csv_beside = csv_started =
                pthread_create(&csv_thread, NULL, csv_job_run, &csv) == 0;
        if (kind == OUT_PDF)
            strbuf_addstr(&path, target->name);
        else
            strbuf_addf(&path, "%s/briefing%s.pdf", dir, r->period.suffix);
        pdf = render_pdf_begin(&dl, path.buf, &r->diags);
        render_pdf_set_threads(pdf, opt->parallel ? 2 : 1);
        rc = run_lay_out(opt, r, ts, agg, &dl, pdf);
        if (csv_started) {   /* before any file is written: files are one thread's */
            pthread_join(csv_thread, NULL);
            csv_started = 0;
            csv_done = 1;
            if (rc == 0 && csv.rc == 0) {
                /* the tables' files now, so that their fsync overlaps the PDF's assembly */
                csv_first = set->count;
                rc = csv_job_finish(&csv, r, dir, set, 1, 0);
                csv_count = set->count - csv_first;
                csv_wanted = 0;
            }
        }
        t0 = cli_now();
        k.set = set;
        k.diags = &r->diags;
        k.bytes = 0;
        strbuf_init(&k.buf);
        if (rc == 0 && kind == OUT_PDF && target->stream_fd >= 0)
            outset_open_stream(set, path.buf, target->stream_fd);
        else if (rc == 0)
            rc = outset_open(set, path.buf, &r->diags);
        if (rc == 0) {
            size_t before = set->count;
            rc = render_pdf_finish(pdf, write_out, &k);
            if (rc == 0)
                rc = sink_flush(&k);
            if (rc == 0)
                rc = outset_close(set, &r->diags);
            else if (set->count == before) /* the temporary is still open */
                outset_abandon(set);
        }
        strbuf_release(&k.buf);
        cli_stage_time(&r->tm.render, t0);
        if (rc == 0 && opt->verbose) {
            cli_say("%s: %zu %s, %zu bytes", path.buf, dl.n_pages,
                    dl.n_pages == 1 ? "page" : "pages", k.bytes);
            for (; csv_count > 0; csv_count--, csv_first++)
                cli_say("%s", set->files[csv_first].path);
        }
        render_pdf_free(pdf);
    }
    if (csv_wanted) {
        if (!csv_done && rc == 0)
            csv_job_run(&csv);
        if (csv_job_finish(&csv, r, dir, set, rc == 0, opt->verbose) < 0)
            rc = -1;
    }
    display_list_release(&dl);
    strbuf_release(&path);
    return rc;
}

/*
 * The directory of one company of --split-by: a safe name, distinct from
 * every other company's and from the files of the run's own directory.
 */
static void company_dir(const char *company, struct strmap *used, struct arena *names,
                        struct strbuf *name)
{
    int n = 1;

    outfile_safe_name(company, name);
    while (strmap_get(used, name->buf, NULL, 0)) {
        strbuf_reset(name);
        outfile_safe_name(company, name);
        strbuf_addf(name, "-%d", ++n);
    }
    strmap_get(used, arena_strdup(names, name->buf), NULL, 1);
}

/* One briefing and CSV set per company, below the run's directory. */
static int produce_companies(struct options *opt, struct run *r, struct typeset *ts,
                             enum output_kind kind, struct outset *set, size_t mark)
{
    struct strmap used = STRMAP_INIT;
    struct arena names = ARENA_INIT;
    struct strbuf name = STRBUF_INIT, dir = STRBUF_INIT;
    size_t i;
    int rc = EXIT_OK;

    for (i = 0; i < set->count; i++) {   /* the run's own files keep their names */
        const char *base = strrchr(set->files[i].path, '/');
        strmap_get(&used, arena_strdup(&names, base ? base + 1 : set->files[i].path), NULL, 1);
    }
    for (i = 0; i < r->agg.n_companies && rc == EXIT_OK; i++) {
        struct aggregate one;
        struct aggregate_options ao = r->ao;
        const char *company = r->agg.companies[i].name;

        strbuf_reset(&name);
        strbuf_reset(&dir);
        company_dir(company, &used, &names, &name);
        strbuf_addf(&dir, "%s/%s", opt->output, name.buf);
        ao.companies = &company;
        ao.n_companies = 1;
        cli_progress(opt, "company %zu of %zu", i + 1, r->agg.n_companies);
        if (outset_mkdir(set, dir.buf, &r->diags) < 0) {
            rc = run_finish(r, mark);
            break;
        }
        if (aggregate_build(&one, &r->ds, &ao, &r->diags) < 0 ||
            produce_one(opt, r, ts, &one, kind, dir.buf, NULL, set) < 0)
            rc = run_finish(r, mark);
        aggregate_release(&one);
    }
    strbuf_release(&name);
    strbuf_release(&dir);
    strmap_release(&used);
    arena_release(&names);
    return rc;
}

/*
 * Before the work: check the output target, create the output directory,
 * take its lock, repair what a killed run left.  Returns the exit status
 * so far (reported or printed).
 */
static int prepare_output(struct options *opt, struct run *r, struct pdf_target *pdf,
                          struct outset *set, struct outlock *lock)
{
    const char *lock_dir;
    int rc;

    memset(pdf, 0, sizeof *pdf);
    pdf->stream_fd = -1;
    if (opt->output_kind == OUT_PDF) {
        if ((rc = pdf_target_open(opt, pdf, &r->diags)) != 0)
            return rc;
        lock_dir = pdf->lock_dir;   /* none for a stream */
    } else {
        if (outset_mkdir(set, opt->output, &r->diags) < 0)
            return EXIT_IO;
        outset_set_root(set, opt->output);
        lock_dir = opt->output;
    }
    if (!lock_dir || opt->no_lock)
        return EXIT_OK;
    if (outlock_take(lock, lock_dir, LOCK_WAIT_SECONDS, say_waiting, &r->diags) < 0 ||
        outset_recover(lock_dir, &r->diags) < 0)
        return EXIT_IO;
    return EXIT_OK;
}

/* pdf, csv and render: one briefing, or one per company too. */
int cmd_produce(struct options *opt)
{
    enum output_kind kind = opt->output_kind;
    struct run r;
    struct outset set = OUTSET_INIT;
    struct outlock lock = OUTLOCK_INIT;
    struct typeset_job tj;
    struct pdf_target pdf;
    size_t mark = 0;
    int rc;

    set.sync_in_background = opt->parallel;
    memset(&tj, 0, sizeof tj);
    diag_list_init(&tj.diags);
    tj.joined = 1;
    run_init(opt, &r);
    rc = prepare_output(opt, &r, &pdf, &set, &lock);
    if (rc != EXIT_OK) {
        if (rc != EXIT_USAGE)
            rc = run_finish(&r, 0);
        goto out;
    }
    dataset_setup();   /* before any thread uses jansson */
    if (kind != OUT_CSV)
        typeset_job_start(&tj, opt);
    rc = run_load(opt, &r, 1);
    mark = r.diags.count;
    if (rc != EXIT_OK)
        goto out;
    if ((kind != OUT_CSV && typeset_job_join(&tj, &r.diags) < 0) ||
        produce_one(opt, &r, &tj.ts, &r.agg, kind, opt->output, &pdf, &set) < 0) {
        rc = run_finish(&r, mark);
        goto out;
    }
    if (opt->split_by_company &&
        (rc = produce_companies(opt, &r, &tj.ts, kind, &set, mark)) != EXIT_OK)
        goto out;
    {
        double t0 = cli_now();
        cli_progress(opt, "writing %zu files", set.count);
        if (outset_commit(&set, &r.diags) < 0)
            rc = run_finish(&r, mark);
        cli_stage_time(&r.tm.write, t0);
    }
    if (rc == EXIT_OK && opt->verbose)
        cli_say("wrote %zu %s in %.2f s", set.count, set.count == 1 ? "file" : "files",
                cli_now() - cli_start);
    if (rc == EXIT_OK && opt->verbose && opt->timings)
        cli_say("timings: load %.1f ms, validate %.1f ms, aggregate %.1f ms, "
                "layout %.1f ms, page drawing %.1f ms, PDF assembly %.1f ms, "
                "CSV tables %.1f ms%s, writing files %.1f ms, total %.1f ms",
                1e3 * r.tm.load, 1e3 * r.tm.validate, 1e3 * r.tm.aggregate,
                1e3 * (r.tm.layout - r.tm.draw), 1e3 * r.tm.draw, 1e3 * r.tm.render,
                1e3 * r.tm.csv, r.tm.csv_beside ? " (beside layout)" : "",
                1e3 * r.tm.write, 1e3 * (cli_now() - cli_start));
out:
    cli_progress_end();
    typeset_job_release(&tj);
    outlock_release(&lock);   /* its file goes before the directories the run made */
    outset_release(&set);
    pdf_target_close(&pdf);
    run_release(&r);
    return rc;
}
