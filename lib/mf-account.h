/* mf-account.h: the one account model every store maps to and from */
#pragma once

#include <glib-object.h>

#include "mf-identity.h"
#include "mf-profile.h"
#include "mf-server.h"

G_BEGIN_DECLS

#define MF_TYPE_ACCOUNT (mf_account_get_type ())
G_DECLARE_FINAL_TYPE (MfAccount, mf_account, MF, ACCOUNT, GObject)

/**
 * MfAccountKind:
 * @MF_ACCOUNT_KIND_MAIL: an ordinary POP3 or IMAP account mailfix can repair
 * @MF_ACCOUNT_KIND_OAUTH2: signs in with OAuth2 tokens; left alone
 * @MF_ACCOUNT_KIND_OTHER: not mail over IMAP/POP3 (Exchange, news, feeds,
 *   local folders); left alone
 * @MF_ACCOUNT_KIND_ARCHIVE: an old account kept only to reach its mail
 *   (neither fetches nor sends); left alone
 *
 * Since: 0.1
 */
typedef enum {
  MF_ACCOUNT_KIND_MAIL,
  MF_ACCOUNT_KIND_OAUTH2,
  MF_ACCOUNT_KIND_OTHER,
  MF_ACCOUNT_KIND_ARCHIVE,
} MfAccountKind;

MfAccount    *mf_account_new             (const gchar *id, MfProfile *profile);
const gchar  *mf_account_get_id          (MfAccount *self);
MfProfile    *mf_account_get_profile     (MfAccount *self);
const gchar  *mf_account_get_store       (MfAccount *self);
const gchar  *mf_account_get_name        (MfAccount *self);
void          mf_account_set_name        (MfAccount *self, const gchar *name);
MfAccountKind mf_account_get_kind        (MfAccount *self);
void          mf_account_set_kind        (MfAccount *self, MfAccountKind kind);
const gchar  *mf_account_kind_to_string  (MfAccountKind kind);

MfServer     *mf_account_get_incoming    (MfAccount *self);
void          mf_account_set_incoming    (MfAccount *self, MfServer *server);
MfServer     *mf_account_get_outgoing    (MfAccount *self);
void          mf_account_set_outgoing    (MfAccount *self, MfServer *server);

/* when the stored password last changed, where the store records it */
GDateTime    *mf_account_get_password_changed (MfAccount *self);
void          mf_account_set_password_changed (MfAccount *self, GDateTime *when);

GPtrArray    *mf_account_get_identities  (MfAccount *self);
void          mf_account_add_identity    (MfAccount *self, MfIdentity *identity);
const gchar  *mf_account_get_address     (MfAccount *self);

/* the store's own names for what the account is made of, e.g. "server" -> "server1" */
const gchar  *mf_account_get_store_key   (MfAccount *self, const gchar *what);
void          mf_account_set_store_key   (MfAccount *self, const gchar *what, const gchar *key);
GHashTable   *mf_account_get_store_keys  (MfAccount *self);

G_END_DECLS
