/*
 * outfile.h - write a run's output files all or nothing.
 *
 * Each file is written to a temporary file in the target's directory and
 * renamed over the target only by outset_commit, which waits until every
 * temporary is fsync'd (by default each is synced by a thread of its own
 * from the moment it is closed, so that syncing overlaps the work on the
 * next file), checks every target (only regular files are replaced), keeps
 * the previous version of each as a hard link, renames all files of the
 * set, fsyncs their directories and only then drops the previous versions.
 * When a rename fails, the ones already done are undone, so the set's
 * directory holds either every new file or every old one.  On failure (or
 * outset_release before a commit) the temporaries and the directories the
 * run created are removed.
 *
 * A set with a root directory and more than one file writes a journal,
 * ROOT/.reportgen.journal, before its first rename and removes it after the
 * last: a run killed between two renames (SIGKILL, power cut) leaves it,
 * and outset_recover, called by the next run before it writes, puts the
 * previous files back (or finishes the commit when every rename was done).
 *
 * A file's mode: a replaced file keeps its mode (and, for root, its owner);
 * a new one gets 0666 less the umask.  A FIFO, character device or standard
 * output is written straight into (outset_open_stream), never renamed over.
 */
#ifndef RG_OUTFILE_H
#define RG_OUTFILE_H

#include <stddef.h>

struct diag_list;
struct strbuf;

struct bg_sync;

struct outfile {
    char *path;   /* owned: final name */
    char *tmp;    /* owned: temporary name; NULL once committed or removed, or a stream */
    char *backup; /* owned: hard link to the replaced file during a commit; NULL */
    int fd;       /* open while the file is being written; -1 after */
    struct bg_sync *bg;  /* owned: the fsync running since close; NULL if none */
    int synced;          /* fsync'd (successfully or not: see sync_err) */
    int sync_err;        /* errno of a failed fsync or close; 0 */
    int stream;          /* written straight into fd (not ours to close) */
    /* during a commit: the target was there; linked to 'backup'; renamed
       aside to 'backup' (no hard links); replaced by the temporary */
    char exists, linked, aside, renamed;
};

struct outset {
    struct outfile *files;
    size_t count, alloc;
    /*
     * 1 (the default): each file is fsync'd by a thread of its own from its
     * close.  0: outset_close fsyncs it on the calling thread; for small
     * runs, where starting threads costs more than the overlap gains.
     */
    int sync_in_background;
    /*
     * The directory every file of the set lies below (-o DIR), where the
     * journal goes; NULL for none (a set of one file needs none: one rename
     * is atomic).  Owned.
     */
    char *root;
    /* directories outset_mkdir created, removed again if the set is not committed */
    char **made_dirs;
    size_t n_dirs, dirs_alloc;
    int committing, committed;
    char *journal;   /* owned: the journal's path during a commit */
};
#define OUTSET_INIT { NULL, 0, 0, 1, NULL, NULL, 0, 0, 0, 0, NULL }

/*
 * Write 'len' bytes to a new temporary file for 'path' and add it to the
 * set.  Returns 0, or -1 after reporting DIAG_IO_WRITE (nothing is left
 * behind).
 */
int outset_add(struct outset *set, const char *path, const void *data, size_t len,
               struct diag_list *diags) __attribute__((warn_unused_result));
/*
 * The same in steps, for output produced piece by piece: open a temporary
 * for 'path' as the set's last file, write to it, close it (flush, fsync).
 * Each returns 0, or -1 after reporting DIAG_IO_WRITE and removing that
 * temporary.  outset_abandon removes the file being written without a
 * report (when the producer failed and reported already).
 */
int outset_open(struct outset *set, const char *path, struct diag_list *diags)
    __attribute__((warn_unused_result));
int outset_write(struct outset *set, const void *data, size_t len, struct diag_list *diags)
    __attribute__((warn_unused_result));
int outset_close(struct outset *set, struct diag_list *diags)
    __attribute__((warn_unused_result));
void outset_abandon(struct outset *set);
/*
 * Add to the set a file written straight into 'fd' (standard output, a
 * FIFO, a character device: already open, not closed by the set); 'name'
 * is what messages call it.  Nothing is renamed and nothing can be undone.
 */
void outset_open_stream(struct outset *set, const char *name, int fd);

/*
 * Rename every temporary over its target, then fsync the directories.
 * Returns 0, or -1 after reporting (remaining temporaries are removed).
 */
int outset_commit(struct outset *set, struct diag_list *diags)
    __attribute__((warn_unused_result));
/*
 * Remove every temporary not yet committed and, when the set was not
 * committed, the directories it created (if empty); free the set.
 */
void outset_release(struct outset *set);

/* The set's root directory (see 'root' above); call before adding files. */
void outset_set_root(struct outset *set, const char *dir);

/*
 * Create directory 'dir' (and parents) if missing, remembering the ones
 * created so that a failed run removes them again; 0, or -1 after
 * reporting (a path that exists but is no directory is named).
 */
int outset_mkdir(struct outset *set, const char *dir, struct diag_list *diags)
    __attribute__((warn_unused_result));

/*
 * Finish or undo a commit into 'dir' that a killed run left half done
 * (its journal is there), before anything new is written.  Returns 0
 * (nothing to do, or repaired: a warning says which), or -1 after
 * reporting what could not be repaired.
 */
int outset_recover(const char *dir, struct diag_list *diags)
    __attribute__((warn_unused_result));

/*
 * Append to 'out' a file name made from 'name' (a company name): readable
 * Korean is kept; '/', '\\', control, bidi and invisible format characters
 * and characters that trouble shells or file systems (: * ? " < > |) become
 * '_'; leading '-' and '.' are dropped; at most 80 bytes, cut at a character
 * boundary; an empty result becomes "_".  Never "." or "..", and never a
 * name that Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9,
 * LPT1-9, with or without an extension, any case): those get a '_'
 * before the extension, since split trees are zipped and mailed.
 */
void outfile_safe_name(const char *name, struct strbuf *out);

/*
 * Test hook: when set to N > 0, the Nth write(2) call made through this
 * module fails with ENOSPC.  Lets tests prove that a failed run leaves old
 * outputs untouched.  Read from REPORTGEN_FAIL_WRITE by main.
 */
extern long outfile_fail_write_at;
/*
 * Test hooks for the commit: when set to N > 0, the Nth rename of a commit
 * fails with EIO (outfile_fail_rename_at), or the process kills itself
 * with SIGKILL right after the Nth rename (outfile_kill_after_rename), so
 * that tests can prove the rollback and the next run's repair.  Read from
 * REPORTGEN_FAIL_RENAME and REPORTGEN_KILL_AFTER_RENAME by main.
 */
extern long outfile_fail_rename_at;
extern long outfile_kill_after_rename;

/* The journal's file name in a set's root directory. */
#define OUTSET_JOURNAL ".reportgen.journal"

#endif /* RG_OUTFILE_H */
