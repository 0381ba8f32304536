/*
 * outlock.c - the output directory's lock: flock on a regular file opened
 * without following links, removed by its holder.
 */
#include "outlock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

/* The lock held now, so that an exit on out-of-memory removes its file too. */
static struct outlock *held;

static void remove_held(void)
{
    if (held && held->fd >= 0)
        unlink(held->path);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(struct outlock *lk, int fd, struct diag_list *diags, const char *why)
{
    diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL, "lock '%s': %s", lk->path, why);
    if (fd >= 0)
        close(fd);
    free(lk->path);
    lk->path = NULL;
    return -1;
}

int outlock_take(struct outlock *lk, const char *dir, double seconds, void (*waiting)(const char *),
                 struct diag_list *diags)
{
    struct strbuf path = STRBUF_INIT;
    double until = seconds_now() + seconds;
    int said = 0;

    strbuf_addf(&path, "%s/%s", dir, OUTLOCK_FILE);
    lk->path = strbuf_detach(&path, NULL);
    lk->fd = -1;
    xalloc_on_fail(remove_held);
    for (;;) {
        struct stat fst, pst;
        /* read-only is enough for flock; O_NONBLOCK: a FIFO put there cannot hang us */
        int fd = open(lk->path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
        if (fd < 0)
            return fail(lk, -1, diags, errno == ELOOP ? "is a symbolic link; remove it"
                                                      : strerror(errno));
        if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode))
            return fail(lk, fd, diags, "is not a regular file; remove it");
        while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
            struct timespec ts = {0, 50000000};
            if (errno != EWOULDBLOCK && errno != EINTR)
                return fail(lk, fd, diags, strerror(errno));
            if (seconds_now() > until) {
                diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL,
                         "'%s' is locked by another reportgen run (waited %.0f s)", dir,
                         seconds);
                close(fd);
                free(lk->path);
                lk->path = NULL;
                return -1;
            }
            if (!said && waiting) {
                waiting(dir);
                said = 1;
            }
            nanosleep(&ts, NULL);
        }
        /* the holder before us removes the file: ours must still be the one there */
        if (lstat(lk->path, &pst) == 0 && pst.st_dev == fst.st_dev && pst.st_ino == fst.st_ino) {
            lk->fd = fd;
            held = lk;
            return 0;
        }
        close(fd);
    }
}

void outlock_release(struct outlock *lk)
{
    if (lk->fd >= 0) {
        unlink(lk->path);   /* while still holding it: see outlock_take */
        close(lk->fd);
        lk->fd = -1;
    }
    if (held == lk)
        held = NULL;
    free(lk->path);
    lk->path = NULL;
}
