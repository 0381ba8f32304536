/*
 * outfile.c - temporary file + fsync + rename, for whole sets of outputs.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"
#include "xalloc.h"

long outfile_fail_write_at;
static long write_calls;

static void io_error(struct diag_list *diags, const char *path, int err)
{
    diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL, "'%s': %s", path, strerror(err));
}

static ssize_t checked_write(int fd, const void *buf, size_t len)
{
    if (outfile_fail_write_at > 0 && ++write_calls == outfile_fail_write_at) {
        errno = ENOSPC;
        return -1;
    }
    return write(fd, buf, len);
}

/* Directory part of 'path' ("." when none); caller frees. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

/*
 * The sets being written, so that a run that exits on out-of-memory (or
 * any exit through xalloc_fail) still removes its temporaries.  Cleaning
 * up allocates nothing.
 */
#define MAX_LIVE 8
static struct outset *live[MAX_LIVE];

static void remove_temporaries(void)
{
    size_t k, i;
    for (k = 0; k < MAX_LIVE; k++)
        for (i = 0; live[k] && i < live[k]->count; i++)
            if (live[k]->files[i].tmp)
                unlink(live[k]->files[i].tmp);
}

static void track(struct outset *set)
{
    static int registered;
    size_t k;

    if (!registered) {
        xalloc_on_fail(remove_temporaries);
        registered = 1;
    }
    for (k = 0; k < MAX_LIVE; k++)
        if (live[k] == set)
            return;
    for (k = 0; k < MAX_LIVE; k++)
        if (!live[k]) {
            live[k] = set;
            return;
        }
}

static void untrack(struct outset *set)
{
    size_t k;
    for (k = 0; k < MAX_LIVE; k++)
        if (live[k] == set)
            live[k] = NULL;
}

int outset_open(struct outset *set, const char *path, struct diag_list *diags)
{
    struct strbuf tmp = STRBUF_INIT;
    const char *base = strrchr(path, '/');
    char *dir = dir_of(path), *copy;
    struct outfile *f;
    int fd;

    /* allocate everything first: the temporary then never outlives a failure */
    track(set);
    XGROW(set->files, set->alloc, set->count + 1);
    copy = xstrdup(path);
    base = base ? base + 1 : path;
    strbuf_addf(&tmp, "%s/.%s.tmp-XXXXXX", dir, base);
    free(dir);
    fd = mkstemp(tmp.buf);
    if (fd < 0) {
        io_error(diags, path, errno);
        strbuf_release(&tmp);
        free(copy);
        return -1;
    }
    f = &set->files[set->count++];
    f->path = copy;
    f->tmp = strbuf_detach(&tmp, NULL);
    f->fd = fd;
    return 0;
}

/* Give up on the last file of the set: remove its temporary, report. */
static int drop_last(struct outset *set, int err, struct diag_list *diags)
{
    struct outfile *f = &set->files[set->count - 1];
    if (f->fd >= 0)
        close(f->fd);
    unlink(f->tmp);
    io_error(diags, f->path, err);
    free(f->tmp);
    free(f->path);
    set->count--;
    return -1;
}

int outset_write(struct outset *set, const void *data, size_t len, struct diag_list *diags)
{
    struct outfile *f = &set->files[set->count - 1];
    const char *p = data;

    while (len > 0) {
        ssize_t n = checked_write(f->fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return drop_last(set, errno, diags);
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int outset_close(struct outset *set, struct diag_list *diags)
{
    struct outfile *f = &set->files[set->count - 1];

    /* the data is made durable by outset_commit, for all files at once */
    if (fchmod(f->fd, 0644) < 0)
        return drop_last(set, errno, diags);
    if (close(f->fd) < 0) {
        f->fd = -1;
        return drop_last(set, errno, diags);
    }
    f->fd = -1;
    return 0;
}

void outset_abandon(struct outset *set)
{
    struct outfile *f = &set->files[set->count - 1];
    if (f->fd >= 0)
        close(f->fd);
    unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    set->count--;
}

int outset_add(struct outset *set, const char *path, const void *data, size_t len,
               struct diag_list *diags)
{
    if (outset_open(set, path, diags) < 0 || outset_write(set, data, len, diags) < 0)
        return -1;
    return outset_close(set, diags);
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems refuse it */
        close(fd);
    }
}

/*
 * fsync every temporary before any rename.  The files are synced by a few
 * threads at once: the file system then commits them together, which takes
 * about a third of the time of one fsync after another (bench/RESULTS.md).
 */
struct syncer {
    struct outset *set;
    size_t first, step;
    int err;
    size_t failed;         /* index of the file that failed */
};

static void *sync_files(void *arg)
{
    struct syncer *s = arg;
    size_t i;

    for (i = s->first; i < s->set->count && !s->err; i += s->step) {
        int fd = open(s->set->files[i].tmp, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fsync(fd) < 0) {
            s->err = errno;
            s->failed = i;
        }
        if (fd >= 0)
            close(fd);
    }
    return NULL;
}

#define SYNC_THREADS 8

static int sync_all(struct outset *set, struct diag_list *diags)
{
    struct syncer s[SYNC_THREADS];
    pthread_t th[SYNC_THREADS];
    size_t n = set->count < SYNC_THREADS ? set->count : SYNC_THREADS, i;
    int started[SYNC_THREADS] = {0};

    for (i = 0; i < n; i++) {
        s[i].set = set;
        s[i].first = i;
        s[i].step = n;
        s[i].err = 0;
        s[i].failed = 0;
        started[i] = i > 0 && pthread_create(&th[i], NULL, sync_files, &s[i]) == 0;
    }
    for (i = 0; i < n; i++) { /* this thread takes slice 0 and any that did not start */
        if (!started[i])
            sync_files(&s[i]);
    }
    for (i = 0; i < n; i++)
        if (started[i])
            pthread_join(th[i], NULL);
    for (i = 0; i < n; i++)
        if (s[i].err) {
            io_error(diags, set->files[s[i].failed].path, s[i].err);
            return -1;
        }
    return 0;
}

int outset_commit(struct outset *set, struct diag_list *diags)
{
    char **dirs;
    size_t i;

    if (sync_all(set, diags) < 0)
        return -1;
    /* every allocation before the first rename: after it, nothing may fail */
    dirs = xcalloc(set->count ? set->count : 1, sizeof *dirs);
    for (i = 0; i < set->count; i++)
        dirs[i] = dir_of(set->files[i].path);
    for (i = 0; i < set->count; i++) {
        struct outfile *f = &set->files[i];
        if (rename(f->tmp, f->path) < 0) {
            int err = errno;
            size_t k;
            for (k = 0; k < set->count; k++)
                free(dirs[k]);
            free(dirs);
            io_error(diags, f->path, err);
            return -1;
        }
        free(f->tmp);
        f->tmp = NULL;
    }
    for (i = 0; i < set->count; i++) { /* each directory once */
        if (i == 0 || strcmp(dirs[i], dirs[i - 1]) != 0)
            sync_dir(dirs[i]);
    }
    for (i = 0; i < set->count; i++)
        free(dirs[i]);
    free(dirs);
    return 0;
}

void outset_release(struct outset *set)
{
    size_t i;
    for (i = 0; i < set->count; i++) {
        if (set->files[i].fd >= 0)
            close(set->files[i].fd);
        if (set->files[i].tmp) {
            unlink(set->files[i].tmp);
            free(set->files[i].tmp);
        }
        free(set->files[i].path);
    }
    free(set->files);
    set->files = NULL;
    set->count = set->alloc = 0;
    untrack(set);
}

int outdir_make(const char *dir, struct diag_list *diags)
{
    char *p, *s;
    struct stat st;

    if (!*dir) {
        io_error(diags, dir, ENOENT);
        return -1;
    }
    p = xstrdup(dir);
    for (s = p + 1; ; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0755) < 0 && errno != EEXIST) {
                io_error(diags, p, errno);
                free(p);
                return -1;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        io_error(diags, dir, stat(dir, &st) < 0 ? errno : ENOTDIR);
        return -1;
    }
    return 0;
}

void outfile_safe_name(const char *name, struct strbuf *out)
{
    size_t start = out->len, len = strlen(name), i = 0, used;
    int lead = 1;

    while (i < len) {
        uint32_t cp = utf8_decode(name + i, len - i, &used);
        int bad = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
                  text_is_invisible(cp) || cp == 0xFFFD ||
                  (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp));
        if (lead && (cp == '-' || cp == '.' || cp == ' ')) {
            i += used;
            continue;
        }
        lead = 0;
        if (out->len - start + (bad ? 1 : used) > 80)
            break;
        if (bad || (cp == '.' && out->len > start && out->buf[out->len - 1] == '.'))
            strbuf_addch(out, '_'); /* no "..": never a parent directory */
        else
            strbuf_add(out, name + i, used);
        i += used;
    }
    while (out->len > start && (out->buf[out->len - 1] == ' ' || out->buf[out->len - 1] == '.'))
        out->buf[--out->len] = '\0';
    if (out->len == start)
        strbuf_addch(out, '_');
}
