/* fuzz-evo-source.c: fuzz target for Evolution's source key files, the
 * account reader that joins them, and the planner that edits them
 *
 * An input is up to four source files separated by NUL bytes (a key file
 * holds none): the mail account "account", its identity "identity", its
 * transport "transport", and "collection", so the seeds can point from
 * one to the other by UID. mf_evo_sources_load() reads a directory, so
 * each input is written to a private temporary one first.
 *
 * Built with -DMF_LIBFUZZER it is a libFuzzer target; without it, main()
 * replays the seed corpus (or the files and directories given) and prints
 * TAP, so plain `make check` runs every seed through the same checks
 */
#include "config.h"

#include "fuzz-replay.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mf-account.h"
#include "mf-error.h"
#include "mf-evo-accounts.h"
#include "mf-evo-planner.h"
#include "mf-evo-sources.h"
#include "mf-plan.h"
#include "mf-profile.h"
#include "mf-remedy.h"
#include "mf-server.h"

#define TARGET_HOST "mail.fuzz.example.jp"
#define TARGET_PORT 993
#define TARGET_SMTP_HOST "smtp.fuzz.example.jp"
#define TARGET_SMTP_PORT 465

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const gchar *const uids[] = { "account", "identity", "transport", "collection" };

static gchar *tmp_dir;

#define fail(what, detail) mf_fuzz_fail ("fuzz-evo-source", what, detail)
#define write_file(path, data, size) mf_fuzz_write_file ("fuzz-evo-source", path, data, size)

static void
empty_tmp_dir (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (uids); i++) {
    g_autofree gchar *name = g_strconcat (uids[i], ".source", NULL);
    g_autofree gchar *path = g_build_filename (tmp_dir, name, NULL);
    g_unlink (path);
  }
}

static void
remove_tmp_dir (void)
{
  if (tmp_dir == NULL)
    return;
  empty_tmp_dir ();
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

static void
write_sources (const gchar *data, gsize size)
{
  gsize start = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (uids) && start <= size; i++) {
    const gchar *nul = memchr (data + start, '\0', size - start);
    gsize end = nul != NULL ? (gsize) (nul - data) : size;
    g_autofree gchar *name = g_strconcat (uids[i], ".source", NULL);
    g_autofree gchar *path = g_build_filename (tmp_dir, name, NULL);

    write_file (path, data + start, end - start);
    start = end + 1;
  }
}

/* a refusal names the source file it could not read */
static void
check_refusal (const GError *error)
{
  if (error == NULL)
    fail ("a refused input set no error", NULL);
  if (!g_error_matches (error, MF_ERROR, MF_ERROR_PARSE))
    fail ("an unexpected error", error->message);
  if (strstr (error->message, ".source") == NULL)
    fail ("the error does not name the file", error->message);
  if (!g_utf8_validate (error->message, -1, NULL))
    fail ("the error is not UTF-8", NULL);
}

static void
check_server (MfServer *server, gboolean transport)
{
  MfProtocol protocol = mf_server_get_protocol (server);

  if (transport ? protocol != MF_PROTOCOL_SMTP : (protocol != MF_PROTOCOL_IMAP && protocol != MF_PROTOCOL_POP3))
    fail ("a server of the wrong protocol", NULL);
  if (mf_server_get_port (server) == 0)
    fail ("a server without a port", NULL);
  if (mf_server_get_host (server) != NULL && mf_server_get_host (server)[0] == '\0')
    fail ("an empty host name instead of none", NULL);
}

/* every account read points back at sources that exist */
static void
check_accounts (MfEvoSources *sources, GPtrArray *accounts)
{
  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    const gchar *keys[] = { "account", "identity", "transport" };

    if (mf_account_get_incoming (account) == NULL)
      fail ("an account without an incoming server", NULL);
    check_server (mf_account_get_incoming (account), FALSE);
    if (mf_account_get_outgoing (account) != NULL)
      check_server (mf_account_get_outgoing (account), TRUE);
    if (mf_account_get_store_key (account, "account") == NULL)
      fail ("an account without its source", NULL);
    for (gsize k = 0; k < G_N_ELEMENTS (keys); k++) {
      const gchar *uid = mf_account_get_store_key (account, keys[k]);
      if (uid != NULL && mf_evo_sources_get (sources, uid) == NULL)
        fail ("an account points at a source that is not there", keys[k]);
    }
  }
}

/* the planner changes the keys it means to and leaves every other one of
 * the file as it was */
static void
check_untouched (GKeyFile *before, GKeyFile *after)
{
  g_auto(GStrv) groups = g_key_file_get_groups (before, NULL);

  for (guint g = 0; groups[g] != NULL; g++) {
    g_auto(GStrv) keys = g_key_file_get_keys (before, groups[g], NULL, NULL);

    for (guint k = 0; keys != NULL && keys[k] != NULL; k++) {
      g_autofree gchar *old_value = NULL;
      g_autofree gchar *new_value = NULL;

      if (g_strcmp0 (groups[g], "Authentication") == 0 || g_strcmp0 (groups[g], "Security") == 0)
        continue;
      old_value = g_key_file_get_value (before, groups[g], keys[k], NULL);
      new_value = g_key_file_get_value (after, groups[g], keys[k], NULL);
      if (g_strcmp0 (old_value, new_value) != 0)
        fail ("the plan changed a key it had no business with", keys[k]);
    }
  }
}

static gboolean
same_host (MfServer *server, const gchar *host)
{
  const gchar *have = mf_server_get_host (server);

  return have != NULL && g_ascii_strcasecmp (have, host) == 0;
}

static MfServer *
target_server (MfServer *current, const gchar *host, guint16 port)
{
  MfServer *target = mf_server_dup (current);

  mf_server_set_host (target, host);
  mf_server_set_port (target, port);
  mf_server_set_security (target, MF_SECURITY_TLS);
  return target;
}

/* a remedy for the first account, planned, written over the sources and
 * read again: the account then has the servers asked for */
static void
check_plan (MfProfile *profile, MfEvoSources *sources, GPtrArray *accounts)
{
  MfAccount *account;
  g_autoptr(MfRemedy) remedy = NULL;
  g_autoptr(MfServer) incoming = NULL;
  g_autoptr(MfServer) outgoing = NULL;
  g_autoptr(GPtrArray) remedies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MfPlan) plan = mf_plan_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MfEvoSources) again = NULL;
  g_autoptr(GPtrArray) accounts_again = NULL;
  g_autofree gchar *uid = NULL;
  GPtrArray *files;
  MfAccount *reread = NULL;

  if (accounts->len == 0)
    return;
  account = g_ptr_array_index (accounts, 0);
  uid = g_strdup (mf_account_get_store_key (account, "account"));
  remedy = mf_remedy_new (account, NULL);
  incoming = target_server (mf_account_get_incoming (account), TARGET_HOST, TARGET_PORT);
  mf_remedy_set_incoming (remedy, incoming);
  if (mf_account_get_outgoing (account) != NULL) {
    outgoing = target_server (mf_account_get_outgoing (account), TARGET_SMTP_HOST, TARGET_SMTP_PORT);
    mf_remedy_set_outgoing (remedy, outgoing);
  }
  g_ptr_array_add (remedies, g_object_ref (remedy));
  if (!mf_evo_plan_profile (profile, sources, remedies, plan, &error))
    fail ("a plan for a source read fails", error->message);

  files = mf_plan_get_files (plan);
  for (guint i = 0; i < files->len; i++) {
    MfPlanFile *file = g_ptr_array_index (files, i);
    GBytes *new_bytes = mf_plan_file_get_new (file);
    g_autofree gchar *base = g_path_get_basename (mf_plan_file_get_path (file));
    g_autofree gchar *file_uid = g_strndup (base, strlen (base) - strlen (".source"));
    MfEvoSource *before = mf_evo_sources_get (sources, file_uid);
    g_autoptr(GKeyFile) after = g_key_file_new ();
    gsize len = 0;
    const gchar *bytes = g_bytes_get_data (new_bytes, &len);

    if (before == NULL || g_strcmp0 (mf_plan_file_get_path (file), before->path) != 0)
      fail ("the plan writes a file that was not read", base);
    if (!g_key_file_load_from_data (after, bytes, len, G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, NULL))
      fail ("the plan writes a file that is not a key file", base);
    check_untouched (before->keys, after);
    write_file (before->path, bytes, len);
  }

  again = mf_evo_sources_load (tmp_dir, &error);
  if (again == NULL)
    fail ("the planned sources do not read back", error->message);
  accounts_again = mf_evo_accounts_read (profile, again);
  for (guint i = 0; i < accounts_again->len; i++) {
    MfAccount *a = g_ptr_array_index (accounts_again, i);
    if (g_strcmp0 (mf_account_get_store_key (a, "account"), uid) == 0)
      reread = a;
  }
  if (reread == NULL)
    fail ("the planned account is gone", uid);
  if (!same_host (mf_account_get_incoming (reread), TARGET_HOST) ||
      mf_server_get_port (mf_account_get_incoming (reread)) != TARGET_PORT ||
      mf_server_get_security (mf_account_get_incoming (reread)) != MF_SECURITY_TLS)
    fail ("the planned incoming server does not read back", NULL);
  /* the transport gets the outgoing server, unless it is the account's
   * own source, where the incoming server is planned last */
  if (outgoing != NULL && mf_account_get_outgoing (reread) != NULL &&
      g_strcmp0 (mf_account_get_store_key (reread, "transport"), uid) != 0 &&
      (!same_host (mf_account_get_outgoing (reread), TARGET_SMTP_HOST) ||
       mf_server_get_port (mf_account_get_outgoing (reread)) != TARGET_SMTP_PORT))
    fail ("the planned outgoing server does not read back", NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(MfEvoSources) sources = NULL;
  g_autoptr(MfProfile) profile = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  if (tmp_dir == NULL) {
    g_autoptr(GError) tmp_error = NULL;

    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    tmp_dir = g_dir_make_tmp ("fuzz-evo-XXXXXX", &tmp_error);
    if (tmp_dir == NULL)
      fail ("cannot make a temporary directory", tmp_error->message);
    atexit (remove_tmp_dir);
  }
  empty_tmp_dir ();
  write_sources ((const gchar *) data, size);

  sources = mf_evo_sources_load (tmp_dir, &error);
  if (sources == NULL) {
    check_refusal (error);
    return 0;
  }
  profile = mf_profile_new ("evolution", tmp_dir, "Evolution");
  accounts = mf_evo_accounts_read (profile, sources);
  check_accounts (sources, accounts);
  check_plan (profile, sources, accounts);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "evo-source", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
