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
    f->bg = NULL;
    f->synced = f->sync_err = 0;
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

/* An fsync (then close) of a closed temporary, running in a thread of its own. */
struct bg_sync {
    pthread_t thread;
    int fd;
    int err;        /* errno of fsync or close; 0 when both succeeded */
};

static void *bg_sync_run(void *arg)
{
    struct bg_sync *b = arg;

    if (fsync(b->fd) < 0)
        b->err = errno;
    if (close(b->fd) < 0 && !b->err)
        b->err = errno;
    return NULL;
}

/* Wait for the background fsync of 'f', if any. */
static void bg_wait(struct outfile *f)
{
    if (!f->bg)
        return;
    pthread_join(f->bg->thread, NULL);
    f->synced = 1;
    f->sync_err = f->bg->err;
    free(f->bg);
    f->bg = NULL;
}

#define MAX_BG_SYNCS 16   /* running at once; beyond, the oldest is waited for */

int outset_close(struct outset *set, struct diag_list *diags)
{
    struct outfile *f = &set->files[set->count - 1];
    struct bg_sync *b;
    size_t i, running = 0;

    if (fchmod(f->fd, 0644) < 0)
        return drop_last(set, errno, diags);
    for (i = 0; i + 1 < set->count; i++)
        running += set->files[i].bg != NULL;
    for (i = 0; running >= MAX_BG_SYNCS && i + 1 < set->count; i++)
        if (set->files[i].bg) {
            bg_wait(&set->files[i]);   /* an error is reported by outset_commit */
            running--;
        }
    if (set->sync_in_background) {
        b = xmalloc(sizeof *b);
        b->fd = f->fd;
        b->err = 0;
        if (pthread_create(&b->thread, NULL, bg_sync_run, b) == 0) {
            f->bg = b;
            f->fd = -1;
            return 0;
        }
        free(b);   /* no thread: outset_commit syncs it */
    } else {
        if (fsync(f->fd) < 0)   /* here, on this thread */
            return drop_last(set, errno, diags);
        f->synced = 1;
    }
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
 * Wait until every temporary is on disk: the background fsyncs started by
 * outset_close, and a plain fsync for a file that got no thread.
 */
static int sync_all(struct outset *set, struct diag_list *diags)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < set->count; i++) {
        struct outfile *f = &set->files[i];
        bg_wait(f);
        if (!f->synced) {
            int fd = open(f->tmp, O_RDONLY | O_CLOEXEC);
            if (fd < 0 || fsync(fd) < 0)
                f->sync_err = errno;
            if (fd >= 0)
                close(fd);
            f->synced = 1;
        }
        if (f->sync_err && rc == 0) {
            io_error(diags, f->path, f->sync_err);
            rc = -1;
        }
    }
    return rc;
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
        bg_wait(&set->files[i]);
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
