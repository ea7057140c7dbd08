/* mf-provider.h: one mail provider's recommended settings and migration facts */
#pragma once

#include <glib-object.h>

#include "mf-enums.h"

G_BEGIN_DECLS

#define MF_TYPE_PROVIDER (mf_provider_get_type ())
G_DECLARE_FINAL_TYPE (MfProvider, mf_provider, MF, PROVIDER, GObject)

#define MF_TYPE_PROVIDER_SERVER (mf_provider_server_get_type ())

/**
 * MfProviderServer:
 *
 * One `<incomingServer>` or `<outgoingServer>` of a provider file. It is a
 * reference-counted boxed type and never changes after it is loaded.
 *
 * Since: 0.1
 */
typedef struct _MfProviderServer MfProviderServer;

/**
 * MfLoginKind:
 * @MF_LOGIN_TEMPLATE: the provider file says nothing more than the
 *   `<username>` template of each server
 * @MF_LOGIN_ADDRESS: the login is the whole e-mail address
 * @MF_LOGIN_LOCALPART: the login is the part of the address before the `@`
 * @MF_LOGIN_EXTERNAL: the login is an id that cannot be derived from the
 *   address (docomo's d ACCOUNT ID); the user has to supply it
 *
 * How a provider forms the login name.
 *
 * Since: 0.1
 */
typedef enum {
  MF_LOGIN_TEMPLATE,
  MF_LOGIN_ADDRESS,
  MF_LOGIN_LOCALPART,
  MF_LOGIN_EXTERNAL,
} MfLoginKind;

/**
 * MfConfidence:
 * @MF_CONFIDENCE_HIGH: read in an official source; use it
 * @MF_CONFIDENCE_MEDIUM: from one secondary source; use it, but say so
 * @MF_CONFIDENCE_LOW: a guess or a conflicting source; the user has to
 *   check it before mailfix relies on it
 *
 * How sure the provider file is of a fact. The values are ordered: a larger
 * value is less certain.
 *
 * Since: 0.1
 */
typedef enum {
  MF_CONFIDENCE_HIGH,
  MF_CONFIDENCE_MEDIUM,
  MF_CONFIDENCE_LOW,
} MfConfidence;

/**
 * MfProviderOrigin:
 * @MF_PROVIDER_ORIGIN_FILE: a provider file: shipped, installed, or named
 *   on the command line
 * @MF_PROVIDER_ORIGIN_AUTOCONFIG: the mail domain's own autoconfig host
 *   (`https://autoconfig.DOMAIN/mail/config-v1.1.xml`)
 * @MF_PROVIDER_ORIGIN_WELL_KNOWN: the mail domain's well-known URL
 *   (`https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml`)
 * @MF_PROVIDER_ORIGIN_ISPDB: the Thunderbird ISP database
 * @MF_PROVIDER_ORIGIN_MX_AUTOCONFIG: the autoconfig host of the domain
 *   that runs the mail domain's MX server
 * @MF_PROVIDER_ORIGIN_MX_ISPDB: the ISP database's entry for the domain
 *   that runs the mail domain's MX server
 * @MF_PROVIDER_ORIGIN_DNS_SRV: the mail domain's DNS SRV records
 *   (RFC 6186, RFC 8314): host names and ports only, a hint
 *
 * Where a provider description came from (see #MfAutoconfig).
 *
 * Since: 0.1
 */
typedef enum {
  MF_PROVIDER_ORIGIN_FILE,
  MF_PROVIDER_ORIGIN_AUTOCONFIG,
  MF_PROVIDER_ORIGIN_WELL_KNOWN,
  MF_PROVIDER_ORIGIN_ISPDB,
  MF_PROVIDER_ORIGIN_MX_AUTOCONFIG,
  MF_PROVIDER_ORIGIN_MX_ISPDB,
  MF_PROVIDER_ORIGIN_DNS_SRV,
} MfProviderOrigin;

const gchar  *mf_login_kind_to_string  (MfLoginKind kind);
const gchar  *mf_confidence_to_string  (MfConfidence confidence);
const gchar  *mf_provider_origin_to_string (MfProviderOrigin origin);
const gchar  *mf_provider_origin_describe  (MfProviderOrigin origin);

GType         mf_provider_server_get_type (void) G_GNUC_CONST;
MfProviderServer *mf_provider_server_ref  (MfProviderServer *self);
void          mf_provider_server_unref    (MfProviderServer *self);

MfProtocol    mf_provider_server_get_protocol          (const MfProviderServer *self);
const gchar  *mf_provider_server_get_hostname          (const MfProviderServer *self);
guint16       mf_provider_server_get_port              (const MfProviderServer *self);
MfSecurity    mf_provider_server_get_security          (const MfProviderServer *self);
MfAuth        mf_provider_server_get_auth              (const MfProviderServer *self);
const gchar  *mf_provider_server_get_username_template (const MfProviderServer *self);
MfConfidence  mf_provider_server_get_confidence        (const MfProviderServer *self);
MfConfidence  mf_provider_server_get_hostname_confidence (const MfProviderServer *self);
gchar        *mf_provider_server_expand_hostname       (const MfProviderServer *self,
                                                        const gchar            *address) G_GNUC_WARN_UNUSED_RESULT;
gchar        *mf_provider_server_expand_username       (const MfProviderServer *self,
                                                        const gchar            *address) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfProviderServer, mf_provider_server_unref)

const gchar  *mf_provider_get_id            (MfProvider *self);
const gchar  *mf_provider_get_display_name  (MfProvider *self);
const gchar  *mf_provider_get_short_name    (MfProvider *self);
const gchar  *mf_provider_get_filename      (MfProvider *self);
MfProviderOrigin mf_provider_get_origin     (MfProvider *self);
const gchar  *mf_provider_get_origin_url    (MfProvider *self);
GPtrArray    *mf_provider_get_domains       (MfProvider *self);
GPtrArray    *mf_provider_get_host_patterns (MfProvider *self);
GPtrArray    *mf_provider_get_incoming      (MfProvider *self);
GPtrArray    *mf_provider_get_outgoing      (MfProvider *self);
const MfProviderServer *mf_provider_find_incoming  (MfProvider *self,
                                                    MfProtocol  protocol);
const MfProviderServer *mf_provider_get_submission (MfProvider *self);
guint16       mf_provider_get_preferred_port (MfProvider *self);

gboolean      mf_provider_matches_domain    (MfProvider  *self,
                                             const gchar *domain);
gboolean      mf_provider_matches_host      (MfProvider  *self,
                                             const gchar *host);
const gchar  *mf_provider_get_retired_replacement (MfProvider  *self,
                                                   const gchar *host);
const gchar  *mf_provider_get_retired_since (MfProvider  *self,
                                             const gchar *host);

MfLoginKind   mf_provider_get_login_kind    (MfProvider *self);
const gchar  *mf_provider_get_login_label   (MfProvider *self);
const gchar  *mf_provider_get_login_label_for_language (MfProvider  *self,
                                                        const gchar *language);

gboolean      mf_provider_get_app_password_policy (MfProvider *self,
                                                   guint      *min_len,
                                                   guint      *max_len,
                                                   gboolean   *letters,
                                                   gboolean   *digits,
                                                   gboolean   *symbols,
                                                   gboolean   *case_sensitive);
gboolean      mf_provider_check_password    (MfProvider *self, const gchar *password, GError **error);
const gchar  *mf_provider_get_app_password_required_from (MfProvider *self);
const gchar  *mf_provider_get_app_password_abroad_from   (MfProvider *self);
const gchar  *mf_provider_get_app_password_url           (MfProvider *self);
MfConfidence  mf_provider_get_app_password_confidence    (MfProvider *self);
const gchar  *mf_provider_get_instructions  (MfProvider *self);
const gchar  *mf_provider_get_instructions_for_language (MfProvider  *self,
                                                         const gchar *language);

const gchar  *mf_provider_get_pop_before_smtp_ended  (MfProvider *self);
gboolean      mf_provider_get_pop_before_smtp_gradual (MfProvider *self);
const gchar  *mf_provider_get_cutover       (MfProvider  *self,
                                             const gchar *topic);
guint         mf_provider_get_n_sources     (MfProvider *self);
const gchar  *mf_provider_get_source        (MfProvider   *self,
                                             guint         index,
                                             const gchar **description,
                                             MfConfidence *confidence);
MfConfidence  mf_provider_get_confidence    (MfProvider *self);

gboolean      mf_provider_has_branding      (MfProvider *self);
const gchar  *mf_provider_get_brand_name    (MfProvider  *self,
                                             const gchar *language);
const gchar  *mf_provider_get_logo_path     (MfProvider *self);
const gchar  *mf_provider_get_help_url      (MfProvider *self);
const gchar  *mf_provider_get_support_phone (MfProvider *self);
const gchar  *mf_provider_get_support_hours (MfProvider  *self,
                                             const gchar *language);
const gchar  *mf_provider_get_password_help (MfProvider  *self,
                                             const gchar *language);

G_END_DECLS
