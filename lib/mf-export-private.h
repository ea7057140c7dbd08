/* mf-export-private.h: what the export formats share; never installed */
#pragma once

#include <libxml/tree.h>

#include "mf-export.h"
#include "mf-server.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* One account at the provider, for the formats that set up exactly one:
 * the provider's first IMAP server (else its first POP3 server) and its
 * submission server, filled in for the address. A username is NULL when
 * it is not known (an external login nobody gave). */
typedef struct {
  MfProvider *provider;
  const gchar *address;
  MfServer *incoming;
  MfServer *outgoing;
} MfExportAccount;

/* the login for server: login when given, else the server's template
 * filled in for address; with address NULL the template as it is. NULL
 * for a server that does not sign in or whose login nobody knows. */
gchar   *mf_export_server_username (const MfProviderServer *server, const gchar *address, const gchar *login);

/* the host name of server filled in for address (with address NULL, the
 * template as it is); NULL with an error if the address cannot form one */
gchar   *mf_export_server_hostname (MfProvider *provider, const MfProviderServer *server, const gchar *address,
                                    GError **error);

/* doc as indented UTF-8 text */
GBytes  *mf_export_xml_to_bytes    (xmlDoc *doc, GError **error);

GBytes  *mf_export_autoconfig      (MfProvider *provider, const gchar *address, const gchar *login, GError **error);
GBytes  *mf_export_mobileconfig    (const MfExportAccount *account, GError **error);
GBytes  *mf_export_prf             (const MfExportAccount *account, GError **error);
GBytes  *mf_export_reg             (const MfExportAccount *account, GError **error);

G_END_DECLS
