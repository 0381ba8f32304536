/*
 * strmap.c - open-addressing string hash map.
 */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct strmap_slot {
    const char *key;  /* NULL: empty */
    uint32_t hash;
    size_t value;
};

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static struct strmap_slot *find(struct strmap_slot *slots, size_t cap, const char *key,
                                uint32_t h)
{
    size_t i = h & (cap - 1);
    while (slots[i].key && (slots[i].hash != h || strcmp(slots[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void rehash(struct strmap *map)
{
    size_t cap = map->cap ? map->cap * 2 : 64, i;
    struct strmap_slot *slots = xcalloc(cap, sizeof *slots);

    for (i = 0; i < map->cap; i++)
        if (map->slots[i].key)
            *find(slots, cap, map->slots[i].key, map->slots[i].hash) = map->slots[i];
    free(map->slots);
    map->slots = slots;
    map->cap = cap;
}

int strmap_get(struct strmap *map, const char *key, size_t *value, int insert)
{
    uint32_t h = hash_str(key);
    struct strmap_slot *slot;

    if (map->cap) {
        slot = find(map->slots, map->cap, key, h);
        if (slot->key) {
            if (value)
                *value = slot->value;
            return 1;
        }
    }
    if (!insert)
        return 0;
    if ((map->count + 1) * 4 > map->cap * 3)
        rehash(map);
    slot = find(map->slots, map->cap, key, h);
    slot->key = key;
    slot->hash = h;
    slot->value = value ? *value : 0;
    map->count++;
    return 0;
}

void strmap_release(struct strmap *map)
{
    free(map->slots);
    map->slots = NULL;
    map->count = map->cap = 0;
}
