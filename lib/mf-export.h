/* mf-export.h: a provider's correct settings as a file that other mail
 * programs import */
#pragma once

#include <glib.h>

#include "mf-provider.h"

G_BEGIN_DECLS

/**
 * MfExportFormat:
 * @MF_EXPORT_AUTOCONFIG: a Mozilla autoconfig (clientConfig 1.1) document,
 *   as Thunderbird, Evolution and K-9 Mail read it
 * @MF_EXPORT_MOBILECONFIG: an Apple configuration profile for iPhone, iPad
 *   and macOS Mail
 * @MF_EXPORT_PRF: an Outlook profile file that adds the account to the
 *   default Outlook profile (`outlook.exe /importprf`)
 * @MF_EXPORT_REG: a registry file (version 5, UTF-16LE) that adds an
 *   Outlook Express style Internet Account Manager account (`reg import`)
 *
 * The kinds of file mf_provider_export() writes.
 *
 * Since: 0.1
 */
typedef enum {
  MF_EXPORT_AUTOCONFIG,
  MF_EXPORT_MOBILECONFIG,
  MF_EXPORT_PRF,
  MF_EXPORT_REG,
} MfExportFormat;

gboolean      mf_export_format_from_string   (const gchar    *name,
                                              MfExportFormat *format);
const gchar  *mf_export_format_get_extension (MfExportFormat  format);

GBytes       *mf_provider_export             (MfProvider     *provider,
                                              MfExportFormat  format,
                                              const gchar    *address,
                                              const gchar    *login,
                                              GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      mf_provider_export_to_file     (MfProvider     *provider,
                                              MfExportFormat  format,
                                              const gchar    *address,
                                              const gchar    *login,
                                              const gchar    *path,
                                              GError        **error);

G_END_DECLS
