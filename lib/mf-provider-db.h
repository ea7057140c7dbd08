/* mf-provider-db.h: the set of provider descriptions mailfix knows */
#pragma once

#include <glib-object.h>

#include "mf-provider.h"

G_BEGIN_DECLS

#define MF_TYPE_PROVIDER_DB (mf_provider_db_get_type ())
G_DECLARE_FINAL_TYPE (MfProviderDb, mf_provider_db, MF, PROVIDER_DB, GObject)

MfProviderDb *mf_provider_db_new             (void);
MfProviderDb *mf_provider_db_new_default     (GError **error) G_GNUC_WARN_UNUSED_RESULT;
const gchar  *mf_provider_db_get_default_dir (void);
GPtrArray    *mf_provider_db_get_search_path (void);
gboolean      mf_provider_db_load_search_path (MfProviderDb *self,
                                               GError      **error);
GPtrArray    *mf_provider_db_get_problems    (MfProviderDb *self);
GPtrArray    *mf_provider_validate_file      (const gchar  *path);

gboolean      mf_provider_db_load_file       (MfProviderDb *self,
                                              const gchar  *path,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      mf_provider_db_load_dir        (MfProviderDb *self,
                                              const gchar  *dir,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;

MfProvider   *mf_provider_db_lookup_id       (MfProviderDb *self,
                                              const gchar  *id);
MfProvider   *mf_provider_db_lookup_domain   (MfProviderDb *self,
                                              const gchar  *domain);
MfProvider   *mf_provider_db_lookup_address  (MfProviderDb *self,
                                              const gchar  *address);
MfProvider   *mf_provider_db_lookup_host     (MfProviderDb *self,
                                              const gchar  *host);
GPtrArray    *mf_provider_db_get_providers   (MfProviderDb *self);

G_END_DECLS
