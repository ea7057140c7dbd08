/* mf-tb-profiles.h: finding Thunderbird profiles; private */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gchar *name;
  gchar *path;
  gboolean is_default;
} MfTbProfileEntry;

void       mf_tb_profile_entry_free (MfTbProfileEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTbProfileEntry, mf_tb_profile_entry_free)

/* the directories below a home that may hold a profiles.ini */
GPtrArray *mf_tb_profile_roots     (const gchar *home);
/* reads root/profiles.ini (and installs.ini); entries whose directory is
 * missing are reported in problems, naming profiles.ini */
GPtrArray *mf_tb_profiles_read     (const gchar *root, GPtrArray *problems, GError **error);

G_END_DECLS
