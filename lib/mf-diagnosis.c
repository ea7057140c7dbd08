/* mf-diagnosis.c: the rules; they read the account model and the provider
 * database only, never a store's files */
#include "config.h"

#include "mf-diagnosis.h"
#include "mf-private.h"

struct _MfDiagnosis {
  GObject parent_instance;
  MfAccount *account;
  MfProvider *provider;
  GPtrArray *findings;
  MfRemedy *remedy;
};

G_DEFINE_FINAL_TYPE (MfDiagnosis, mf_diagnosis, G_TYPE_OBJECT)

/* the same message in English (for logs and JSON) and in the user's language */
#define DUAL_PRINTF(out_en, out_tr, fmt, ...)            \
  G_STMT_START {                                        \
    out_en = g_strdup_printf (fmt, __VA_ARGS__);        \
    out_tr = g_strdup_printf (_(fmt), __VA_ARGS__);     \
  } G_STMT_END

static void
mf_diagnosis_finalize (GObject *object)
{
  MfDiagnosis *self = MF_DIAGNOSIS (object);

  g_clear_object (&self->account);
  g_clear_object (&self->provider);
  g_ptr_array_unref (self->findings);
  g_clear_object (&self->remedy);
  G_OBJECT_CLASS (mf_diagnosis_parent_class)->finalize (object);
}

static void
mf_diagnosis_class_init (MfDiagnosisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_diagnosis_finalize;
}

static void
mf_diagnosis_init (MfDiagnosis *self)
{
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
add_finding (MfDiagnosis *self, MfFindingCode code, MfSeverity severity, const gchar *role,
             gchar *msg_en, gchar *msg, gchar *fix_en, gchar *fix)
{
  g_ptr_array_add (self->findings,
                   mf_finding_new (code, severity, mf_account_get_id (self->account), role,
                                   msg_en, msg, fix_en, fix));
  g_free (msg_en);
  g_free (msg);
  g_free (fix_en);
  g_free (fix);
}

static MfProvider *
find_provider (MfAccount *account, MfProviderDb *db)
{
  const gchar *address = mf_account_get_address (account);
  MfServer *incoming = mf_account_get_incoming (account);
  MfServer *outgoing = mf_account_get_outgoing (account);
  MfProvider *provider = NULL;

  if (db == NULL)
    return NULL;
  if (address != NULL)
    provider = mf_provider_db_lookup_address (db, address);
  if (provider == NULL && incoming != NULL && mf_server_get_host (incoming) != NULL)
    provider = mf_provider_db_lookup_host (db, mf_server_get_host (incoming));
  if (provider == NULL && outgoing != NULL && mf_server_get_host (outgoing) != NULL)
    provider = mf_provider_db_lookup_host (db, mf_server_get_host (outgoing));
  return provider;
}

/* the provider's own server for what the account should fetch with */
static const MfProviderServer *
incoming_template (MfProvider *provider, MfServer *incoming)
{
  const MfProviderServer *imap;

  if (provider == NULL)
    return NULL;
  imap = mf_provider_find_incoming (provider, MF_PROTOCOL_IMAP);
  if (mf_server_get_protocol (incoming) == MF_PROTOCOL_POP3 && imap != NULL)
    return imap;
  return mf_provider_find_incoming (provider, mf_server_get_protocol (incoming));
}

static gboolean
username_differs (const gchar *have, const gchar *want)
{
  return want != NULL && g_ascii_strcasecmp (have != NULL ? have : "", want) != 0;
}

static void
check_incoming (MfDiagnosis *self)
{
  MfServer *in = mf_account_get_incoming (self->account);
  const gchar *host = mf_server_get_host (in);
  const gchar *address = mf_account_get_address (self->account);
  /* the login rule of the protocol the account uses now */
  const MfProviderServer *tmpl = self->provider != NULL
                                 ? mf_provider_find_incoming (self->provider, mf_server_get_protocol (in)) : NULL;
  gchar *m_en, *m, *f_en, *f;

  if (mf_server_get_security (in) == MF_SECURITY_NONE) {
    guint16 port = mf_protocol_default_port (mf_server_get_protocol (in), MF_SECURITY_TLS);
    DUAL_PRINTF (m_en, m, N_("Mail is fetched from %s without encryption, so the password crosses the network readable"), host);
    DUAL_PRINTF (f_en, f, N_("Use SSL/TLS on port %u"), port);
    add_finding (self, MF_FINDING_PLAINTEXT_INCOMING, MF_SEVERITY_ERROR, "incoming", m_en, m, f_en, f);
  }
  if (self->provider == NULL)
    return;
  if (mf_server_get_protocol (in) == MF_PROTOCOL_POP3 &&
      mf_provider_find_incoming (self->provider, MF_PROTOCOL_IMAP) != NULL) {
    const gchar *name = mf_provider_get_display_name (self->provider);
    DUAL_PRINTF (m_en, m, N_("%s offers IMAP, but this account uses POP3, so its mail lives on one computer only"), name);
    DUAL_PRINTF (f_en, f, N_("Switch to IMAP on %s with SSL/TLS; the mail POP3 already downloaded stays readable"),
                 mf_provider_server_get_hostname (mf_provider_find_incoming (self->provider, MF_PROTOCOL_IMAP)));
    add_finding (self, MF_FINDING_POP3_WHERE_IMAP, MF_SEVERITY_WARNING, "incoming", m_en, m, f_en, f);
  }
  if (host != NULL && mf_provider_get_retired_replacement (self->provider, host) != NULL) {
    const gchar *repl = mf_provider_get_retired_replacement (self->provider, host);
    DUAL_PRINTF (m_en, m, N_("%s is a server %s has retired"), host, mf_provider_get_display_name (self->provider));
    DUAL_PRINTF (f_en, f, N_("Use %s instead"), repl);
    add_finding (self, MF_FINDING_LEGACY_HOST, MF_SEVERITY_ERROR, "incoming", m_en, m, f_en, f);
  }
  if (tmpl != NULL && address != NULL) {
    g_autofree gchar *want = mf_provider_server_expand_username (tmpl, address);
    if (username_differs (mf_server_get_username (in), want)) {
      DUAL_PRINTF (m_en, m, N_("The login id for %s is \"%s\", but the provider expects \"%s\""),
                   host, mf_server_get_username (in) != NULL ? mf_server_get_username (in) : "", want);
      DUAL_PRINTF (f_en, f, N_("Log in as %s"), want);
      add_finding (self, MF_FINDING_USERNAME_FORMAT, MF_SEVERITY_WARNING, "incoming", m_en, m, f_en, f);
    }
  }
}

static void
check_outgoing (MfDiagnosis *self)
{
  MfServer *out = mf_account_get_outgoing (self->account);
  const gchar *host = mf_server_get_host (out);
  const gchar *address = mf_account_get_address (self->account);
  const MfProviderServer *tmpl = self->provider != NULL ? mf_provider_get_submission (self->provider) : NULL;
  gchar *m_en, *m, *f_en, *f;

  if (mf_server_get_auth (out) == MF_AUTH_NONE) {
    DUAL_PRINTF (m_en, m, N_("Mail is sent through %s without signing in (POP-before-SMTP); providers have ended this, so sending fails"), host);
    DUAL_PRINTF (f_en, f, N_("Sign in to %s with the user name and password (SMTP AUTH)"), host);
    add_finding (self, MF_FINDING_POP_BEFORE_SMTP, MF_SEVERITY_ERROR, "outgoing", m_en, m, f_en, f);
  }
  if (mf_server_get_port (out) == 25) {
    guint16 port = tmpl != NULL ? mf_provider_server_get_port (tmpl) : 587;
    DUAL_PRINTF (m_en, m, N_("Mail is sent on port 25 of %s, which providers block for mail programs"), host);
    DUAL_PRINTF (f_en, f, N_("Send on the submission port %u"), port);
    add_finding (self, MF_FINDING_SMTP_PORT_25, MF_SEVERITY_ERROR, "outgoing", m_en, m, f_en, f);
  }
  if (mf_server_get_security (out) == MF_SECURITY_NONE) {
    DUAL_PRINTF (m_en, m, N_("Mail is sent to %s without encryption"), host);
    DUAL_PRINTF (f_en, f, N_("Use SSL/TLS on port %u or STARTTLS on port %u"), 465, 587);
    add_finding (self, MF_FINDING_PLAINTEXT_OUTGOING, MF_SEVERITY_WARNING, "outgoing", m_en, m, f_en, f);
  }
  if (self->provider == NULL)
    return;
  if (host != NULL && mf_provider_get_retired_replacement (self->provider, host) != NULL) {
    const gchar *repl = mf_provider_get_retired_replacement (self->provider, host);
    DUAL_PRINTF (m_en, m, N_("%s is a server %s has retired"), host, mf_provider_get_display_name (self->provider));
    DUAL_PRINTF (f_en, f, N_("Use %s instead"), repl);
    add_finding (self, MF_FINDING_LEGACY_HOST, MF_SEVERITY_ERROR, "outgoing", m_en, m, f_en, f);
  }
  /* with no sign-in at all, POP_BEFORE_SMTP already says what to do */
  if (tmpl != NULL && address != NULL && mf_server_get_auth (out) != MF_AUTH_NONE) {
    g_autofree gchar *want = mf_provider_server_expand_username (tmpl, address);
    if (username_differs (mf_server_get_username (out), want)) {
      DUAL_PRINTF (m_en, m, N_("The login id for %s is \"%s\", but the provider expects \"%s\""),
                   host, mf_server_get_username (out) != NULL ? mf_server_get_username (out) : "", want);
      DUAL_PRINTF (f_en, f, N_("Log in as %s"), want);
      add_finding (self, MF_FINDING_USERNAME_FORMAT, MF_SEVERITY_WARNING, "outgoing", m_en, m, f_en, f);
    }
  }
}

/* a password stored before the provider required its app password is the
 * old one: the server will refuse it (docomo from 2019-11-26) */
static void
check_password_age (MfDiagnosis *self)
{
  GDateTime *changed = mf_account_get_password_changed (self->account);
  const gchar *required = self->provider != NULL ? mf_provider_get_app_password_required_from (self->provider) : NULL;
  g_autofree gchar *iso = NULL;
  g_autoptr(GDateTime) cutover = NULL;
  g_autofree gchar *changed_text = NULL;
  gchar *m_en, *m, *f_en, *f;

  if (changed == NULL || required == NULL)
    return;
  iso = g_strdup_printf ("%sT00:00:00+09:00", required);
  cutover = g_date_time_new_from_iso8601 (iso, NULL);
  if (cutover == NULL || g_date_time_compare (changed, cutover) >= 0)
    return;
  changed_text = g_date_time_format (changed, "%Y-%m-%d");
  DUAL_PRINTF (m_en, m, N_("The stored password was last changed on %s, before %s required its app password (from %s), so it is the old password"),
               changed_text, mf_provider_get_display_name (self->provider), required);
  DUAL_PRINTF (f_en, f, N_("Issue the app password and store it with \"mailfix password --account %s\""),
               mf_account_get_id (self->account));
  add_finding (self, MF_FINDING_OLD_PASSWORD, MF_SEVERITY_ERROR, "incoming", m_en, m, f_en, f);
}

/* a finding the settings can fix (a new password is not a setting) */
static gboolean
has_finding_for (MfDiagnosis *self, const gchar *role)
{
  for (guint i = 0; i < self->findings->len; i++) {
    MfFinding *finding = g_ptr_array_index (self->findings, i);
    if (mf_finding_get_code (finding) != MF_FINDING_OLD_PASSWORD &&
        g_strcmp0 (mf_finding_get_role (finding), role) == 0)
      return TRUE;
  }
  return FALSE;
}

/* follows a provider's server entry. A host name the file marks as
 * uncertain is not trusted over the one the account already works with;
 * a server entry marked uncertain makes the change unconfirmed. */
static gboolean
apply_template (MfRemedy *remedy, const gchar *role, MfServer *target, const MfProviderServer *tmpl,
                const gchar *address, const gchar *current_host)
{
  g_autofree gchar *host = address != NULL ? mf_provider_server_expand_hostname (tmpl, address) : NULL;
  g_autofree gchar *user = address != NULL ? mf_provider_server_expand_username (tmpl, address) : NULL;
  MfAuth auth = mf_provider_server_get_auth (tmpl);
  MfConfidence confidence = mf_provider_server_get_confidence (tmpl);
  const gchar *retired_to = mf_remedy_get_provider (remedy) != NULL && current_host != NULL
                            ? mf_provider_get_retired_replacement (mf_remedy_get_provider (remedy), current_host) : NULL;

  mf_server_set_protocol (target, mf_provider_server_get_protocol (tmpl));
  if (mf_provider_server_get_hostname_confidence (tmpl) == MF_CONFIDENCE_LOW || host == NULL) {
    if (retired_to != NULL) {
      mf_server_set_host (target, retired_to);
    } else {
      g_autofree gchar *note = g_strdup_printf (_("The provider's server names are not confirmed, so %s is kept; check it with the provider"),
                                                current_host);
      mf_remedy_add_note_for (remedy, role, note);
    }
  } else {
    mf_server_set_host (target, host);
  }
  mf_server_set_port (target, mf_provider_server_get_port (tmpl));
  mf_server_set_security (target, mf_provider_server_get_security (tmpl));
  mf_server_set_auth (target, auth == MF_AUTH_PASSWORD_ENCRYPTED ? auth : MF_AUTH_PASSWORD);
  if (user != NULL)
    mf_server_set_username (target, user);
  if (confidence == MF_CONFIDENCE_MEDIUM) {
    g_autofree gchar *desc = g_strdup_printf ("%s %s:%u", mf_protocol_to_string (mf_server_get_protocol (target)),
                                              mf_server_get_host (target), mf_server_get_port (target));
    g_autofree gchar *note = g_strdup_printf (_("The provider's settings for %s are not fully documented; if the server refuses them, check with the provider"),
                                              desc);
    mf_remedy_add_note_for (remedy, role, note);
  }
  return confidence != MF_CONFIDENCE_LOW;
}

/* RFC 8314: implicit TLS on the well-known port, same host */
static void
apply_standard_incoming (MfServer *target)
{
  if (mf_server_get_security (target) == MF_SECURITY_NONE) {
    mf_server_set_security (target, MF_SECURITY_TLS);
    mf_server_set_port (target, mf_protocol_default_port (mf_server_get_protocol (target), MF_SECURITY_TLS));
  }
  if (mf_server_get_auth (target) == MF_AUTH_NONE || mf_server_get_auth (target) == MF_AUTH_UNKNOWN)
    mf_server_set_auth (target, MF_AUTH_PASSWORD);
}

/* RFC 6409: authenticated submission on 587 with STARTTLS, same host */
static void
apply_standard_outgoing (MfServer *target)
{
  if (mf_server_get_port (target) == 25 || mf_server_get_security (target) == MF_SECURITY_NONE) {
    if (mf_server_get_security (target) == MF_SECURITY_TLS) {
      mf_server_set_port (target, 465);
    } else {
      mf_server_set_security (target, MF_SECURITY_STARTTLS);
      mf_server_set_port (target, 587);
    }
  }
  if (mf_server_get_auth (target) == MF_AUTH_NONE || mf_server_get_auth (target) == MF_AUTH_UNKNOWN)
    mf_server_set_auth (target, MF_AUTH_PASSWORD);
}

static void
plan_incoming (MfDiagnosis *self, MfRemedy *remedy)
{
  MfServer *in = mf_account_get_incoming (self->account);
  const gchar *address = mf_account_get_address (self->account);
  const MfProviderServer *tmpl = incoming_template (self->provider, in);
  g_autoptr(MfServer) target = NULL;

  if (!has_finding_for (self, "incoming"))
    return;
  target = mf_server_dup (in);
  if (tmpl != NULL) {
    mf_remedy_set_incoming_confirmed (remedy, apply_template (remedy, "incoming", target, tmpl, address, mf_server_get_host (in)));
  } else {
    const gchar *repl = self->provider != NULL && mf_server_get_host (in) != NULL
                        ? mf_provider_get_retired_replacement (self->provider, mf_server_get_host (in)) : NULL;
    if (repl != NULL)
      mf_server_set_host (target, repl);
    apply_standard_incoming (target);
    mf_remedy_set_incoming_confirmed (remedy, FALSE);
  }
  if (self->provider != NULL && mf_provider_get_login_kind (self->provider) == MF_LOGIN_EXTERNAL) {
    g_autofree gchar *note = g_strdup_printf (_("The login id must be your %s; check that \"%s\" is it"),
                                              mf_provider_get_login_label (self->provider),
                                              mf_server_get_username (target) != NULL ? mf_server_get_username (target) : "");
    mf_remedy_add_note (remedy, note);
  }
  if (!mf_server_equal (target, in))
    mf_remedy_set_incoming (remedy, target);
}

static void
plan_outgoing (MfDiagnosis *self, MfRemedy *remedy)
{
  MfServer *out = mf_account_get_outgoing (self->account);
  MfServer *in = mf_remedy_get_incoming (remedy) != NULL ? mf_remedy_get_incoming (remedy)
                                                         : mf_account_get_incoming (self->account);
  const gchar *address = mf_account_get_address (self->account);
  const MfProviderServer *tmpl = self->provider != NULL ? mf_provider_get_submission (self->provider) : NULL;
  g_autoptr(MfServer) target = NULL;
  g_autofree gchar *tmpl_user = NULL;

  if (!has_finding_for (self, "outgoing"))
    return;
  if (tmpl != NULL && address != NULL)
    tmpl_user = mf_provider_server_expand_username (tmpl, address);
  target = mf_server_dup (out);
  if (tmpl != NULL) {
    mf_remedy_set_outgoing_confirmed (remedy, apply_template (remedy, "outgoing", target, tmpl, address, mf_server_get_host (out)));
  } else {
    const gchar *repl = self->provider != NULL && mf_server_get_host (out) != NULL
                        ? mf_provider_get_retired_replacement (self->provider, mf_server_get_host (out)) : NULL;
    if (repl != NULL)
      mf_server_set_host (target, repl);
    apply_standard_outgoing (target);
    mf_remedy_set_outgoing_confirmed (remedy, FALSE);
  }
  /* SMTP AUTH uses the incoming login unless the provider says otherwise */
  if (tmpl_user == NULL &&
      (mf_server_get_username (target) == NULL || mf_server_get_username (target)[0] == '\0' ||
       mf_server_get_auth (out) == MF_AUTH_NONE))
    mf_server_set_username (target, mf_server_get_username (in));
  if (!mf_server_equal (target, out))
    mf_remedy_set_outgoing (remedy, target);
}

static void
diagnose (MfDiagnosis *self, MfProviderDb *db)
{
  g_autoptr(MfRemedy) remedy = NULL;

  if (mf_account_get_kind (self->account) != MF_ACCOUNT_KIND_MAIL)
    return;
  self->provider = find_provider (self->account, db);
  if (self->provider != NULL)
    g_object_ref (self->provider);
  if (mf_account_get_incoming (self->account) != NULL)
    check_incoming (self);
  if (mf_account_get_outgoing (self->account) != NULL)
    check_outgoing (self);
  check_password_age (self);
  if (self->findings->len == 0)
    return;

  remedy = mf_remedy_new (self->account, self->provider);
  if (mf_account_get_incoming (self->account) != NULL)
    plan_incoming (self, remedy);
  if (mf_account_get_outgoing (self->account) != NULL)
    plan_outgoing (self, remedy);
  if (self->provider == NULL)
    mf_remedy_add_note (remedy, _("The provider is not in the database: this is the standard fix on the same servers, made only when you ask for it"));
  /* settings looked up on the network are not a provider file someone
   * checked: say where they came from, so the user can judge them */
  if (self->provider != NULL && mf_provider_get_origin (self->provider) != MF_PROVIDER_ORIGIN_FILE) {
    g_autofree gchar *note = g_strdup_printf (_("These settings were found by autoconfiguration, from %s (%s), not in a provider file"),
                                              mf_provider_origin_describe (mf_provider_get_origin (self->provider)),
                                              mf_provider_get_origin_url (self->provider));
    mf_remedy_add_note (remedy, note);
  }
  if (!mf_remedy_is_empty (remedy))
    self->remedy = g_steal_pointer (&remedy);
}

/**
 * mf_diagnosis_new:
 * @account: the account to examine
 * @db: (nullable): the provider database
 *
 * Runs every rule over @account and works out the remedy.
 *
 * Returns: (transfer full): the diagnosis
 *
 * Since: 0.1
 */
MfDiagnosis *
mf_diagnosis_new (MfAccount *account, MfProviderDb *db)
{
  MfDiagnosis *self;

  g_return_val_if_fail (MF_IS_ACCOUNT (account), NULL);
  mf_i18n_init ();
  self = g_object_new (MF_TYPE_DIAGNOSIS, NULL);
  self->account = g_object_ref (account);
  diagnose (self, db);
  return self;
}

/**
 * mf_diagnosis_get_account:
 * @self: a diagnosis
 *
 * Returns: (transfer none): the account examined
 *
 * Since: 0.1
 */
MfAccount *
mf_diagnosis_get_account (MfDiagnosis *self)
{
  g_return_val_if_fail (MF_IS_DIAGNOSIS (self), NULL);
  return self->account;
}

/**
 * mf_diagnosis_get_provider:
 * @self: a diagnosis
 *
 * Returns: (transfer none) (nullable): the provider the account belongs to
 *
 * Since: 0.1
 */
MfProvider *
mf_diagnosis_get_provider (MfDiagnosis *self)
{
  g_return_val_if_fail (MF_IS_DIAGNOSIS (self), NULL);
  return self->provider;
}

/**
 * mf_diagnosis_get_findings:
 * @self: a diagnosis
 *
 * Returns: (transfer none) (element-type MfFinding): what is wrong; empty
 *   for an account with nothing wrong
 *
 * Since: 0.1
 */
GPtrArray *
mf_diagnosis_get_findings (MfDiagnosis *self)
{
  g_return_val_if_fail (MF_IS_DIAGNOSIS (self), NULL);
  return self->findings;
}

/**
 * mf_diagnosis_get_remedy:
 * @self: a diagnosis
 *
 * Returns: (transfer none) (nullable): the settings the account should
 *   have, or %NULL if there is nothing to change
 *
 * Since: 0.1
 */
MfRemedy *
mf_diagnosis_get_remedy (MfDiagnosis *self)
{
  g_return_val_if_fail (MF_IS_DIAGNOSIS (self), NULL);
  return self->remedy;
}

gboolean
mf_diagnosis_has_finding (MfDiagnosis *self, MfFindingCode code)
{
  g_return_val_if_fail (MF_IS_DIAGNOSIS (self), FALSE);
  for (guint i = 0; i < self->findings->len; i++) {
    if (mf_finding_get_code (g_ptr_array_index (self->findings, i)) == code)
      return TRUE;
  }
  return FALSE;
}
