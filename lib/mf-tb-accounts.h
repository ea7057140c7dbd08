/* mf-tb-accounts.h: Thunderbird's account prefs mapped to the account model; private */
#pragma once

#include <glib.h>

#include "mf-account.h"
#include "mf-prefs-js.h"

G_BEGIN_DECLS

/* what the Thunderbird store keeps about a loaded profile */
typedef struct {
  gchar *prefs_path;
  GBytes *prefs_bytes;   /* NULL when the profile has no prefs.js yet */
  MfPrefsJs *prefs;      /* parsed from prefs_bytes when the profile is planned */
} MfTbProfileData;

void       mf_tb_profile_data_free (MfTbProfileData *data);

/* Thunderbird's numbers for server security and authentication */
MfSecurity mf_tb_security_from_socket_type (gint32 socket_type);
gint32     mf_tb_socket_type_from_security (MfSecurity security);
MfAuth     mf_tb_auth_from_method          (gint32 method);
gint32     mf_tb_method_from_auth          (MfAuth auth);

/* the accounts of one profile, in Thunderbird's order */
GPtrArray *mf_tb_accounts_read (MfProfile *profile, MfPrefsJs *prefs);

/* "a,b, c" -> ["a","b","c"], empty items and repeats dropped */
GPtrArray *mf_tb_split_list    (const gchar *value);

G_END_DECLS
