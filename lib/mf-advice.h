/* mf-advice.h: accounts and changes explained in plain words, for people
 * who are not mail experts (the desktop wizard) */
#pragma once

#include "mf-account.h"
#include "mf-remedy.h"
#include "mf-session.h"
#include "mf-verify.h"

G_BEGIN_DECLS

/**
 * MfAccountState:
 * @MF_ACCOUNT_STATE_FINE: nothing is wrong
 * @MF_ACCOUNT_STATE_NEEDS_FIX: mailfix can fix it with the provider's
 *   confirmed settings
 * @MF_ACCOUNT_STATE_UNCONFIRMED_FIX: a standard fix exists, but the
 *   provider's settings for it are not confirmed
 * @MF_ACCOUNT_STATE_CANNOT_FIX: something is wrong that mailfix cannot fix
 * @MF_ACCOUNT_STATE_LEFT_ALONE: not an account mailfix handles (OAuth2,
 *   an archive, news, Exchange)
 *
 * Since: 0.1
 */
typedef enum {
  MF_ACCOUNT_STATE_FINE,
  MF_ACCOUNT_STATE_NEEDS_FIX,
  MF_ACCOUNT_STATE_UNCONFIRMED_FIX,
  MF_ACCOUNT_STATE_CANNOT_FIX,
  MF_ACCOUNT_STATE_LEFT_ALONE,
} MfAccountState;

MfAccountState mf_session_get_account_state  (MfSession *self, MfAccount *account, gchar **explanation);
gboolean       mf_session_is_recommended     (MfSession *self, MfAccount *account);
gboolean       mf_session_needs_new_password (MfSession *self, MfAccount *account);
const gchar   *mf_account_get_client_name    (MfAccount *account);
const gchar * const *mf_account_get_client_desktop_ids (MfAccount *account);
GPtrArray     *mf_remedy_describe            (MfRemedy *remedy);
gchar         *mf_verify_result_describe     (MfVerifyResult *result);

G_END_DECLS
