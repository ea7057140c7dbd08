/* mf-autoconfig.h: finding a mail domain's settings on the network, for
 * domains no provider file knows */
#pragma once

#include <gio/gio.h>

#include "mf-provider.h"

G_BEGIN_DECLS

#define MF_TYPE_AUTOCONFIG (mf_autoconfig_get_type ())
G_DECLARE_FINAL_TYPE (MfAutoconfig, mf_autoconfig, MF, AUTOCONFIG, GObject)

/**
 * MF_AUTOCONFIG_DEFAULT_ISPDB_URL:
 *
 * The Thunderbird ISP database, which mf_autoconfig_lookup() asks unless
 * mf_autoconfig_set_ispdb_url() names another.
 *
 * Since: 0.1
 */
#define MF_AUTOCONFIG_DEFAULT_ISPDB_URL "https://autoconfig.thunderbird.net/v1.1/"

/**
 * MF_AUTOCONFIG_DEFAULT_TIMEOUT:
 *
 * How many seconds one step of a lookup (one https request, one DNS
 * query) may take unless mf_autoconfig_set_timeout() says otherwise.
 *
 * Since: 0.1
 */
#define MF_AUTOCONFIG_DEFAULT_TIMEOUT 10

MfAutoconfig *mf_autoconfig_new            (void);
gboolean      mf_autoconfig_set_ispdb_url  (MfAutoconfig  *self,
                                            const gchar   *url,
                                            GError       **error);
const gchar  *mf_autoconfig_get_ispdb_url  (MfAutoconfig  *self);
void          mf_autoconfig_set_timeout    (MfAutoconfig  *self,
                                            guint          seconds);
guint         mf_autoconfig_get_timeout    (MfAutoconfig  *self);
void          mf_autoconfig_set_cache_dir  (MfAutoconfig  *self,
                                            const gchar   *dir);
gchar        *mf_autoconfig_get_cache_dir  (MfAutoconfig  *self) G_GNUC_WARN_UNUSED_RESULT;
void          mf_autoconfig_set_ca_file    (MfAutoconfig  *self,
                                            const gchar   *ca_file);
gboolean      mf_autoconfig_set_dns_server (MfAutoconfig  *self,
                                            const gchar   *server,
                                            GError       **error);

MfProvider   *mf_autoconfig_lookup         (MfAutoconfig  *self,
                                            const gchar   *address,
                                            GCancellable  *cancellable,
                                            GError       **error) G_GNUC_WARN_UNUSED_RESULT;
void          mf_autoconfig_lookup_async   (MfAutoconfig       *self,
                                            const gchar        *address,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
MfProvider   *mf_autoconfig_lookup_finish  (MfAutoconfig  *self,
                                            GAsyncResult  *result,
                                            GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
