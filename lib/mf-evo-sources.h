/* mf-evo-sources.h: Evolution's source key files, one per UID; private */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gchar *uid;
  gchar *path;
  GBytes *bytes;     /* as read, to plan against */
  GKeyFile *keys;
} MfEvoSource;

typedef struct {
  gchar *dir;
  GHashTable *by_uid;   /* uid -> MfEvoSource */
  GPtrArray *order;     /* MfEvoSource, by file name */
} MfEvoSources;

/* reads every <UID>.source in dir; a file that is not a key file fails the
 * whole directory, naming the file, so nothing is planned on half a picture */
MfEvoSources *mf_evo_sources_load (const gchar *dir, GError **error);
void          mf_evo_sources_free (MfEvoSources *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfEvoSources, mf_evo_sources_free)

MfEvoSource  *mf_evo_sources_get  (MfEvoSources *self, const gchar *uid);

/* reads a key with the default a missing key has in Evolution */
gchar        *mf_evo_get_string   (GKeyFile *keys, const gchar *group, const gchar *key, const gchar *fallback);
gint          mf_evo_get_int      (GKeyFile *keys, const gchar *group, const gchar *key, gint fallback);
gboolean      mf_evo_get_bool     (GKeyFile *keys, const gchar *group, const gchar *key, gboolean fallback);

G_END_DECLS
