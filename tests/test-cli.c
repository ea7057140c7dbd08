/* test-cli.c: the mailfix command as helpdesks use it: exit codes, JSON,
 * prompts, the whole apply and rollback cycle, and its output in English
 * and Japanese compared with golden files */
#include "config.h"

#include <glib/gstdio.h>

#include <fcntl.h>
#include <locale.h>
#include <sys/wait.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "mf-reg.h"
#include "mf-test-hive.h"
#include "mf-test-utils.h"

#define PROFILE_REL ".thunderbird/k3x9a2bd.default-esr"

static gchar *providers_dir;

typedef struct {
  gint status;
  gchar *out;
  gchar *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* runs mailfix with stdin from /dev/null and the given language */
static void
run_mailfix (Run *r, const gchar *lang, const gchar * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const gchar *mailfix = g_getenv ("MAILFIX");

  g_assert_nonnull (mailfix);
  g_ptr_array_add (argv, (gpointer) mailfix);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "LC_ALL", lang, TRUE);
  envp = g_environ_setenv (envp, "LANG", lang, TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");
  /* the test's own data directories, never the machine's, where an
   * installed mailfix may keep providers */
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_DIRS", g_get_system_data_dirs ()[0], TRUE);
  g_spawn_sync (NULL, (gchar **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &r->status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (r->status) ? WEXITSTATUS (r->status) : -1;
}

static JsonObject *
parse_json (JsonParser *parser, const gchar *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static gchar *
home_copy (void)
{
  gchar *home = mf_test_make_tempdir ("cli");
  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  return home;
}

static void
test_help_and_usage_errors (void)
{
  g_auto(Run) help = { 0 }, bogus = { 0 }, bad_option = { 0 }, version = { 0 }, sub_help = { 0 };
  const gchar *a1[] = { "--help", NULL };
  const gchar *a2[] = { "frobnicate", NULL };
  const gchar *a3[] = { "scan", "--no-such-option", NULL };
  const gchar *a4[] = { "--version", NULL };
  const gchar *a5[] = { "apply", "--help", NULL };

  run_mailfix (&help, "C", a1);
  g_assert_cmpint (help.status, ==, 0);
  for (guint i = 0; i < 5; i++) {
    const gchar *cmds[] = { "scan", "plan", "apply", "rollback", "providers" };
    g_assert_nonnull (strstr (help.out, cmds[i]));
  }
  g_assert_nonnull (strstr (help.out, "Exit status"));
  run_mailfix (&bogus, "C", a2);
  g_assert_cmpint (bogus.status, ==, 2);
  g_assert_nonnull (strstr (bogus.err, "frobnicate"));
  run_mailfix (&bad_option, "C", a3);
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_nonnull (strstr (bad_option.err, "--no-such-option"));
  run_mailfix (&version, "C", a4);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "mailfix "));
  run_mailfix (&sub_help, "C", a5);
  g_assert_cmpint (sub_help.status, ==, 0);
  g_assert_nonnull (strstr (sub_help.out, "--dry-run"));
  g_assert_nonnull (strstr (sub_help.out, "--accept-unconfirmed"));
}

static void
test_scan_json (void)
{
  g_autofree gchar *home = home_copy ();
  const gchar *args[] = { "scan", "--json", "--home", home, "--providers", providers_dir, NULL };
  g_auto(Run) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *summary, *docomo = NULL;
  JsonArray *accounts, *findings;
  g_autoptr(GString) codes = g_string_new (NULL);

  run_mailfix (&r, "C", args);
  g_assert_cmpint (r.status, ==, 1);
  root = parse_json (parser, r.out);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "command"), ==, "scan");
  accounts = json_object_get_array_member (root, "accounts");
  g_assert_cmpuint (json_array_get_length (accounts), ==, 4);
  for (guint i = 0; i < json_array_get_length (accounts); i++) {
    JsonObject *a = json_array_get_object_element (accounts, i);
    if (g_strcmp0 (json_object_get_string_member (a, "address"), "hanako@docomo.ne.jp") == 0)
      docomo = a;
  }
  g_assert_nonnull (docomo);
  g_assert_cmpstr (json_object_get_string_member (docomo, "provider"), ==, "docomo.ne.jp");
  g_assert_cmpstr (json_object_get_string_member (docomo, "id"), ==, "thunderbird:k3x9a2bd.default-esr:account3");
  findings = json_object_get_array_member (docomo, "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    g_string_append_printf (codes, "%s ", json_object_get_string_member (json_array_get_object_element (findings, i), "code"));
  g_assert_cmpstr (codes->str, ==, "PLAINTEXT_INCOMING POP_BEFORE_SMTP PLAINTEXT_OUTGOING OLD_PASSWORD ");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (docomo, "remedy"), "confirmed"));
  summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "accounts_with_findings"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "problems")), ==, 0);
  mf_test_rmtree (home);
}

/* many homes read several at a time: the document still lists every home's
 * accounts and profiles in the order the homes were given, a home that
 * cannot be read is a problem of its own, and the text agrees */
static void
test_scan_many_homes (void)
{
  g_autoptr(GPtrArray) homes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree gchar *broken = NULL;
  g_auto(Run) r = { 0 }, text = { 0 };
  JsonObject *root, *summary;
  JsonArray *accounts, *profiles, *problems;

  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (homes, home_copy ());
  /* the fourth home's prefs.js does not parse */
  broken = g_build_filename (g_ptr_array_index (homes, 3), PROFILE_REL, "prefs.js", NULL);
  mf_test_write_file (broken, "user_pref(\"mail.server.server1.type\", \"pop3\"\n");
  g_ptr_array_add (args, (gpointer) "scan");
  g_ptr_array_add (args, (gpointer) "--json");
  g_ptr_array_add (args, (gpointer) "--providers");
  g_ptr_array_add (args, providers_dir);
  for (guint i = 0; i < homes->len; i++) {
    g_ptr_array_add (args, (gpointer) "--home");
    g_ptr_array_add (args, g_ptr_array_index (homes, i));
  }
  g_ptr_array_add (args, NULL);
  g_setenv ("MAILFIX_SCAN_THREADS", "3", TRUE);
  run_mailfix (&r, "C", (const gchar * const *) args->pdata);
  g_assert_cmpint (r.status, ==, 2);
  root = parse_json (parser, r.out);
  accounts = json_object_get_array_member (root, "accounts");
  profiles = json_object_get_array_member (root, "profiles");
  problems = json_object_get_array_member (root, "problems");
  g_assert_cmpuint (json_array_get_length (accounts), ==, 5 * 4);
  g_assert_cmpuint (json_array_get_length (profiles), ==, 6);
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (problems, 0), "message"),
                            broken));
  for (guint i = 0, home = 0; i < json_array_get_length (accounts); i++, home += (i % 4 == 0)) {
    const gchar *profile = json_object_get_string_member (json_array_get_object_element (accounts, i), "profile");
    /* the broken home has no accounts to list */
    guint expected = home < 3 ? home : home + 1;
    g_assert_true (g_str_has_prefix (profile, g_ptr_array_index (homes, expected)));
  }
  for (guint i = 0; i < homes->len; i++) {
    const gchar *path = json_object_get_string_member (json_array_get_object_element (profiles, i), "path");
    g_assert_true (g_str_has_prefix (path, g_ptr_array_index (homes, i)));
  }
  summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "accounts"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (summary, "accounts_with_findings"), ==, 10);

  g_ptr_array_remove_index (args, 1);
  run_mailfix (&text, "C", (const gchar * const *) args->pdata);
  g_unsetenv ("MAILFIX_SCAN_THREADS");
  g_assert_cmpint (text.status, ==, 2);
  g_assert_nonnull (strstr (text.out, "20 accounts, 10 with findings"));
  g_assert_nonnull (strstr (text.err, broken));
  for (guint i = 0; i < homes->len; i++)
    mf_test_rmtree (g_ptr_array_index (homes, i));
}

static void
test_clean_profile_exits_zero (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("cli");
  g_autofree gchar *prefs = g_build_filename (dir, "prefs.js", NULL);
  const gchar *args[] = { "scan", "--profile", dir, "--providers", providers_dir, NULL };
  const gchar *plan[] = { "plan", "--profile", dir, "--providers", providers_dir, NULL };
  g_auto(Run) r = { 0 }, p = { 0 };

  mf_test_write_file (prefs,
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"hanako@docomo.ne.jp\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"imap.spmode.ne.jp\");\n"
    "user_pref(\"mail.server.server1.socketType\", 3);\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.userName\", \"d-account\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.spmode.ne.jp\");\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"d-account\");\n");
  run_mailfix (&r, "C", args);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Nothing to fix."));
  run_mailfix (&p, "C", plan);
  g_assert_cmpint (p.status, ==, 0);
  g_assert_nonnull (strstr (p.out, "Nothing to change"));
  mf_test_rmtree (dir);
}

static void
test_apply_cycle (void)
{
  g_autofree gchar *home = home_copy ();
  g_autofree gchar *root = g_build_filename (home, ".thunderbird", NULL);
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (root);
  g_autoptr(GHashTable) after = NULL;
  const gchar *no_tty[] = { "apply", "--no-verify", "--home", home, "--providers", providers_dir, NULL };
  const gchar *dry[] = { "apply", "--dry-run", "--home", home, "--providers", providers_dir, NULL };
  const gchar *apply[] = { "apply", "--yes", "--no-verify", "--json", "--home", home, "--providers", providers_dir, NULL };
  const gchar *list[] = { "rollback", "--json", "--home", home, NULL };
  g_auto(Run) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 }, r6 = { 0 }, r7 = { 0 };
  g_autoptr(JsonParser) p3 = json_parser_new ();
  g_autoptr(JsonParser) p4 = json_parser_new ();
  g_autoptr(JsonParser) p5 = json_parser_new ();
  JsonObject *o;
  const gchar *id;
  g_autoptr(GHashTable) mid = NULL;

  /* asks before writing, and refuses when there is no terminal to ask on */
  run_mailfix (&r1, "C", no_tty);
  g_assert_cmpint (r1.status, ==, 2);
  g_assert_nonnull (strstr (r1.err, "--yes"));
  run_mailfix (&r2, "C", dry);
  g_assert_cmpint (r2.status, ==, 1);
  g_assert_nonnull (strstr (r2.out, "+user_pref(\"mail.server.server3.port\", 993);"));
  mid = mf_test_snapshot_tree (root);
  mf_test_assert_same_tree (before, mid);

  run_mailfix (&r3, "C", apply);
  g_assert_cmpint (r3.status, ==, 1);   /* DTI's unconfirmed POP3 change is left */
  o = parse_json (p3, r3.out);
  g_assert_true (json_object_get_boolean_member (o, "applied"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "backups")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "skipped")), ==, 1);

  /* a second run writes nothing */
  run_mailfix (&r4, "C", apply);
  o = parse_json (p4, r4.out);
  g_assert_false (json_object_get_boolean_member (o, "applied"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "files")), ==, 0);

  run_mailfix (&r5, "C", list);
  if (r5.status != 0)
    g_test_message ("rollback said: %s%s", r5.out, r5.err);
  g_assert_cmpint (r5.status, ==, 0);
  o = parse_json (p5, r5.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "backups")), ==, 1);
  id = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "backups"), 0), "id");
  {
    const gchar *restore[] = { "rollback", "--yes", id, "--home", home, NULL };
    const gchar *again[] = { "rollback", "--yes", id, "--home", home, NULL };
    run_mailfix (&r6, "C", restore);
    g_assert_cmpint (r6.status, ==, 0);
    run_mailfix (&r7, "C", again);
    g_assert_cmpint (r7.status, ==, 2);
  }
  after = mf_test_snapshot_tree (root);
  mf_test_assert_same_tree (before, after);
  mf_test_rmtree (home);
}

static void
test_busy_exit_code (void)
{
  g_autofree gchar *home = home_copy ();
  g_autofree gchar *profile = g_build_filename (home, PROFILE_REL, NULL);
  const gchar *args[] = { "apply", "--yes", "--no-verify", "--json", "--home", home, "--providers", providers_dir, NULL };
  g_auto(Run) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  int release_fd;
  pid_t pid = mf_test_hold_lock (profile, &release_fd);

  run_mailfix (&r, "C", args);
  mf_test_release_lock (pid, release_fd);
  g_assert_cmpint (r.status, ==, 3);
  o = parse_json (parser, r.out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "error"), "code"), ==, "busy");
  mf_test_rmtree (home);
}

static void
test_bad_profile_exit_code (void)
{
  g_autofree gchar *home = home_copy ();
  g_autofree gchar *prefs = g_build_filename (home, PROFILE_REL, "prefs.js", NULL);
  const gchar *args[] = { "scan", "--home", home, "--providers", providers_dir, NULL };
  g_auto(Run) r = { 0 };

  mf_test_write_file (prefs, "user_pref(\"mail.server.server1.type\", \"pop3\"\n");
  run_mailfix (&r, "C", args);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, prefs));
  mf_test_rmtree (home);
}

/* apply logs in to the new servers first and writes nothing when it fails;
 * here the servers are on this machine's loopback, where nothing listens */
static void
test_apply_verifies_first (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("cli");
  g_autofree gchar *prefs = g_build_filename (dir, "prefs.js", NULL);
  g_autofree gchar *before = NULL;
  g_autofree gchar *after = NULL;
  const gchar *no_password[] = { "apply", "--yes", "--accept-unconfirmed", "--profile", dir, "--providers", providers_dir, NULL };
  g_auto(Run) r1 = { 0 };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static ("some-password\n", 14);
  g_autoptr(GBytes) err = NULL;
  const gchar *mailfix = g_getenv ("MAILFIX");
  const gchar *with_password[] = { mailfix, "apply", "--yes", "--accept-unconfirmed", "--password-stdin", "--timeout", "5",
                                   "--profile", dir, "--providers", providers_dir, NULL };

  mf_test_write_file (prefs,
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"shiro@loopback.test\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"127.0.0.1\");\n"
    "user_pref(\"mail.server.server1.port\", 1);\n"
    "user_pref(\"mail.server.server1.type\", \"pop3\");\n"
    "user_pref(\"mail.server.server1.userName\", \"shiro\");\n"
    "user_pref(\"mail.smtpserver.smtp1.authMethod\", 1);\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"127.0.0.1\");\n"
    "user_pref(\"mail.smtpserver.smtp1.port\", 25);\n");
  before = mf_test_read_file (prefs, NULL);
  /* no password and no terminal: it says how to give one */
  run_mailfix (&r1, "C", no_password);
  g_assert_cmpint (r1.status, ==, 2);
  g_assert_nonnull (strstr (r1.err, "--password-stdin"));
  g_assert_nonnull (strstr (r1.err, "--no-verify"));
  /* with one: the login fails, nothing is written */
  proc = g_subprocess_newv (with_password, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (proc, input, NULL, NULL, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 5);
  g_assert_null (g_strstr_len (g_bytes_get_data (err, NULL), g_bytes_get_size (err), "some-password"));
  after = mf_test_read_file (prefs, NULL);
  g_assert_cmpstr (before, ==, after);
  mf_test_rmtree (dir);
}

static void
test_providers_command (void)
{
  const gchar *args[] = { "providers", "--json", "--providers", providers_dir, NULL };
  const gchar *missing[] = { "providers", "--providers", "/nonexistent/providers", NULL };
  g_auto(Run) r = { 0 }, m = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *providers;
  gboolean docomo = FALSE, dti = FALSE;

  run_mailfix (&r, "C", args);
  g_assert_cmpint (r.status, ==, 0);
  providers = json_object_get_array_member (parse_json (parser, r.out), "providers");
  for (guint i = 0; i < json_array_get_length (providers); i++) {
    const gchar *id = json_object_get_string_member (json_array_get_object_element (providers, i), "id");
    docomo = docomo || g_strcmp0 (id, "docomo.ne.jp") == 0;
    dti = dti || g_strcmp0 (id, "dream.jp") == 0;
  }
  g_assert_true (docomo && dti);
  run_mailfix (&m, "C", missing);
  g_assert_cmpint (m.status, ==, 2);
  g_assert_nonnull (strstr (m.err, "/nonexistent/providers"));
}

static gchar *
provider_fixture (const gchar *rel)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "providers", rel, NULL);
}

/* what an ISP does with its own provider file: check it, then use it */
static void
test_provider_files (void)
{
  g_autofree gchar *good = provider_fixture ("good/example.ne.jp.xml");
  g_autofree gchar *bad = provider_fixture ("bad/bad-port.xml");
  g_autofree gchar *user_dir = g_build_filename (g_get_user_data_dir (), "mailfix", "providers", NULL);
  g_autofree gchar *broken = g_build_filename (user_dir, "broken.xml", NULL);
  g_autofree gchar *bad_line = g_strdup_printf ("%s:7: ", bad);
  const gchar *check_good[] = { "providers", "--validate", good, NULL };
  const gchar *check_both[] = { "providers", "--validate", good, bad, NULL };
  const gchar *check_json[] = { "providers", "--validate", "--json", bad, NULL };
  const gchar *check_none[] = { "providers", "--validate", NULL };
  const gchar *with_file[] = { "providers", "--json", "--provider-file", good, NULL };
  const gchar *with_bad_file[] = { "providers", "--provider-file", bad, NULL };
  g_auto(Run) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 }, r6 = { 0 }, r7 = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *file;
  JsonArray *providers;
  gboolean example = FALSE;

  run_mailfix (&r1, "C", check_good);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.out, "good"));
  run_mailfix (&r2, "C", check_both);
  g_assert_cmpint (r2.status, ==, 1);
  g_assert_nonnull (strstr (r2.out, bad_line));
  run_mailfix (&r3, "C", check_json);
  g_assert_cmpint (r3.status, ==, 1);
  file = json_array_get_object_element (json_object_get_array_member (parse_json (parser, r3.out), "files"), 0);
  g_assert_false (json_object_get_boolean_member (file, "valid"));
  g_assert_true (g_str_has_prefix (json_array_get_string_element (json_object_get_array_member (file, "problems"), 0),
                                   bad_line));
  run_mailfix (&r4, "C", check_none);
  g_assert_cmpint (r4.status, ==, 2);

  /* a provider file given by name joins the database; a bad one stops */
  run_mailfix (&r5, "C", with_file);
  g_assert_cmpint (r5.status, ==, 0);
  providers = json_object_get_array_member (parse_json (parser2, r5.out), "providers");
  for (guint i = 0; i < json_array_get_length (providers); i++) {
    const gchar *id = json_object_get_string_member (json_array_get_object_element (providers, i), "id");
    example = example || g_strcmp0 (id, "example.ne.jp") == 0;
  }
  g_assert_true (example);
  run_mailfix (&r6, "C", with_bad_file);
  g_assert_cmpint (r6.status, ==, 2);
  g_assert_nonnull (strstr (r6.err, bad_line));

  /* a broken file among the user's own providers is a warning, not the end */
  g_assert_cmpint (g_mkdir_with_parents (user_dir, 0755), ==, 0);
  mf_test_write_file (broken, "<clientConfig");
  run_mailfix (&r7, "C", with_file);
  g_assert_cmpint (r7.status, ==, 0);
  g_assert_nonnull (strstr (r7.err, "warning"));
  g_assert_nonnull (strstr (r7.err, broken));
  g_assert_cmpint (g_unlink (broken), ==, 0);
}

/* the text output, with the temporary home replaced, against a golden file */
static void
check_golden (const gchar *lang, const gchar *command, const gchar *golden)
{
  g_autofree gchar *home = home_copy ();
  const gchar *args[] = { command, "--home", home, "--providers", providers_dir, NULL };
  g_auto(Run) r = { 0 };
  g_autoptr(GString) text = NULL;

  if (g_strcmp0 (lang, "C") != 0 && setlocale (LC_ALL, lang) == NULL) {
    g_test_skip ("the ja_JP.UTF-8 locale is not installed (scripts/install-deps.sh --tests installs it)");
    mf_test_rmtree (home);
    return;
  }
  setlocale (LC_ALL, "C");
  run_mailfix (&r, lang, args);
  g_assert_cmpint (r.status, ==, 1);
  text = g_string_new (r.out);
  g_string_replace (text, home, "$HOME", 0);
  mf_test_assert_golden (text->str, golden);
  mf_test_rmtree (home);
}

static void
test_golden_scan_en (void)
{
  check_golden ("C", "scan", "cli-expected/scan-helpdesk.en.txt");
}

static void
test_golden_plan_en (void)
{
  check_golden ("C", "plan", "cli-expected/plan-helpdesk.en.txt");
}

static void
test_golden_scan_ja (void)
{
  check_golden ("ja_JP.UTF-8", "scan", "cli-expected/scan-helpdesk.ja.txt");
}

static void
test_golden_plan_ja (void)
{
  check_golden ("ja_JP.UTF-8", "plan", "cli-expected/plan-helpdesk.ja.txt");
}

/* a helpdesk's rescue stick: a Windows disk with one user's Outlook */
#define OUTLOOK_KEY "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000001"

static gchar *
windows_disk (void)
{
  static const MfTestHiveEntry hive[] = {
    { OUTLOOK_KEY, "Account Name", MF_REG_BINARY, .text = "DTI" },
    { OUTLOOK_KEY, "Email", MF_REG_BINARY, .text = "taro@dream.jp" },
    { OUTLOOK_KEY, "POP3 Server", MF_REG_BINARY, .text = "pop.dream.jp" },
    { OUTLOOK_KEY, "POP3 User", MF_REG_BINARY, .text = "taro" },
    { OUTLOOK_KEY, "POP3 Password", MF_REG_BINARY, .hex = "02 01 00 00 00 d0 8c" },
    { OUTLOOK_KEY, "SMTP Server", MF_REG_BINARY, .text = "smtp.dream.jp" },
    { OUTLOOK_KEY, "SMTP Use Auth", MF_REG_DWORD, .dword = 1 },
    { OUTLOOK_KEY, "SMTP Auth Method", MF_REG_DWORD, .dword = 2 },
  };
  g_autoptr(GError) error = NULL;
  gchar *root = mf_test_make_tempdir ("cli");
  g_autofree gchar *user = g_build_filename (root, "Users", "taro", NULL);
  g_autofree gchar *path = g_build_filename (user, "NTUSER.DAT", NULL);

  g_assert_cmpint (g_mkdir_with_parents (user, 0700), ==, 0);
  g_assert_true (mf_test_hive_build (path, hive, G_N_ELEMENTS (hive), &error));
  g_assert_no_error (error);
  return root;
}

#define HIVE_ID "outlook:NTUSER.DAT:outlook16:Outlook:00000001"

static void
test_windows_root (void)
{
  g_autofree gchar *root = windows_disk ();
  g_autofree gchar *hive = g_build_filename (root, "Users", "taro", "NTUSER.DAT", NULL);
  const gchar *scan[] = { "scan", "--windows-root", root, "--providers", providers_dir, "--json", NULL };
  const gchar *plan[] = { "plan", "--windows-root", root, "--providers", providers_dir, NULL };
  const gchar *by_file[] = { "scan", hive, "--providers", providers_dir, NULL };
  const gchar *bad[] = { "scan", "--windows-root", providers_dir, NULL };
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_auto(Run) r3 = { 0 };
  g_auto(Run) r4 = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *doc;
  JsonArray *accounts;

  run_mailfix (&r1, "C", scan);
  g_assert_cmpint (r1.status, ==, 1);
  doc = parse_json (parser, r1.out);
  accounts = json_object_get_array_member (doc, "accounts");
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 0), "id"), ==, HIVE_ID);
  /* the hive is binary: the plan shows its change as .reg lines */
  run_mailfix (&r2, "C", plan);
  g_assert_cmpint (r2.status, ==, 1);
  g_assert_nonnull (strstr (r2.out, "Binary file"));
  g_assert_nonnull (strstr (r2.out, "\"SMTP Auth Method\"=dword:00000000"));
  /* a file named on the command line is read like --profile */
  run_mailfix (&r3, "C", by_file);
  g_assert_cmpint (r3.status, ==, 1);
  g_assert_nonnull (strstr (r3.out, HIVE_ID));
  /* a folder that is no Windows disk: an error that says so */
  run_mailfix (&r4, "C", bad);
  g_assert_cmpint (r4.status, ==, 2);
  g_assert_nonnull (strstr (r4.err, "does not look like a Windows disk"));
  mf_test_rmtree (root);
}

/* runs mailfix with input on its stdin */
static void
run_mailfix_input (Run *r, const gchar *input, const gchar * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MAILFIX"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const gchar * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, &r->out, &r->err, &error));
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (proc);
}

/* Outlook keeps passwords encrypted for the Windows user: "password" says
 * it could only remove the old one, and exits 1, since the user still has
 * to type the new one in the program */
static void
test_password_out_of_reach (void)
{
  g_autofree gchar *root = windows_disk ();
  const gchar *json[] = { "password", "--windows-root", root, "--providers", providers_dir, "--account", HIVE_ID,
                          "--password-stdin", "--json", NULL };
  const gchar *text[] = { "password", "--windows-root", root, "--providers", providers_dir, "--account", HIVE_ID,
                          "--password-stdin", NULL };
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *result;

  run_mailfix_input (&r1, "Abcdefgh12\n", json);
  g_assert_cmpint (r1.status, ==, 1);
  g_assert_null (strstr (r1.out, "Abcdefgh12"));
  result = json_array_get_object_element (json_object_get_array_member (parse_json (parser, r1.out), "results"), 0);
  g_assert_false (json_object_get_boolean_member (result, "stored"));
  g_assert_true (json_object_get_boolean_member (result, "old_removed"));
  /* the second time there is nothing stored any more, and it says so */
  run_mailfix_input (&r2, "Abcdefgh12\n", text);
  g_assert_cmpint (r2.status, ==, 1);
  g_assert_nonnull (strstr (r2.out, "mailfix cannot store the password of " HIVE_ID));
  g_assert_nonnull (strstr (r2.out, "no password is stored for this account"));
  g_assert_nonnull (strstr (r2.out, "mailfix rollback --windows-root"));
  mf_test_rmtree (root);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  providers_dir = mf_test_providers_dir ();
  g_test_add_func ("/cli/help-and-usage", test_help_and_usage_errors);
  g_test_add_func ("/cli/scan-json", test_scan_json);
  g_test_add_func ("/cli/scan-many-homes", test_scan_many_homes);
  g_test_add_func ("/cli/clean-profile", test_clean_profile_exits_zero);
  g_test_add_func ("/cli/apply-cycle", test_apply_cycle);
  g_test_add_func ("/cli/busy", test_busy_exit_code);
  g_test_add_func ("/cli/bad-profile", test_bad_profile_exit_code);
  g_test_add_func ("/cli/providers", test_providers_command);
  g_test_add_func ("/cli/provider-files", test_provider_files);
  g_test_add_func ("/cli/apply-verifies-first", test_apply_verifies_first);
  g_test_add_func ("/cli/windows-root", test_windows_root);
  g_test_add_func ("/cli/password-out-of-reach", test_password_out_of_reach);
  g_test_add_func ("/cli/golden/scan-en", test_golden_scan_en);
  g_test_add_func ("/cli/golden/plan-en", test_golden_plan_en);
  g_test_add_func ("/cli/golden/scan-ja", test_golden_scan_ja);
  g_test_add_func ("/cli/golden/plan-ja", test_golden_plan_ja);
  status = g_test_run ();
  mf_test_rmtree (providers_dir);
  g_free (providers_dir);
  return status;
}
