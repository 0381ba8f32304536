/*
 * outfile.c - writing a set of outputs: temporary files, their fsync, the
 * directories a run creates, safe names.  The commit is in outcommit.c.
 */
#include "outfile.h"
#include "outfile_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"
#include "xalloc.h"

long outfile_fail_write_at;
static long write_calls;

void outfile_io_error(struct diag_list *diags, const char *path, int err)
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

char *outfile_dir_of(const char *path)
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

static void remove_made_dirs(struct outset *set)
{
    size_t i;
    for (i = set->n_dirs; i > 0; i--)
        rmdir(set->made_dirs[i - 1]);   /* only if empty */
}

static void remove_temporaries(void)
{
    size_t k, i;
    for (k = 0; k < MAX_LIVE; k++) {
        if (!live[k])
            continue;
        if (live[k]->committing)
            outfile_undo_commit(live[k]);
        for (i = 0; i < live[k]->count; i++)
            if (live[k]->files[i].tmp)
                unlink(live[k]->files[i].tmp);
        if (!live[k]->committed)
            remove_made_dirs(live[k]);
    }
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
    char *dir = outfile_dir_of(path), *copy;
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
        outfile_io_error(diags, path, errno);
        strbuf_release(&tmp);
        free(copy);
        return -1;
    }
    f = &set->files[set->count++];
    memset(f, 0, sizeof *f);
    f->path = copy;
    f->tmp = strbuf_detach(&tmp, NULL);
    f->fd = fd;
    return 0;
}

void outset_open_stream(struct outset *set, const char *name, int fd)
{
    struct outfile *f;

    track(set);
    XGROW(set->files, set->alloc, set->count + 1);
    f = &set->files[set->count++];
    memset(f, 0, sizeof *f);
    f->path = xstrdup(name);
    f->fd = fd;
    f->stream = 1;
    f->synced = 1;
}

/* Give up on the last file of the set: remove its temporary, report. */
static int drop_last(struct outset *set, int err, struct diag_list *diags)
{
    struct outfile *f = &set->files[set->count - 1];
    if (f->fd >= 0 && !f->stream)
        close(f->fd);
    if (f->tmp)
        unlink(f->tmp);
    outfile_io_error(diags, f->path, err);
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

/*
 * The mode the new file takes: the replaced file's (and for root its owner
 * too), else 0666 less the umask, as open(2) would give.
 */
static int set_mode(struct outfile *f)
{
    static mode_t mask = (mode_t)-1;
    struct stat st;

    if (lstat(f->path, &st) == 0 && S_ISREG(st.st_mode)) {
        if (geteuid() == 0 && fchown(f->fd, st.st_uid, st.st_gid) < 0)
            return -1;
        return fchmod(f->fd, st.st_mode & 07777);
    }
    if (mask == (mode_t)-1) {   /* files are opened on the main thread only */
        mask = umask(022);
        umask(mask);
    }
    return fchmod(f->fd, 0666 & ~mask);
}

int outset_close(struct outset *set, struct diag_list *diags)
{
    struct outfile *f = &set->files[set->count - 1];
    struct bg_sync *b;
    size_t i, running = 0;

    if (f->stream)
        return 0;
    if (set_mode(f) < 0)
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
    if (f->fd >= 0 && !f->stream)
        close(f->fd);
    if (f->tmp)
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

/*
 * Wait until every temporary is on disk: the background fsyncs started by
 * outset_close, and a plain fsync for a file that got no thread.
 */
int outfile_sync_all(struct outset *set, struct diag_list *diags)
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
            outfile_io_error(diags, f->path, f->sync_err);
            rc = -1;
        }
    }
    return rc;
}

void outset_release(struct outset *set)
{
    size_t i;
    for (i = 0; i < set->count; i++) {
        struct outfile *f = &set->files[i];
        bg_wait(f);
        if (f->fd >= 0 && !f->stream)
            close(f->fd);
        if (f->tmp) {
            unlink(f->tmp);
            free(f->tmp);
        }
        free(f->backup);
        free(f->path);
    }
    if (!set->committed)
        remove_made_dirs(set);
    for (i = 0; i < set->n_dirs; i++)
        free(set->made_dirs[i]);
    free(set->made_dirs);
    free(set->files);
    free(set->root);
    free(set->journal);
    untrack(set);
    set->files = NULL;
    set->made_dirs = NULL;
    set->root = NULL;
    set->journal = NULL;
    set->count = set->alloc = set->n_dirs = set->dirs_alloc = 0;
    set->committed = set->committing = 0;
}

void outset_set_root(struct outset *set, const char *dir)
{
    free(set->root);
    set->root = xstrdup(dir);
}

int outset_mkdir(struct outset *set, const char *dir, struct diag_list *diags)
{
    char *p, *s;
    struct stat st;

    if (!*dir) {
        outfile_io_error(diags, dir, ENOENT);
        return -1;
    }
    track(set);
    p = xstrdup(dir);
    for (s = p + 1; ; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (lstat(p, &st) < 0) {
                /* room for it first: a directory made is always remembered */
                XGROW(set->made_dirs, set->dirs_alloc, set->n_dirs + 1);
                if (mkdir(p, 0777) == 0) {
                    set->made_dirs[set->n_dirs++] = xstrdup(p);
                } else if (errno != EEXIST) {
                    diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL,
                             "cannot create directory '%s': %s", p, strerror(errno));
                    free(p);
                    return -1;
                }
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        int err = stat(dir, &st) < 0 ? errno : ENOTDIR;
        diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL,
                 "cannot create directory '%s': %s%s", dir, strerror(err),
                 err == ENOTDIR ? " (a file of that name is in the way)" : "");
        return -1;
    }
    return 0;
}

/*
 * Windows reserves CON, PRN, AUX, NUL, COM1-COM9 and LPT1-LPT9 as device
 * names, in any case and with any extension ("con.txt" too): a directory
 * so named cannot be unzipped there.  Such a name gets a '_' after its
 * stem ("CON_", "nul_.txt").
 */
static void avoid_device_name(struct strbuf *out, size_t start)
{
    static const char *const devices[] = {"CON", "PRN", "AUX", "NUL"};
    const char *name = out->buf + start;
    const char *dot = strchr(name, '.');
    size_t stem = dot ? (size_t)(dot - name) : strlen(name), k;
    int reserved = 0;

    for (k = 0; k < 4; k++)
        if (stem == 3 && strncasecmp(name, devices[k], 3) == 0)
            reserved = 1;
    if (stem == 4 && (strncasecmp(name, "COM", 3) == 0 || strncasecmp(name, "LPT", 3) == 0) &&
        name[3] >= '1' && name[3] <= '9')
        reserved = 1;
    if (reserved) {
        char *rest = xstrdup(name + stem);
        out->len = start + stem;
        out->buf[out->len] = '\0';
        strbuf_addch(out, '_');
        strbuf_addstr(out, rest);
        free(rest);
    }
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
    else
        avoid_device_name(out, start);
}
