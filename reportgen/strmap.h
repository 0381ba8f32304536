/*
 * strmap.h - a hash map from borrowed strings to size_t, for id look-ups in
 * validation and the company index in aggregation.
 *
 * Keys are not copied: they must outlive the map (they are dataset strings).
 * Open addressing with linear probing, FNV-1a hashing; insertion order is
 * not kept (callers keep their own arrays for ordered output).
 */
#ifndef RG_STRMAP_H
#define RG_STRMAP_H

#include <stddef.h>

struct strmap_slot;
struct strmap {
    struct strmap_slot *slots;
    size_t count, cap;
};
#define STRMAP_INIT { NULL, 0, 0 }

/*
 * Look up 'key'.  When found, returns 1 and stores its value in '*value'
 * (if not NULL).  When absent and 'insert' is set, adds it with '*value'
 * and returns 0; otherwise returns 0.
 */
int strmap_get(struct strmap *map, const char *key, size_t *value, int insert);
void strmap_release(struct strmap *map);

#endif /* RG_STRMAP_H */
