/* mf-prf.h: Outlook profile files (.prf, imported with outlook.exe
 * /importprf), read with iniparser and changed line by line; private */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MfPrf MfPrf;

typedef struct {
  gchar *section;    /* "Account1": the section holding the account's values */
  gchar *kind;       /* "I_Mail" (POP3), "IMAP_I_Mail" (IMAP), "INET_HTTP", ... */
} MfPrfAccount;

/* Reads a PRF: ASCII/UTF-8, the Japanese Windows code page CP932, or
 * UTF-16LE with a byte-order mark; CRLF or LF. Errors name the file. */
MfPrf       *mf_prf_parse          (GBytes *bytes, const gchar *path, GError **error);
void         mf_prf_free           (MfPrf *prf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfPrf, mf_prf_free)

/* the accounts [Internet Account List] names, in its order (MfPrfAccount);
 * a new array, freed with g_ptr_array_unref */
GPtrArray   *mf_prf_get_accounts   (MfPrf *prf);
/* a value; section and key match case-insensitively; NULL if absent */
const gchar *mf_prf_get            (MfPrf *prf, const gchar *section, const gchar *key);
/* changes the value on its own line, or adds the line at the end of the
 * section (the section is added at the end of the file if missing); every
 * other line stays as it was */
void         mf_prf_set            (MfPrf *prf, const gchar *section, const gchar *key, const gchar *value);
gboolean     mf_prf_remove         (MfPrf *prf, const gchar *section, const gchar *key);
/* written back in the encoding and line ends it was read with */
GBytes      *mf_prf_to_bytes       (MfPrf *prf);

/* A new PRF that adds accounts to the existing Outlook profile
 * profile_name ([General] OverwriteProfile=Append) and changes nothing
 * else in it; ASCII-safe, CRLF. */
MfPrf       *mf_prf_new_append     (const gchar *profile_name);
/* adds "AccountN=kind" to [Internet Account List], the section "AccountN"
 * (returned; the caller fills it with mf_prf_set) and, if missing, the
 * property mapping section of kind that Outlook needs to read it
 * ([IMAP_I_Mail] or [I_Mail]) */
gchar       *mf_prf_add_account    (MfPrf *prf, const gchar *kind);

G_END_DECLS
