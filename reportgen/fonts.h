/*
 * fonts.h - find the font files a layout names, through the manifest
 * fonts/manifest.json (name -> file, package, licence, search directories).
 *
 * Used by main before layout: layouts name fonts, never paths, so a layout
 * works wherever the fonts are installed.
 */
#ifndef RG_FONTS_H
#define RG_FONTS_H

struct diag_list;

/*
 * Path of the file for font 'name' according to the manifest at
 * 'manifest' (caller frees), or NULL after reporting DIAG_FONT (exit 3):
 * unknown name, no such file in any search directory, unreadable manifest.
 * REPORTGEN_FONT_DIR, when set, is searched first.
 */
char *fonts_find(const char *manifest, const char *name, struct diag_list *diags);

#endif /* RG_FONTS_H */
