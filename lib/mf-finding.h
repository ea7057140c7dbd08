/* mf-finding.h: one thing wrong with an account, and how it is fixed */
#pragma once

#include <glib-object.h>

#include "mf-enums.h"

G_BEGIN_DECLS

/**
 * MfFindingCode:
 * @MF_FINDING_POP_BEFORE_SMTP: mail is sent with no authentication
 * @MF_FINDING_SMTP_PORT_25: mail is sent on port 25, which ISPs block for clients
 * @MF_FINDING_PLAINTEXT_INCOMING: mail is fetched without TLS
 * @MF_FINDING_PLAINTEXT_OUTGOING: mail is sent without TLS
 * @MF_FINDING_POP3_WHERE_IMAP: POP3 is used where the provider offers IMAP
 * @MF_FINDING_LEGACY_HOST: a server the provider retired is still used
 * @MF_FINDING_USERNAME_FORMAT: the login id is not the one the provider wants
 * @MF_FINDING_OLD_PASSWORD: the stored password predates the provider's app
 *   password, or the server rejected it
 *
 * Since: 0.1
 */
typedef enum {
  MF_FINDING_POP_BEFORE_SMTP,
  MF_FINDING_SMTP_PORT_25,
  MF_FINDING_PLAINTEXT_INCOMING,
  MF_FINDING_PLAINTEXT_OUTGOING,
  MF_FINDING_POP3_WHERE_IMAP,
  MF_FINDING_LEGACY_HOST,
  MF_FINDING_USERNAME_FORMAT,
  MF_FINDING_OLD_PASSWORD,
} MfFindingCode;

#define MF_TYPE_FINDING (mf_finding_get_type ())
G_DECLARE_FINAL_TYPE (MfFinding, mf_finding, MF, FINDING, GObject)

MfFinding    *mf_finding_new                 (MfFindingCode code,
                                              MfSeverity severity,
                                              const gchar *account_id,
                                              const gchar *role,
                                              const gchar *message_en,
                                              const gchar *message,
                                              const gchar *fix_en,
                                              const gchar *fix);
MfFindingCode mf_finding_get_code            (MfFinding *self);
const gchar  *mf_finding_get_code_string     (MfFinding *self);
const gchar  *mf_finding_code_to_string      (MfFindingCode code);
MfSeverity    mf_finding_get_severity        (MfFinding *self);
const gchar  *mf_finding_get_account_id      (MfFinding *self);
const gchar  *mf_finding_get_role            (MfFinding *self);
const gchar  *mf_finding_get_message         (MfFinding *self);
const gchar  *mf_finding_get_message_en      (MfFinding *self);
const gchar  *mf_finding_get_fix             (MfFinding *self);
const gchar  *mf_finding_get_fix_en          (MfFinding *self);

G_END_DECLS
