/* mf-cli-export.c: mailfix export, which writes a provider's correct
 * settings as a file for another mail program; the file itself is made by
 * libmailfix (mf_provider_export) */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mf-cli.h"

/* PROVIDER as a user knows it: the provider's id, one of its mail
 * domains, or an address there */
static MfProvider *
find_provider (MfProviderDb *db, const gchar *name)
{
  MfProvider *provider;

  if (strchr (name, '@') != NULL)
    return mf_provider_db_lookup_address (db, name);
  provider = mf_provider_db_lookup_id (db, name);
  return provider != NULL ? provider : mf_provider_db_lookup_domain (db, name);
}

static gboolean
write_stdout (GBytes *bytes, GError **error)
{
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  /* a .reg file is UTF-16: the bytes go out as they are, not as text */
  if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_IO, _("cannot write the file to standard output"));
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_arguments (MfCliOptions *opts, gchar **args, MfExportFormat *format, GError **error)
{
  if (args == NULL || args[0] == NULL || args[1] != NULL) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                         _("give one provider: its ID, a mail domain or an e-mail address"));
    return FALSE;
  }
  if (opts->format == NULL) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                         _("give the kind of file with --format: autoconfig, mobileconfig, prf or reg"));
    return FALSE;
  }
  if (!mf_export_format_from_string (opts->format, format)) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("unknown format \"%s\": use autoconfig, mobileconfig, prf or reg"), opts->format);
    return FALSE;
  }
  /* the JSON document and the file cannot share standard output */
  if (opts->json && opts->output == NULL) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                         _("with --json, give the file to write with --output"));
    return FALSE;
  }
  return TRUE;
}

gint
mf_cli_cmd_export (MfCliOptions *opts, gchar **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfProviderDb) db = NULL;
  g_autoptr(GBytes) bytes = NULL;
  MfExportFormat format = MF_EXPORT_AUTOCONFIG;
  MfProvider *provider;
  const gchar *address;

  if (!check_arguments (opts, args, &format, &error))
    return mf_cli_fail (opts, "export", error);
  db = mf_cli_load_providers (opts, &error);
  if (db == NULL)
    return mf_cli_fail (opts, "export", error);
  provider = find_provider (db, args[0]);
  if (provider == NULL) {
    g_set_error (&error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("no provider is known for \"%s\"; \"mailfix providers\" lists them"), args[0]);
    return mf_cli_fail (opts, "export", error);
  }
  /* the provider named by an address is exported for that address */
  address = opts->address != NULL ? opts->address : strchr (args[0], '@') != NULL ? args[0] : NULL;

  if (opts->output != NULL) {
    if (!mf_provider_export_to_file (provider, format, address, opts->login, opts->output, &error))
      return mf_cli_fail (opts, "export", error);
  } else {
    bytes = mf_provider_export (provider, format, address, opts->login, &error);
    if (bytes == NULL || !write_stdout (bytes, &error))
      return mf_cli_fail (opts, "export", error);
  }
  if (opts->json) {
    g_autofree gchar *display = g_filename_display_name (opts->output);
    g_autofree gchar *format_name = g_ascii_strdown (opts->format, -1);
    JsonBuilder *b = mf_cli_json_begin ("export");
    json_builder_set_member_name (b, "provider");
    json_builder_add_string_value (b, mf_provider_get_id (provider));
    json_builder_set_member_name (b, "format");
    json_builder_add_string_value (b, format_name);
    json_builder_set_member_name (b, "file");
    json_builder_add_string_value (b, display);
    mf_cli_json_end (b);
  } else if (opts->output != NULL) {
    g_autofree gchar *display = g_filename_display_name (opts->output);
    g_print (_("Wrote %s."), display);
    g_print ("\n");
  }
  return MF_EXIT_OK;
}
