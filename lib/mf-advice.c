/* mf-advice.c: what a desktop user is told about an account and a change.
 * The same facts the command line prints as codes and settings, said as a
 * careful helpdesk would say them. */
#include "config.h"

#include "mf-advice.h"
#include "mf-diagnosis.h"
#include "mf-finding.h"
#include "mf-private.h"
#include "mf-provider.h"

/* the finding a person should hear about first: what stops mail working
 * before what makes it unsafe; with a role, only findings of that side */
static MfFinding *
main_finding (GPtrArray *findings, const gchar *role_a, const gchar *role_b)
{
  static const MfFindingCode order[] = {
    MF_FINDING_POP_BEFORE_SMTP, MF_FINDING_OLD_PASSWORD, MF_FINDING_SMTP_PORT_25, MF_FINDING_LEGACY_HOST,
    MF_FINDING_USERNAME_FORMAT, MF_FINDING_POP3_WHERE_IMAP, MF_FINDING_PLAINTEXT_INCOMING,
    MF_FINDING_PLAINTEXT_OUTGOING,
  };

  for (gsize k = 0; k < G_N_ELEMENTS (order); k++) {
    for (guint i = 0; i < findings->len; i++) {
      MfFinding *finding = g_ptr_array_index (findings, i);
      const gchar *role = mf_finding_get_role (finding);
      gboolean side_ok = (role_a == NULL && role_b == NULL) || g_strcmp0 (role, role_a) == 0 ||
                         g_strcmp0 (role, role_b) == 0 || role == NULL;
      if (mf_finding_get_code (finding) == order[k] && side_ok)
        return finding;
    }
  }
  return g_ptr_array_index (findings, 0);
}

static MfAccountState
left_alone (MfAccount *account, gchar **why)
{
  switch (mf_account_get_kind (account)) {
  case MF_ACCOUNT_KIND_OAUTH2:
    *why = g_strdup (_("This account signs in through the provider's own web page, which the recent changes do "
                       "not affect. It is left as it is."));
    break;
  case MF_ACCOUNT_KIND_ARCHIVE:
    *why = g_strdup (_("An old account kept only so its mail can still be read. It is left as it is."));
    break;
  case MF_ACCOUNT_KIND_OTHER:
  case MF_ACCOUNT_KIND_MAIL:
  default:
    *why = g_strdup (_("This is not an ordinary IMAP or POP3 mail account (for example Exchange or news). "
                       "It is left as it is."));
    break;
  }
  return MF_ACCOUNT_STATE_LEFT_ALONE;
}

static MfAccountState
state_of (MfSession *self, MfAccount *account, gchar **why)
{
  MfDiagnosis *diagnosis;
  MfRemedy *remedy;
  GPtrArray *findings;
  gboolean in_ok, out_ok;

  if (mf_account_get_kind (account) != MF_ACCOUNT_KIND_MAIL)
    return left_alone (account, why);
  diagnosis = mf_session_get_diagnosis (self, account);
  findings = diagnosis != NULL ? mf_diagnosis_get_findings (diagnosis) : NULL;
  if (findings == NULL || findings->len == 0) {
    *why = g_strdup (_("The settings are up to date; nothing needs to change."));
    return MF_ACCOUNT_STATE_FINE;
  }
  remedy = mf_diagnosis_get_remedy (diagnosis);
  if (remedy == NULL || mf_remedy_is_empty (remedy)) {
    MfFinding *first = main_finding (findings, NULL, NULL);
    *why = g_strdup_printf (_("%s. mailfix cannot change this here; %s."), mf_finding_get_message (first),
                            mf_finding_get_fix (first));
    return MF_ACCOUNT_STATE_CANNOT_FIX;
  }
  in_ok = mf_remedy_get_incoming (remedy) != NULL && mf_remedy_get_incoming_confirmed (remedy);
  out_ok = mf_remedy_get_outgoing (remedy) != NULL && mf_remedy_get_outgoing_confirmed (remedy);
  if (in_ok || out_ok) {
    /* what the fix that will be made addresses */
    MfFinding *first = main_finding (findings, in_ok ? "incoming" : NULL, out_ok ? "outgoing" : NULL);
    *why = g_strdup_printf (_("%s. mailfix can fix this with the settings the provider publishes."),
                            mf_finding_get_message (first));
    return MF_ACCOUNT_STATE_NEEDS_FIX;
  }
  *why = g_strdup_printf (_("%s. A standard fix exists, but the provider's own settings are not confirmed; "
                            "choose it only if you know they are right."),
                          mf_finding_get_message (main_finding (findings, NULL, NULL)));
  return MF_ACCOUNT_STATE_UNCONFIRMED_FIX;
}

/**
 * mf_session_get_account_state:
 * @self: a session that has scanned
 * @account: one of its accounts
 * @explanation: (out) (optional) (transfer full): why, in plain words
 *
 * Returns: what state the account is in, as far as mailfix can tell
 *
 * Since: 0.1
 */
MfAccountState
mf_session_get_account_state (MfSession *self, MfAccount *account, gchar **explanation)
{
  g_autofree gchar *why = NULL;
  MfAccountState state;

  g_return_val_if_fail (MF_IS_SESSION (self), MF_ACCOUNT_STATE_LEFT_ALONE);
  g_return_val_if_fail (MF_IS_ACCOUNT (account), MF_ACCOUNT_STATE_LEFT_ALONE);
  mf_i18n_init ();
  state = state_of (self, account, &why);
  if (explanation != NULL)
    *explanation = g_steal_pointer (&why);
  return state;
}

/**
 * mf_session_is_recommended:
 * @self: a session that has scanned
 * @account: one of its accounts
 *
 * Returns: %TRUE for an account a wizard should offer to fix from the
 *   start: it has findings and the provider's fix is confirmed
 *
 * Since: 0.1
 */
gboolean
mf_session_is_recommended (MfSession *self, MfAccount *account)
{
  MfDiagnosis *diagnosis;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  if (mf_session_get_account_state (self, account, NULL) != MF_ACCOUNT_STATE_NEEDS_FIX)
    return FALSE;
  diagnosis = mf_session_get_diagnosis (self, account);
  return diagnosis != NULL && mf_diagnosis_get_provider (diagnosis) != NULL;
}

/**
 * mf_session_needs_new_password:
 * @self: a session that has scanned
 * @account: one of its accounts
 *
 * Returns: %TRUE when fixing the account needs a password from the user:
 *   the provider requires an app password for mail programs, or the one
 *   the program keeps is older than that requirement
 *
 * Since: 0.1
 */
gboolean
mf_session_needs_new_password (MfSession *self, MfAccount *account)
{
  MfDiagnosis *diagnosis;
  MfProvider *provider;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  diagnosis = mf_session_get_diagnosis (self, account);
  if (diagnosis == NULL || mf_account_get_kind (account) != MF_ACCOUNT_KIND_MAIL)
    return FALSE;
  if (mf_diagnosis_has_finding (diagnosis, MF_FINDING_OLD_PASSWORD))
    return TRUE;
  provider = mf_diagnosis_get_provider (diagnosis);
  return provider != NULL && mf_provider_get_app_password_policy (provider, NULL, NULL, NULL, NULL, NULL, NULL);
}

/**
 * mf_account_get_client_name:
 * @account: an account
 *
 * Returns: the name people know its mail program by
 *
 * Since: 0.1
 */
const gchar *
mf_account_get_client_name (MfAccount *account)
{
  const gchar *store;

  g_return_val_if_fail (MF_IS_ACCOUNT (account), NULL);
  mf_i18n_init ();
  store = mf_account_get_store (account);
  if (g_strcmp0 (store, "thunderbird") == 0)
    return "Thunderbird";
  if (g_strcmp0 (store, "evolution") == 0)
    return "Evolution";
  if (g_strcmp0 (store, "oeaccount") == 0)
    return _("Windows Mail");
  if (g_strcmp0 (mf_account_get_store_key (account, "flavour"), "oe") == 0)
    return "Outlook Express";
  if (g_strcmp0 (store, "outlook") == 0)
    return "Outlook";
  return store;
}

/**
 * mf_account_get_client_desktop_ids:
 * @account: an account
 *
 * The desktop entries (freedesktop.org application IDs) under which
 * distributions and Flatpak install the account's mail program, so that a
 * front end can offer to start it after a fix.
 *
 * Returns: (transfer none) (array zero-terminated=1): the IDs, most common
 *   first; empty for mail programs that do not run on this desktop
 *
 * Since: 0.1
 */
const gchar * const *
mf_account_get_client_desktop_ids (MfAccount *account)
{
  static const gchar * const thunderbird[] = {
    "thunderbird.desktop", "org.mozilla.Thunderbird.desktop", "net.thunderbird.Thunderbird.desktop",
    "mozilla-thunderbird.desktop", NULL,
  };
  static const gchar * const evolution[] = { "org.gnome.Evolution.desktop", NULL };
  static const gchar * const none[] = { NULL };
  const gchar *store;

  g_return_val_if_fail (MF_IS_ACCOUNT (account), none);
  store = mf_account_get_store (account);
  if (g_strcmp0 (store, "thunderbird") == 0)
    return thunderbird;
  if (g_strcmp0 (store, "evolution") == 0)
    return evolution;
  return none;
}

static const gchar *
security_words (MfSecurity security)
{
  switch (security) {
  case MF_SECURITY_TLS:
    return _("SSL/TLS");
  case MF_SECURITY_STARTTLS:
    return "STARTTLS";
  case MF_SECURITY_NONE:
  default:
    return _("no encryption");
  }
}

static void
describe_incoming (GPtrArray *out, MfServer *before, MfServer *after, gboolean to_imap)
{
  if (to_imap) {
    g_ptr_array_add (out, g_strdup_printf (_("Mail will be received over IMAP from %s, so it stays on the server and "
                                             "every device shows the same folders. The old POP3 account is kept, "
                                             "with the mail already downloaded."),
                                           mf_server_get_host (after)));
    return;
  }
  if (g_strcmp0 (mf_server_get_host (before), mf_server_get_host (after)) != 0)
    g_ptr_array_add (out, g_strdup_printf (_("Mail will be received from %s instead of %s."),
                                           mf_server_get_host (after), mf_server_get_host (before)));
  if (mf_server_get_security (after) != mf_server_get_security (before) ||
      mf_server_get_port (after) != mf_server_get_port (before))
    g_ptr_array_add (out, g_strdup_printf (_("Receiving will be encrypted (%s, port %u), so the password no longer "
                                             "crosses the network readable."),
                                           security_words (mf_server_get_security (after)),
                                           (guint) mf_server_get_port (after)));
  if (mf_server_get_username (after) != NULL &&
      g_strcmp0 (mf_server_get_username (before), mf_server_get_username (after)) != 0)
    g_ptr_array_add (out, g_strdup_printf (_("The login name becomes %s."), mf_server_get_username (after)));
}

static void
describe_outgoing (GPtrArray *out, MfServer *before, MfServer *after)
{
  if (before != NULL && g_strcmp0 (mf_server_get_host (before), mf_server_get_host (after)) != 0)
    g_ptr_array_add (out, g_strdup_printf (_("Mail will be sent through %s instead of %s."),
                                           mf_server_get_host (after), mf_server_get_host (before)));
  if ((before == NULL || mf_server_get_auth (before) == MF_AUTH_NONE) && mf_server_get_auth (after) != MF_AUTH_NONE)
    g_ptr_array_add (out, g_strdup (_("Sending will sign in with your user name and password, instead of relying on "
                                      "having checked for mail first, which providers no longer accept.")));
  if (before != NULL && mf_server_get_port (before) == 25 && mf_server_get_port (after) != 25)
    g_ptr_array_add (out, g_strdup_printf (_("Sending moves from port 25, which providers block for mail programs, "
                                             "to port %u."), (guint) mf_server_get_port (after)));
  else if (before == NULL || mf_server_get_port (before) != mf_server_get_port (after))
    g_ptr_array_add (out, g_strdup_printf (_("Sending will use port %u."), (guint) mf_server_get_port (after)));
  if (before == NULL || mf_server_get_security (before) != mf_server_get_security (after))
    g_ptr_array_add (out, g_strdup_printf (_("Sending will be encrypted (%s)."),
                                           security_words (mf_server_get_security (after))));
}

/**
 * mf_remedy_describe:
 * @remedy: a remedy
 *
 * Returns: (transfer full) (element-type utf8): what the remedy changes, as
 *   sentences for people who are not experts; the remedy's notes come on
 *   top of these
 *
 * Since: 0.1
 */
GPtrArray *
mf_remedy_describe (MfRemedy *remedy)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  MfAccount *account;

  g_return_val_if_fail (MF_IS_REMEDY (remedy), out);
  mf_i18n_init ();
  account = mf_remedy_get_account (remedy);
  if (mf_remedy_get_incoming (remedy) != NULL)
    describe_incoming (out, mf_account_get_incoming (account), mf_remedy_get_incoming (remedy),
                       mf_remedy_get_converts_to_imap (remedy));
  if (mf_remedy_get_outgoing (remedy) != NULL)
    describe_outgoing (out, mf_account_get_outgoing (account), mf_remedy_get_outgoing (remedy));
  if (out->len == 0)
    g_ptr_array_add (out, g_strdup (_("The account's settings are brought up to date.")));
  return out;
}

/**
 * mf_verify_result_describe:
 * @result: the result of logging in to one server
 *
 * Returns: (transfer full): the result in plain words
 *
 * Since: 0.1
 */
gchar *
mf_verify_result_describe (MfVerifyResult *result)
{
  MfServer *server;
  const gchar *host;

  g_return_val_if_fail (MF_IS_VERIFY_RESULT (result), NULL);
  mf_i18n_init ();
  server = mf_verify_result_get_server (result);
  host = mf_server_get_host (server);
  switch (mf_verify_result_get_status (result)) {
  case MF_VERIFY_OK:
    return g_strdup_printf (_("Signed in to %s: the settings and the password work."), host);
  case MF_VERIFY_HOST_NOT_FOUND:
    return g_strdup_printf (_("The server %s could not be found. Check the internet connection."), host);
  case MF_VERIFY_CONNECTION_REFUSED:
  case MF_VERIFY_NETWORK_ERROR:
    return g_strdup_printf (_("The server %s could not be reached on port %u. Check the internet connection; "
                              "some networks block mail ports."), host, (guint) mf_server_get_port (server));
  case MF_VERIFY_TIMEOUT:
    return g_strdup_printf (_("The server %s did not answer in time. Try again later."), host);
  case MF_VERIFY_CERT_UNTRUSTED:
  case MF_VERIFY_CERT_EXPIRED:
  case MF_VERIFY_CERT_WRONG_HOST:
    return g_strdup_printf (_("The certificate of %s could not be trusted, so the connection was not used. "
                              "Ask the provider before going on."), host);
  case MF_VERIFY_NO_STARTTLS:
  case MF_VERIFY_TLS_FAILED:
  case MF_VERIFY_TLS_LEGACY:
    return g_strdup_printf (_("An encrypted connection to %s could not be set up."), host);
  case MF_VERIFY_AUTH_REJECTED:
    return g_strdup_printf (_("%s refused the password. Check that it is the new app password, typed exactly."),
                            host);
  case MF_VERIFY_CANCELLED:
    return g_strdup (_("The check was stopped."));
  case MF_VERIFY_PROTOCOL_ERROR:
  default:
    return g_strdup_printf (_("%s answered in a way mailfix did not expect."), host);
  }
}
