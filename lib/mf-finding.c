/* mf-finding.c: one thing wrong with an account */
#include "config.h"

#include "mf-finding.h"

struct _MfFinding {
  GObject parent_instance;
  MfFindingCode code;
  MfSeverity severity;
  gchar *account_id;
  gchar *role;
  gchar *message_en;
  gchar *message;
  gchar *fix_en;
  gchar *fix;
};

G_DEFINE_FINAL_TYPE (MfFinding, mf_finding, G_TYPE_OBJECT)

static void
mf_finding_finalize (GObject *object)
{
  MfFinding *self = MF_FINDING (object);

  g_free (self->account_id);
  g_free (self->role);
  g_free (self->message_en);
  g_free (self->message);
  g_free (self->fix_en);
  g_free (self->fix);
  G_OBJECT_CLASS (mf_finding_parent_class)->finalize (object);
}

static void
mf_finding_class_init (MfFindingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_finding_finalize;
}

static void
mf_finding_init (MfFinding *self)
{
}

/**
 * mf_finding_new:
 * @code: what is wrong
 * @severity: how much it matters
 * @account_id: the account it is about
 * @role: "incoming" or "outgoing"
 * @message_en: the message in English
 * @message: the message in the user's language
 * @fix_en: the fix in English
 * @fix: the fix in the user's language
 *
 * Returns: (transfer full): a new finding
 *
 * Since: 0.1
 */
MfFinding *
mf_finding_new (MfFindingCode code, MfSeverity severity, const gchar *account_id,
                const gchar *role, const gchar *message_en, const gchar *message,
                const gchar *fix_en, const gchar *fix)
{
  MfFinding *self = g_object_new (MF_TYPE_FINDING, NULL);

  self->code = code;
  self->severity = severity;
  self->account_id = g_strdup (account_id);
  self->role = g_strdup (role);
  self->message_en = g_strdup (message_en);
  self->message = g_strdup (message);
  self->fix_en = g_strdup (fix_en);
  self->fix = g_strdup (fix);
  return self;
}

MfFindingCode
mf_finding_get_code (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), 0);
  return self->code;
}

/**
 * mf_finding_code_to_string:
 * @code: a finding code
 *
 * Returns: the stable name of @code, e.g. "POP_BEFORE_SMTP"
 *
 * Since: 0.1
 */
const gchar *
mf_finding_code_to_string (MfFindingCode code)
{
  switch (code) {
  case MF_FINDING_POP_BEFORE_SMTP:     return "POP_BEFORE_SMTP";
  case MF_FINDING_SMTP_PORT_25:        return "SMTP_PORT_25";
  case MF_FINDING_PLAINTEXT_INCOMING:  return "PLAINTEXT_INCOMING";
  case MF_FINDING_PLAINTEXT_OUTGOING:  return "PLAINTEXT_OUTGOING";
  case MF_FINDING_POP3_WHERE_IMAP:     return "POP3_WHERE_IMAP";
  case MF_FINDING_LEGACY_HOST:         return "LEGACY_HOST";
  case MF_FINDING_USERNAME_FORMAT:     return "USERNAME_FORMAT";
  case MF_FINDING_OLD_PASSWORD:        return "OLD_PASSWORD";
  default:                             return "UNKNOWN";
  }
}

const gchar *
mf_finding_get_code_string (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), NULL);
  return mf_finding_code_to_string (self->code);
}

MfSeverity
mf_finding_get_severity (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), MF_SEVERITY_INFO);
  return self->severity;
}

const gchar *
mf_finding_get_account_id (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), NULL);
  return self->account_id;
}

const gchar *
mf_finding_get_role (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), NULL);
  return self->role;
}

const gchar *
mf_finding_get_message (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), NULL);
  return self->message;
}

const gchar *
mf_finding_get_message_en (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), NULL);
  return self->message_en;
}

const gchar *
mf_finding_get_fix (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), NULL);
  return self->fix;
}

const gchar *
mf_finding_get_fix_en (MfFinding *self)
{
  g_return_val_if_fail (MF_IS_FINDING (self), NULL);
  return self->fix_en;
}
