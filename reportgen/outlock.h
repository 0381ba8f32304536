/*
 * outlock.h - one run at a time in an output directory.
 *
 * A run takes DIR/.reportgen.lock (flock, exclusive) before it reads its
 * input and holds it until its files are committed, so two runs into one
 * directory follow each other whole: the later run's files are the ones
 * left, never a mix.  The lock file is opened without following symbolic
 * links, must be a regular file, and is removed when the holder is done;
 * a waiter that got the lock of a file removed meanwhile tries again.
 */
#ifndef RG_OUTLOCK_H
#define RG_OUTLOCK_H

struct diag_list;

struct outlock {
    int fd;        /* -1 when not held */
    char *path;    /* owned */
};
#define OUTLOCK_INIT { -1, NULL }

/* The lock file's name in the directory. */
#define OUTLOCK_FILE ".reportgen.lock"

/*
 * Take the lock of directory 'dir' (which exists), waiting at most
 * 'seconds' for another holder; 'waiting' (may be NULL) is called once
 * when the lock is busy.  Returns 0, or -1 after reporting.
 */
int outlock_take(struct outlock *lk, const char *dir, double seconds, void (*waiting)(const char *),
                 struct diag_list *diags) __attribute__((warn_unused_result));
/* Remove the lock file and release the lock; no-op when not held. */
void outlock_release(struct outlock *lk);

#endif /* RG_OUTLOCK_H */
