/* mf-verify-private.h: the state of one verification, shared by
 * mf-verify.c and the protocol dialogs in mf-verify-dialog.c; private */
#pragma once

#include "mf-tls.h"
#include "mf-verify.h"

G_BEGIN_DECLS

/* what was under way when a verification stopped; it names the step in a
 * timeout message */
typedef enum {
  MF_VERIFY_STEP_CONNECT,
  MF_VERIFY_STEP_GREETING,
  MF_VERIFY_STEP_STARTTLS,
  MF_VERIFY_STEP_HANDSHAKE,
  MF_VERIFY_STEP_CAPABILITIES,
  MF_VERIFY_STEP_LOGIN,
  MF_VERIFY_STEP_LOGOUT,
} MfVerifyStep;

typedef struct {
  /* what is checked */
  MfProtocol protocol;
  MfSecurity security;
  const gchar *host;
  guint16 port;
  const gchar *username;
  const gchar *password;
  MfTlsConn *conn;
  /* how it went */
  MfVerifyStep step;
  MfVerifyStatus status;
  gchar *detail;         /* technical detail for the message (may be English) */
  gchar *server_reply;   /* the server's own words, when they explain the failure */
  GPtrArray *caps;       /* the latest capability list */
  gboolean logged_in;    /* from here on nothing turns the result into a failure */
  gboolean not_tls;      /* a TLS handshake was answered in clear text */
  gchar *tls_version;
  gchar *cipher;
  gchar *cert_expiry;
  gchar *cert_names;
  /* the password as it goes over the wire (plain, base64, SASL PLAIN):
   * never kept from what a server says back */
  gchar **secret_forms;
  /* the Nth command of an IMAP session is tagged aN */
  guint tag;
} MfVerifyRun;

/* records a failure; the first one recorded stands */
gboolean mf_verify_run_fail    (MfVerifyRun *run,
                                MfVerifyStatus status,
                                const gchar *server_reply,
                                const gchar *detail);
/* records the failure an MF_TLS_ERROR stands for */
gboolean mf_verify_run_fail_io (MfVerifyRun *run,
                                const GError *error);

/* the dialog before TLS on a STARTTLS port: greeting, capabilities, and the
 * STARTTLS command; FALSE with the failure recorded (NO_STARTTLS when the
 * server does not offer it or refuses it) */
gboolean mf_verify_dialog_starttls (MfVerifyRun *run);
/* the greeting on an implicit-TLS port, read inside TLS */
gboolean mf_verify_dialog_greeting (MfVerifyRun *run);
/* inside TLS: capabilities, the login and the logout */
gboolean mf_verify_dialog_login    (MfVerifyRun *run);

/* is @word one of the n capabilities, or (as "AUTH PLAIN") a parameter of one? */
gboolean mf_verify_caps_have       (gchar **caps, guint n, const gchar *word);

/* keeps the forms of the password to cut out of what the server says;
 * cleared (wiped) when the run ends */
void     mf_verify_run_set_secret   (MfVerifyRun *run, const gchar *username, const gchar *password);
void     mf_verify_run_clear_secret (MfVerifyRun *run);

/* wipes and frees a string that held a password */
void     mf_verify_wipe_free       (gchar *secret);

#ifdef MF_UNIT_TEST
/* takes line, returns it with every form of the password cut out */
gchar   *mf_verify_scrub           (MfVerifyRun *run, gchar *line);
gboolean mf_verify_smtp_reply_line (const gchar *line, guint *code, gboolean *last);
gchar   *mf_verify_imap_quote      (const gchar *value);
#endif

G_END_DECLS
