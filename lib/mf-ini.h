/* mf-ini.h: INI files read with iniparser (Thunderbird's profiles.ini,
 * Outlook's PRF files); private */
#pragma once

#include <glib.h>
#include <iniparser.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (dictionary, iniparser_freedict)

/* Loads the INI file at path, at most max_size bytes. Errors call the file
 * name, or path if name is NULL: a caller that hands iniparser a copy
 * (/proc/self/fd/N) still names the file the user knows. */
dictionary  *mf_ini_load (const gchar *path,
                          const gchar *name,
                          gsize        max_size,
                          GError     **error);

/* the value of key in section, both matched case-insensitively; NULL if absent */
const gchar *mf_ini_get  (dictionary  *dict,
                          const gchar *section,
                          const gchar *key);

G_END_DECLS
