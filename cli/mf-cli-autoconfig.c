/* mf-cli-autoconfig.c: mailfix autoconfig, which shows what a network
 * lookup finds for an address's domain, and the lookup settings the
 * --autoconfig option of the other commands shares; the lookup itself is
 * libmailfix's (MfAutoconfig) */
#include "config.h"

#include "mf-cli.h"

MfAutoconfig *
mf_cli_make_autoconfig (MfCliOptions *opts, GError **error)
{
  g_autoptr(MfAutoconfig) autoconfig = mf_autoconfig_new ();

  if (opts->ispdb_url != NULL && !mf_autoconfig_set_ispdb_url (autoconfig, opts->ispdb_url, error))
    return NULL;
  if (opts->dns_server != NULL && !mf_autoconfig_set_dns_server (autoconfig, opts->dns_server, error))
    return NULL;
  if (opts->timeout < 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("--timeout must be a number of seconds, not %d"),
                 opts->timeout);
    return NULL;
  }
  mf_autoconfig_set_ca_file (autoconfig, opts->ca_file);
  mf_autoconfig_set_timeout (autoconfig, (guint) opts->timeout);
  return g_steal_pointer (&autoconfig);
}

gint
mf_cli_cmd_autoconfig (MfCliOptions *opts, gchar **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfAutoconfig) autoconfig = NULL;
  g_autoptr(MfProvider) provider = NULL;
  const gchar *address;

  if (args == NULL || args[0] == NULL || args[1] != NULL) {
    g_set_error_literal (&error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("give one e-mail address"));
    return mf_cli_fail (opts, "autoconfig", error);
  }
  address = args[0];
  autoconfig = mf_cli_make_autoconfig (opts, &error);
  if (autoconfig == NULL)
    return mf_cli_fail (opts, "autoconfig", error);
  provider = mf_autoconfig_lookup (autoconfig, address, NULL, &error);
  /* nothing found is an answer, not a failure of the command */
  if (provider == NULL && !g_error_matches (error, MF_ERROR, MF_ERROR_NOT_FOUND))
    return mf_cli_fail (opts, "autoconfig", error);

  if (opts->json) {
    JsonBuilder *b = mf_cli_json_begin ("autoconfig");
    json_builder_set_member_name (b, "address");
    json_builder_add_string_value (b, address);
    json_builder_set_member_name (b, "found");
    json_builder_add_boolean_value (b, provider != NULL);
    json_builder_set_member_name (b, "provider");
    if (provider != NULL)
      mf_cli_json_add_provider (b, provider);
    else
      json_builder_add_null_value (b);
    json_builder_set_member_name (b, "reason");
    if (provider == NULL)
      json_builder_add_string_value (b, error->message);
    else
      json_builder_add_null_value (b);
    mf_cli_json_end (b);
  } else if (provider != NULL) {
    mf_cli_print_provider (provider);
  } else {
    g_print ("%s\n", error->message);
  }
  return provider != NULL ? MF_EXIT_OK : MF_EXIT_FINDINGS;
}
