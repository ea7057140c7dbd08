/* mf-cli.c: the mailfix command: option parsing and the command table */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "mf-cli.h"

typedef struct {
  const gchar *name;
  const gchar *args;
  const gchar *summary;
  MfCliCommandFunc func;
  gboolean takes_files;   /* its arguments are stores to read, as --profile */
} MfCliCommand;

static const MfCliCommand commands[] = {
  { "scan", N_("[FILE…]"), N_("List every mail account found and what is wrong with it"), mf_cli_cmd_scan, TRUE },
  { "plan", N_("[FILE…]"), N_("Show the exact changes that would fix the accounts; nothing is written"), mf_cli_cmd_plan, TRUE },
  { "apply", N_("[FILE…]"), N_("Make the changes, after a backup; asks first unless --yes"), mf_cli_cmd_apply, TRUE },
  { "rollback", N_("[BACKUP-ID]"), N_("List the backups, or put back the files of one"), mf_cli_cmd_rollback },
  { "providers", N_("[--validate FILE…]"), N_("List the mail providers mailfix knows, or check provider files"),
    mf_cli_cmd_providers },
  { "password", N_("[FILE…]"), N_("Store an account's new password where its mail program reads it"), mf_cli_cmd_password, TRUE },
  { "verify", N_("[FILE…]"), N_("Log in to the accounts' servers over TLS with the password, to check the settings"), mf_cli_cmd_verify, TRUE },
  { "export", N_("PROVIDER"), N_("Write a provider's correct settings as a file other mail programs import"),
    mf_cli_cmd_export },
  { "autoconfig", N_("ADDRESS"), N_("Look up on the network the settings of an address's domain, as Thunderbird does"),
    mf_cli_cmd_autoconfig },
};

static gchar *
commands_help (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Exit status: 0 nothing wrong or all done, 1 something is wrong or left to do, "
                           "2 error, 3 a mail client is running, 4 declined at the prompt, "
                           "5 apply: the new settings did not log in, so nothing was written."));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Run \"mailfix COMMAND --help\" for the options of a command; see mailfix(1)."));
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

static void
add_common_options (GOptionContext *context, MfCliOptions *opts, const gchar *command)
{
  GOptionEntry where[] = {
    { "home", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opts->homes,
      N_("Look in this home directory instead of yours (repeatable)"), N_("DIR") },
    { "all-users", 0, 0, G_OPTION_ARG_NONE, &opts->all_users,
      N_("Look in the home of every user in the password database (as root)"), NULL },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opts->profiles,
      N_("Use this mail-client profile directory (repeatable); without --home, only the profiles given are used"), N_("DIR") },
    { "windows-root", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opts->windows_roots,
      N_("Look in every user folder of the Windows disk mounted here (repeatable)"), N_("DIR") },
    { "providers", 0, 0, G_OPTION_ARG_FILENAME, &opts->providers_dir,
      N_("Also read provider files from this directory; they override shipped ones of the same id"), N_("DIR") },
    { "provider-file", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opts->provider_files,
      N_("Also read this provider file, last, so it overrides all others of its id (repeatable)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opts->json,
      N_("Print JSON for scripts (see mailfix(1) for its shape)"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opts->verbose,
      N_("Print more detail"), NULL },
    { NULL }
  };
  GOptionEntry changes[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts->accounts,
      N_("Only this account, by the ID \"scan\" shows (repeatable)"), N_("ID") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &opts->provider,
      N_("Only the accounts of this provider, by the ID \"providers\" shows"), N_("ID") },
    { "accept-unconfirmed", 0, 0, G_OPTION_ARG_NONE, &opts->accept_unconfirmed,
      N_("Also take the standard fix for providers mailfix cannot confirm"), NULL },
    { NULL }
  };
  GOptionEntry apply[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &opts->yes, N_("Do not ask before writing"), NULL },
    { "unattended", 0, 0, G_OPTION_ARG_NONE, &opts->unattended,
      N_("For setup packages: fix every account of the provider of --provider or --provider-file, with the "
         "password from --password-stdin, never asking; implies --yes and --json"), NULL },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &opts->dry_run, N_("Show what would change and write nothing"), NULL },
    { NULL }
  };
  GOptionEntry password[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts->accounts,
      N_("The account, by the ID \"scan\" shows"), N_("ID") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &opts->password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "password-fd", 0, 0, G_OPTION_ARG_INT, &opts->password_fd,
      N_("Read the password from this open file descriptor"), N_("FD") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &opts->address,
      N_("Every account of this address, in every mail program found"), N_("ADDRESS") },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &opts->remove,
      N_("Remove the stored password instead"), NULL },
    { NULL }
  };
  GOptionEntry verify[] = {
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &opts->ca_file,
      N_("Trust the certificate authorities in this file instead of the system's"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &opts->timeout,
      N_("Give up on a server that does not answer within this many seconds (default 15)"), N_("SECONDS") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &opts->password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "password-fd", 0, 0, G_OPTION_ARG_INT, &opts->password_fd,
      N_("Read the password from this open file descriptor"), N_("FD") },
    { NULL }
  };
  GOptionEntry stored[] = {
    { "stored", 0, 0, G_OPTION_ARG_NONE, &opts->stored,
      N_("Try the password each mail program has stored, on the servers it uses now (finds old passwords)"), NULL },
    { NULL }
  };
  GOptionEntry no_verify[] = {
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &opts->no_verify,
      N_("Write without logging in to the new servers first (for offline preparation)"), NULL },
    { NULL }
  };
  GOptionEntry providers[] = {
    { "validate", 0, 0, G_OPTION_ARG_NONE, &opts->validate,
      N_("Check the provider files given against the format, with line numbers, instead of listing"), NULL },
    { NULL }
  };
  GOptionEntry export[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &opts->format,
      N_("The kind of file: autoconfig, mobileconfig, prf or reg"), N_("FORMAT") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &opts->address,
      N_("Fill the settings in for this e-mail address (needed except for autoconfig)"), N_("ADDRESS") },
    { "login", 0, 0, G_OPTION_ARG_STRING, &opts->login,
      N_("The login name, where the provider issues one of its own (such as docomo's d ACCOUNT ID)"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opts->output,
      N_("Write the file here, replacing it in one step, instead of on standard output"), N_("FILE") },
    { NULL }
  };
  GOptionEntry autoconfig[] = {
    { "autoconfig", 0, 0, G_OPTION_ARG_NONE, &opts->autoconfig,
      N_("Look up on the network the settings of mail domains mailfix does not know, as Thunderbird does "
         "(see AUTOCONFIGURATION in mailfix(1))"), NULL },
    { NULL }
  };
  GOptionEntry lookup[] = {
    { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, &opts->ispdb_url,
      N_("Ask this ISP database (an https URL) instead of Thunderbird's; for testing and private networks"), N_("URL") },
    { "dns-server", 0, 0, G_OPTION_ARG_STRING, &opts->dns_server,
      N_("Ask this DNS server (an IPv4 address and port) for MX and SRV records instead of the system's; "
         "for testing and private networks"), N_("ADDR:PORT") },
    { NULL }
  };
  /* scan and plan have no --ca-file or --timeout of their own: here they
   * are for the lookup only */
  GOptionEntry lookup_trust[] = {
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &opts->ca_file,
      N_("Trust the certificate authorities in this file instead of the system's"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &opts->timeout,
      N_("Give up on a lookup step that does not answer within this many seconds (default 10)"), N_("SECONDS") },
    { NULL }
  };
  GOptionEntry rollback[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &opts->yes, N_("Do not ask before writing"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &opts->force,
      N_("Restore even files that changed since the backup was made"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, where, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "plan") == 0 || g_strcmp0 (command, "apply") == 0)
    g_option_context_add_main_entries (context, changes, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "apply") == 0)
    g_option_context_add_main_entries (context, apply, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "rollback") == 0)
    g_option_context_add_main_entries (context, rollback, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "providers") == 0)
    g_option_context_add_main_entries (context, providers, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "password") == 0)
    g_option_context_add_main_entries (context, password, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "export") == 0)
    g_option_context_add_main_entries (context, export, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "verify") == 0 || g_strcmp0 (command, "apply") == 0)
    g_option_context_add_main_entries (context, verify, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "verify") == 0) {
    g_option_context_add_main_entries (context, changes, GETTEXT_PACKAGE);
    g_option_context_add_main_entries (context, stored, GETTEXT_PACKAGE);
  }
  if (g_strcmp0 (command, "apply") == 0)
    g_option_context_add_main_entries (context, no_verify, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "scan") == 0 || g_strcmp0 (command, "plan") == 0 ||
      g_strcmp0 (command, "apply") == 0 || g_strcmp0 (command, "verify") == 0)
    g_option_context_add_main_entries (context, autoconfig, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "scan") == 0 || g_strcmp0 (command, "plan") == 0 ||
      g_strcmp0 (command, "apply") == 0 || g_strcmp0 (command, "verify") == 0 ||
      g_strcmp0 (command, "autoconfig") == 0)
    g_option_context_add_main_entries (context, lookup, GETTEXT_PACKAGE);
  if (g_strcmp0 (command, "scan") == 0 || g_strcmp0 (command, "plan") == 0 ||
      g_strcmp0 (command, "autoconfig") == 0)
    g_option_context_add_main_entries (context, lookup_trust, GETTEXT_PACKAGE);
}

static void
options_clear (MfCliOptions *opts)
{
  g_strfreev (opts->homes);
  g_strfreev (opts->profiles);
  g_strfreev (opts->windows_roots);
  g_free (opts->providers_dir);
  g_strfreev (opts->provider_files);
  g_free (opts->provider);
  g_strfreev (opts->accounts);
  g_free (opts->address);
  g_free (opts->ca_file);
  g_free (opts->format);
  g_free (opts->login);
  g_free (opts->output);
  g_free (opts->ispdb_url);
  g_free (opts->dns_server);
}

static gint
run_command (const MfCliCommand *cmd, gint argc, gchar **argv)
{
  MfCliOptions opts = { .password_fd = -1 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *param = g_strdup_printf ("%s %s", cmd->name, cmd->args[0] != '\0' ? _(cmd->args) : "");
  gint status;

  context = g_option_context_new (param);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(cmd->summary));
  add_common_options (context, &opts, cmd->name);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("mailfix %s: %s\n", cmd->name, error->message);
    g_printerr (_("Run \"mailfix %s --help\" to see the options."), cmd->name);
    g_printerr ("\n");
    options_clear (&opts);
    return MF_EXIT_ERROR;
  }
  /* argv[0] is "mailfix", argv[1] the command: the rest are its arguments;
   * files named there (an NTUSER.DAT, a .reg export, a .prf, a profile
   * folder) are read as --profile ones */
  if (cmd->takes_files && argc > 2) {
    GStrvBuilder *builder = g_strv_builder_new ();
    if (opts.profiles != NULL)
      g_strv_builder_addv (builder, (const gchar **) opts.profiles);
    for (gint i = 2; i < argc; i++)
      g_strv_builder_add (builder, argv[i]);
    g_strfreev (opts.profiles);
    opts.profiles = g_strv_builder_end (builder);
    g_strv_builder_unref (builder);
  }
  status = cmd->func (&opts, argv + 2);
  options_clear (&opts);
  return status;
}

int
main (int argc, char **argv)
{
  const gchar *localedir = g_getenv ("MAILFIX_LOCALEDIR");
  g_autofree gchar *help = NULL;
  g_autofree gchar *usage = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 2 && argv[1][0] != '-') {
    for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
      if (g_strcmp0 (argv[1], commands[i].name) == 0)
        return run_command (&commands[i], argc, argv);
    }
    g_printerr (_("mailfix: unknown command \"%s\""), argv[1]);
    g_printerr ("\n");
  } else if (argc >= 2 && g_strcmp0 (argv[1], "--version") == 0) {
    g_print ("mailfix %s\n", MF_VERSION_STRING);
    return MF_EXIT_OK;
  } else if (argc >= 2 && (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)) {
    help = commands_help ();
    g_print (_("Usage: mailfix COMMAND [OPTION…]"));
    g_print ("\n\n%s\n", _("Finds mail accounts on this machine, says what is wrong with them and repairs them."));
    g_print ("\n%s", help);
    return MF_EXIT_OK;
  }
  help = commands_help ();
  usage = g_strdup (_("Usage: mailfix COMMAND [OPTION…]"));
  g_printerr ("%s\n\n%s", usage, help);
  return MF_EXIT_ERROR;
}
