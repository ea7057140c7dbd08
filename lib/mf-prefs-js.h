/* mf-prefs-js.h: reader and byte-preserving writer for prefs.js; private to libmailfix
 *
 * the file is kept as a list of segments: every statement with its original
 * bytes, and the text between statements (header, comments, blank lines).
 * untouched segments are written back byte for byte, so a parse followed by
 * mf_prefs_js_to_bytes() returns the input unchanged; an edit re-renders only
 * the statement it touches, the way Thunderbird writes it
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MfPrefType:
 * @MF_PREF_NONE: the pref is not set in the file
 * @MF_PREF_STRING: a quoted string
 * @MF_PREF_INT: a signed 32-bit integer
 * @MF_PREF_BOOL: true or false
 */
typedef enum {
  MF_PREF_NONE,
  MF_PREF_STRING,
  MF_PREF_INT,
  MF_PREF_BOOL,
} MfPrefType;

typedef struct _MfPrefsJs MfPrefsJs;

MfPrefsJs   *mf_prefs_js_parse         (const gchar *data,
                                        gsize        len,
                                        const gchar *filename,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* only the prefs under prefix, for reading; checks the whole file */
MfPrefsJs   *mf_prefs_js_parse_prefix  (const gchar *data,
                                        gsize        len,
                                        const gchar *filename,
                                        const gchar *prefix,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;
void         mf_prefs_js_free          (MfPrefsJs   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfPrefsJs, mf_prefs_js_free)

MfPrefType   mf_prefs_js_get_type_of   (MfPrefsJs   *self,
                                        const gchar *name);
gboolean     mf_prefs_js_has           (MfPrefsJs   *self,
                                        const gchar *name);
const gchar *mf_prefs_js_get_string    (MfPrefsJs   *self,
                                        const gchar *name);
gboolean     mf_prefs_js_get_int       (MfPrefsJs   *self,
                                        const gchar *name,
                                        gint32      *out);
gboolean     mf_prefs_js_get_bool      (MfPrefsJs   *self,
                                        const gchar *name,
                                        gboolean    *out);
GPtrArray   *mf_prefs_js_list_names    (MfPrefsJs   *self,
                                        const gchar *prefix) G_GNUC_WARN_UNUSED_RESULT;
gchar       *mf_prefs_js_render_value  (MfPrefsJs   *self,
                                        const gchar *name) G_GNUC_WARN_UNUSED_RESULT;
guint        mf_prefs_js_get_line      (MfPrefsJs   *self,
                                        const gchar *name);

void         mf_prefs_js_set_string    (MfPrefsJs   *self,
                                        const gchar *name,
                                        const gchar *value);
void         mf_prefs_js_set_int       (MfPrefsJs   *self,
                                        const gchar *name,
                                        gint32       value);
void         mf_prefs_js_set_bool      (MfPrefsJs   *self,
                                        const gchar *name,
                                        gboolean     value);
gboolean     mf_prefs_js_remove        (MfPrefsJs   *self,
                                        const gchar *name);

GBytes      *mf_prefs_js_to_bytes      (MfPrefsJs   *self) G_GNUC_WARN_UNUSED_RESULT;
gchar       *mf_prefs_js_escape        (const gchar *value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
