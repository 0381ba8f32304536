/*
 * testfiles.h - file helpers shared by the unit tests: read a whole file,
 * write bytes to a new temporary file.  Include after <cmocka.h>.
 */
#ifndef RG_TESTFILES_H
#define RG_TESTFILES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The whole file at 'path' (caller frees); its size in '*len'. */
static inline unsigned char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *buf;
    long n;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

/* Write 'len' bytes to a new temporary file named in 'path'; the caller unlinks it. */
static inline void write_temp(char path[32], const void *data, size_t len)
{
    int fd;

    strcpy(path, "/tmp/rg_testXXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

#endif /* RG_TESTFILES_H */
