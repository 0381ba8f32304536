/*
 * fonts.c - the font manifest (jansson): name -> first existing file.
 */
#include "fonts.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

static int exists(const char *path)
{
    return access(path, R_OK) == 0;
}

char *fonts_find(const char *manifest, const char *name, struct diag_list *diags)
{
    json_error_t e;
    json_t *root = json_load_file(manifest, 0, &e), *fonts, *f;
    const char *env = getenv("REPORTGEN_FONT_DIR");
    char *base = xstrdup(manifest), *slash, *found = NULL;
    struct strbuf sb = STRBUF_INIT;
    size_t i, k;

    slash = strrchr(base, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(base, ".");
    if (!root && json_error_code(&e) == json_error_out_of_memory)
        xalloc_fail(0);
    if (!root) {
        diag_add(diags, DIAG_FONT, NULL, 0, NULL, NULL, "font manifest '%s': %s", manifest,
                 e.text);
        free(base);
        return NULL;
    }
    fonts = json_object_get(root, "fonts");
    for (i = 0; i < json_array_size(fonts); i++) {
        const char *file;
        json_t *search;

        f = json_array_get(fonts, i);
        if (!json_is_string(json_object_get(f, "name")) ||
            strcmp(json_string_value(json_object_get(f, "name")), name) != 0)
            continue;
        file = json_string_value(json_object_get(f, "file"));
        if (!file)
            break;
        if (env && *env) {
            strbuf_reset(&sb);
            strbuf_addf(&sb, "%s/%s", env, file);
            if (exists(sb.buf)) {
                found = strbuf_detach(&sb, NULL);
                break;
            }
        }
        search = json_object_get(f, "search");
        for (k = 0; k < json_array_size(search) && !found; k++) {
            const char *dir = json_string_value(json_array_get(search, k));
            if (!dir)
                continue;
            strbuf_reset(&sb);
            if (dir[0] == '/')
                strbuf_addf(&sb, "%s/%s", dir, file);
            else
                strbuf_addf(&sb, "%s/%s/%s", base, dir, file);
            if (exists(sb.buf))
                found = strbuf_detach(&sb, NULL);
        }
        if (!found) {
            const char *pkg = json_string_value(json_object_get(f, "package"));
            diag_add(diags, DIAG_FONT, NULL, 0, NULL, NULL,
                     "'%s' (%s) not found%s%s%s", name, file, pkg ? "; install the Debian package '" : "",
                     pkg ? pkg : "", pkg ? "'" : "");
        }
        break;
    }
    if (i == json_array_size(fonts))
        diag_add(diags, DIAG_FONT, NULL, 0, NULL, NULL, "'%s' is not in the font manifest '%s'",
                 name, manifest);
    strbuf_release(&sb);
    json_decref(root);
    free(base);
    return found;
}
