/* mf-cli.h: what the mailfix command's files share */
#pragma once

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <mailfix.h>

G_BEGIN_DECLS

/* exit codes, documented in mailfix(1) */
enum {
  MF_EXIT_OK = 0,          /* nothing wrong, or everything done */
  MF_EXIT_FINDINGS = 1,    /* something is wrong or left to do */
  MF_EXIT_ERROR = 2,       /* bad input, unreadable files, failed writes */
  MF_EXIT_BUSY = 3,        /* a mail client runs on a profile to be changed */
  MF_EXIT_DECLINED = 4,    /* the user said no at the prompt */
  MF_EXIT_REFUSED = 5,     /* apply: the new settings did not log in; nothing changed */
};

typedef struct {
  gchar **homes;
  gboolean all_users;
  gchar **profiles;
  gchar **windows_roots;
  gchar *providers_dir;
  gchar **provider_files;
  gboolean validate;
  gchar *provider;
  gboolean unattended;
  gchar **accounts;
  gboolean json;
  gboolean yes;
  gboolean dry_run;
  gboolean accept_unconfirmed;
  gboolean force;
  gboolean verbose;
  gboolean password_stdin;
  gint password_fd;
  gboolean remove;
  gchar *address;
  gchar *ca_file;
  gint timeout;
  gboolean no_verify;
  gboolean stored;
  gchar *format;
  gchar *login;
  gchar *output;
  gboolean autoconfig;
  gchar *ispdb_url;
  gchar *dns_server;
} MfCliOptions;

typedef gint (*MfCliCommandFunc) (MfCliOptions *opts, gchar **args);

/* mf-cli-commands.c */
gint mf_cli_cmd_scan      (MfCliOptions *opts, gchar **args);
gint mf_cli_cmd_plan      (MfCliOptions *opts, gchar **args);
gint mf_cli_cmd_apply     (MfCliOptions *opts, gchar **args);
gint mf_cli_cmd_rollback  (MfCliOptions *opts, gchar **args);
gint mf_cli_cmd_providers (MfCliOptions *opts, gchar **args);
gint mf_cli_cmd_password  (MfCliOptions *opts, gchar **args);
gint mf_cli_cmd_verify    (MfCliOptions *opts, gchar **args);

/* mf-cli-export.c */
gint mf_cli_cmd_export    (MfCliOptions *opts, gchar **args);

/* mf-cli-autoconfig.c */
gint mf_cli_cmd_autoconfig (MfCliOptions *opts, gchar **args);
/* the network lookup as --ispdb-url, --dns-server, --ca-file and
 * --timeout say */
MfAutoconfig *mf_cli_make_autoconfig (MfCliOptions *opts, GError **error);

/* mf-cli-commands.c: with --provider (or --unattended and one
 * --provider-file), --account is narrowed to that provider's accounts */
gboolean mf_cli_select_provider (MfCliOptions *opts, MfSession *session, const gchar *command, gint *status);

/* mf-cli-password.c: a password from a prompt without echo, stdin or an fd */
gchar *mf_cli_read_password (MfCliOptions *opts, GError **error);
void   mf_cli_wipe_free     (gchar *secret);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gchar, mf_cli_wipe_free)

/* mf-cli-verify.c: logs in to the servers of the accounts; FALSE if any fails */
gboolean mf_cli_verify_accounts (MfCliOptions *opts, MfSession *session, GPtrArray *accounts,
                                 const gchar *password, JsonBuilder *json);

/* scans as the options say; NULL with *status set after reporting a failure */
MfSession *mf_cli_scan (MfCliOptions *opts, const gchar *command, gint *status);
/* the --home, --profile and --windows-root options of this run, for the
 * commands mailfix suggests */
gchar     *mf_cli_where_options (MfCliOptions *opts);
/* the provider database as --providers and the environment say */
MfProviderDb *mf_cli_load_providers (MfCliOptions *opts, GError **error);

/* mf-cli-output.c: how models and results are printed, as text and as JSON */
void         mf_cli_warn              (const gchar *message);
JsonBuilder *mf_cli_json_begin        (const gchar *command);
void         mf_cli_json_end          (JsonBuilder *builder);
void         mf_cli_json_add_server   (JsonBuilder *builder, const gchar *member, MfServer *server);
void         mf_cli_json_add_account  (JsonBuilder *builder, MfSession *session, MfDiagnosis *diagnosis);
void         mf_cli_json_add_problems (JsonBuilder *builder, GPtrArray *problems);
/* member: an array of {code, message}, one for each GError */
void         mf_cli_json_add_errors   (JsonBuilder *builder, const gchar *member, GPtrArray *errors);
void         mf_cli_json_add_plan     (JsonBuilder *builder, MfPlan *plan);
void         mf_cli_json_add_backup   (JsonBuilder *builder, MfBackup *backup);
void         mf_cli_json_add_provider (JsonBuilder *builder, MfProvider *provider);
gint         mf_cli_fail              (MfCliOptions *opts, const gchar *command, const GError *error);

/* mf-cli-json-stream.c: a document printed as it is made, for output that
 * grows with the number of homes */
typedef struct _MfCliJsonStream MfCliJsonStream;
MfCliJsonStream *mf_cli_json_stream_new            (const gchar *command, GError **error);
void             mf_cli_json_stream_free           (MfCliJsonStream *stream);
void             mf_cli_json_stream_begin_array    (MfCliJsonStream *stream, const gchar *member);
void             mf_cli_json_stream_add            (MfCliJsonStream *stream, JsonNode *element);
void             mf_cli_json_stream_end_array      (MfCliJsonStream *stream);
/* kept aside and printed by write_deferred as one array */
void             mf_cli_json_stream_defer          (MfCliJsonStream *stream, JsonNode *element);
void             mf_cli_json_stream_write_deferred (MfCliJsonStream *stream, const gchar *member);
void             mf_cli_json_stream_end            (MfCliJsonStream *stream, JsonBuilder *tail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfCliJsonStream, mf_cli_json_stream_free)

void         mf_cli_print_account     (MfDiagnosis *diagnosis);
void         mf_cli_print_problems    (GPtrArray *problems);
void         mf_cli_print_plan        (MfPlan *plan, gboolean with_diff);
void         mf_cli_print_backup      (MfBackup *backup);
void         mf_cli_print_provider    (MfProvider *provider);
gchar       *mf_cli_describe_server   (MfServer *server);

G_END_DECLS
