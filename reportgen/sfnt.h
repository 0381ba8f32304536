/*
 * sfnt.h - big-endian reads and writes of TrueType (sfnt) data, shared by
 * the two font readers, fontmetrics and fontsubset.  The caller checks
 * that the bytes lie inside its buffer.
 */
#ifndef RG_SFNT_H
#define RG_SFNT_H

#include <stdint.h>

static inline unsigned sfnt_u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static inline int sfnt_s16(const unsigned char *p)
{
    unsigned v = sfnt_u16(p);
    return v >= 0x8000u ? (int)v - 0x10000 : (int)v;
}

static inline uint32_t sfnt_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void sfnt_put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static inline void sfnt_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

#endif /* RG_SFNT_H */
