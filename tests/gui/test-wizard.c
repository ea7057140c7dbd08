/* test-wizard.c: the real wizard window under a real X server (started by
 * test-wizard.sh), on copies of the sample home the README scans: a
 * Thunderbird profile with DTI sending without signing in on port 25 and
 * docomo on plain IMAP with the password from before the app password.
 * The tests press the wizard's own buttons and type into its own fields. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mailfix.h"
#include "mf-gui-test.h"
#include "mf-test-utils.h"

#define PROFILE ".thunderbird/k3x9a2bd.default-esr"
#define DOCOMO "thunderbird:k3x9a2bd.default-esr:account3"
#define DTI "thunderbird:k3x9a2bd.default-esr:account1"
#define GMAIL "thunderbird:k3x9a2bd.default-esr:account4"
#define EXAMPLE_ORG "thunderbird:k3x9a2bd.default-esr:account5"
#define EXAMPLE_ISP "thunderbird:k3x9a2bd.default-esr:account6"

static gchar *
sample_home (const gchar *tag)
{
  gchar *home = mf_test_make_tempdir (tag);

  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  return home;
}

static gchar *
read_prefs (const gchar *home)
{
  g_autofree gchar *path = g_build_filename (home, PROFILE, "prefs.js", NULL);
  return mf_test_read_file (path, NULL);
}

/* the typed password is in no file below the home, in no form */
static void
assert_password_nowhere (const gchar *home)
{
  g_autoptr(GHashTable) files = mf_test_snapshot_tree (home);
  GHashTableIter iter;
  gpointer path, contents;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &path, &contents)) {
    if (strstr (contents, MF_GUI_TEST_PASSWORD) != NULL)
      g_error ("the password is in %s", (const gchar *) path);
  }
}

/* no text on screen shows the password */
static void
assert_password_not_shown (MfWizardWindow *window)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  mf_gui_test_collect_text (GTK_WIDGET (window), texts);
  for (guint i = 0; i < texts->len; i++)
    g_assert_null (strstr (g_ptr_array_index (texts, i), MF_GUI_TEST_PASSWORD));
}

static const gchar *
row_subtitle (GtkWidget *page, const gchar *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (mf_gui_test_get (page, name)));
}

static gchar *
row_name (const gchar *prefix, const gchar *account)
{
  return g_strdup_printf ("%s-%s", prefix, account);
}

/* "Step N of M" under the title, in the language of the run */
static GtkWidget *
find_window_title (GtkWidget *root)
{
  if (ADW_IS_WINDOW_TITLE (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_window_title (child);
    if (found != NULL)
      return found;
  }
  return NULL;
}

static void
assert_step (MfWizardWindow *window, guint number, guint total)
{
  GtkWidget *title = find_window_title (GTK_WIDGET (window));
  g_autofree gchar *expected = g_strdup_printf (_("Step %u of %u"), number, total);

  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, expected);
}

/* every page from the scan to the summary, then Undo */
static void
test_flow (void)
{
  g_autofree gchar *home = sample_home ("wizard-flow");
  g_autofree gchar *before = read_prefs (home);
  g_autofree gchar *after = NULL;
  g_autofree gchar *undone = NULL;
  g_autofree gchar *docomo_row = row_name ("account", DOCOMO);
  g_autofree gchar *gmail_row = row_name ("account", GMAIL);
  g_autofree gchar *docomo_check = row_name ("choose-check", DOCOMO);
  g_autofree gchar *dti_check = row_name ("choose-check", DTI);
  g_autofree gchar *gmail_check = row_name ("choose-check", GMAIL);
  g_autofree gchar *fine_check = row_name ("choose-check", EXAMPLE_ORG);
  g_autofree gchar *review_row = row_name ("review", DOCOMO);
  MfWizardWindow *window = mf_gui_test_open (home);
  MfWizardPage *page;
  GtkWidget *entry, *error_label, *next;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree gchar *diff = NULL;

  /* 1. the scan: every account, with its state in words */
  g_assert_cmpstr (mf_gui_test_page_name (window), ==, "scan");
  page = mf_wizard_window_get_current_page (window);
  MF_GUI_WAIT_UNTIL (mf_wizard_page_get_complete (page));
  /* which steps will be skipped is not known before the choice */
  assert_step (window, 1, 6);
  g_assert_nonnull (row_subtitle (GTK_WIDGET (page), docomo_row));
  g_assert_nonnull (row_subtitle (GTK_WIDGET (page), gmail_row));
  g_assert_false (gtk_widget_is_sensitive (mf_gui_test_get (GTK_WIDGET (window), "back-button")));

  /* 2. the choice: the fixable accounts, the recommended ticked */
  mf_gui_test_next (window, "choose");
  page = mf_wizard_window_get_current_page (window);
  /* the keyboard starts on the first tick box */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == mf_gui_test_get (GTK_WIDGET (page), dti_check));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (mf_gui_test_get (GTK_WIDGET (page), docomo_check))));
  g_assert_nonnull (mf_gui_test_find (GTK_WIDGET (page), dti_check));
  g_assert_null (mf_gui_test_find (GTK_WIDGET (page), gmail_check));
  g_assert_null (mf_gui_test_find (GTK_WIDGET (page), fine_check));
  /* nothing ticked: no Next */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (mf_gui_test_get (GTK_WIDGET (page), docomo_check)), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (mf_gui_test_get (GTK_WIDGET (page), dti_check)), FALSE);
  g_assert_false (gtk_widget_is_sensitive (mf_gui_test_get (GTK_WIDGET (window), "next-button")));
  g_assert_true (gtk_widget_activate (mf_gui_test_get (GTK_WIDGET (page), dti_check)));
  /* without docomo no new password is asked for, and one step fewer is counted */
  assert_step (window, 2, 5);
  g_assert_true (gtk_widget_activate (mf_gui_test_get (GTK_WIDGET (page), docomo_check)));
  assert_step (window, 2, 6);

  /* 3. docomo's password, checked against docomo's rules as it is typed */
  mf_gui_test_next (window, "password");
  page = mf_wizard_window_get_current_page (window);
  g_assert_nonnull (mf_gui_test_find (GTK_WIDGET (page), "password-link-hanako@docomo.ne.jp"));
  entry = mf_gui_test_get (GTK_WIDGET (page), "password-entry-hanako@docomo.ne.jp");
  /* ... and on the password page, in the password field */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  next = mf_gui_test_get (GTK_WIDGET (window), "next-button");
  g_assert_false (gtk_widget_is_sensitive (next));
  gtk_editable_set_text (GTK_EDITABLE (entry), "short");
  error_label = g_object_get_data (G_OBJECT (entry), "error-label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_false (gtk_widget_is_sensitive (next));
  gtk_editable_set_text (GTK_EDITABLE (entry), MF_GUI_TEST_PASSWORD);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_is_sensitive (next));
  assert_password_not_shown (window);

  /* 4. the check starts by itself; this run is offline, so it is skipped */
  mf_gui_test_next (window, "check");
  g_assert_false (mf_wizard_page_get_complete (mf_wizard_window_get_current_page (window)));
  mf_gui_test_click (window, "skip-check-button");

  /* 5. the review: plain words, and the exact diff behind the expander */
  g_assert_cmpstr (mf_gui_test_page_name (window), ==, "review");
  assert_step (window, 5, 6);
  page = mf_wizard_window_get_current_page (window);
  g_assert_nonnull (mf_gui_test_find (GTK_WIDGET (page), review_row));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == mf_gui_test_get (GTK_WIDGET (page), "diff-expander"));
  g_assert_true (gtk_widget_get_visible (mf_gui_test_get (GTK_WIDGET (page), "review-warning")));
  g_assert_null (mf_gui_test_find (GTK_WIDGET (page), "diff-view"));
  gtk_expander_set_expanded (GTK_EXPANDER (mf_gui_test_get (GTK_WIDGET (page), "diff-expander")), TRUE);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (mf_gui_test_get (GTK_WIDGET (page), "diff-view")));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  diff = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (diff, "+user_pref(\"mail.smtpserver.smtp2.port\", 465);"));
  g_assert_nonnull (strstr (diff, "+user_pref(\"mail.server.server3.port\", 993);"));
  /* back and forth keeps the choices */
  mf_gui_test_click (window, "back-button");
  g_assert_cmpstr (mf_gui_test_page_name (window), ==, "check");
  mf_gui_test_click (window, "skip-check-button");
  g_assert_cmpstr (mf_gui_test_page_name (window), ==, "review");

  /* 6. apply: the files change, the summary offers Undo */
  mf_gui_test_next (window, "apply");
  page = mf_wizard_window_get_current_page (window);
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (page));
  g_assert_true (gtk_widget_get_mapped (mf_gui_test_get (GTK_WIDGET (page), "apply-done")));
  g_assert_false (gtk_widget_is_sensitive (mf_gui_test_get (GTK_WIDGET (window), "back-button")));
  after = read_prefs (home);
  g_assert_nonnull (strstr (after, "user_pref(\"mail.server.server3.port\", 993);"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.server.server3.socketType\", 3);"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.smtpserver.smtp2.port\", 465);"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.smtpserver.smtp2.authMethod\", 3);"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.smtpserver.smtp1.port\", 587);"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.smtpserver.smtp1.authMethod\", 3);"));
  g_assert_cmpuint (mf_wizard_state_get_backups (mf_wizard_window_get_state (window))->len, ==, 2);
  assert_password_nowhere (home);
  assert_password_not_shown (window);

  /* Undo puts the settings back */
  mf_gui_test_click (window, "undo-button");
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (page));
  g_assert_true (gtk_widget_get_mapped (mf_gui_test_get (GTK_WIDGET (page), "apply-undone")));
  undone = read_prefs (home);
  g_assert_cmpstr (undone, ==, before);

  /* Next is Close on the last page */
  {
    GtkWidget *gone = GTK_WIDGET (window);
    g_object_add_weak_pointer (G_OBJECT (gone), (gpointer *) &gone);
    mf_gui_test_click (window, "next-button");
    MF_GUI_WAIT_UNTIL (gone == NULL);
  }
  mf_test_rmtree (home);
}

/* closing the window on the Review page, with a password typed, leaves
 * the home exactly as it was */
static void
test_cancel (void)
{
  g_autofree gchar *home = sample_home ("wizard-cancel");
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (home);
  g_autoptr(GHashTable) after = NULL;
  MfWizardWindow *window = mf_gui_test_open (home);

  mf_gui_test_walk_to (window, "review");
  mf_gui_test_close (window);
  after = mf_test_snapshot_tree (home);
  mf_test_assert_same_tree (before, after);
  mf_test_rmtree (home);
}

/* the shipped providers, with docomo's file replaced by one carrying an
 * ISP's own name, logo, support line and password wording, as an ISP's
 * setup package installs it */
static gchar *
branded_providers (void)
{
  g_autofree gchar *shipped = g_strdup (g_getenv ("MAILFIX_PROVIDERS_DIR"));
  g_autofree gchar *logo = g_test_build_filename (G_TEST_DIST, "fixtures", "providers", "branded", "logo.svg", NULL);
  g_autofree gchar *logo_text = mf_test_read_file (logo, NULL);
  g_autofree gchar *logo_copy = NULL;
  g_autofree gchar *docomo = NULL;
  g_autofree gchar *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree gchar *branded = NULL;
  gchar *dir = mf_test_make_tempdir ("wizard-providers");
  g_autoptr(GDir) listing = NULL;
  const gchar *name;

  g_assert_nonnull (shipped);
  listing = g_dir_open (shipped, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL) {
    g_autofree gchar *from = g_build_filename (shipped, name, NULL);
    g_autofree gchar *to = g_build_filename (dir, name, NULL);
    g_autofree gchar *contents = NULL;
    if (!g_str_has_suffix (name, ".xml"))
      continue;
    contents = mf_test_read_file (from, NULL);
    mf_test_write_file (to, contents);
  }
  logo_copy = g_build_filename (dir, "isp-logo.svg", NULL);
  mf_test_write_file (logo_copy, logo_text);
  docomo = g_build_filename (dir, "docomo.ne.jp.xml", NULL);
  text = mf_test_read_file (docomo, NULL);
  parts = g_strsplit (text, "</emailProvider>", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  branded = g_strdup_printf ("%s<mf:branding>\n"
                             "  <mf:name xml:lang=\"en\">Example Hikari Support</mf:name>\n"
                             "  <mf:name xml:lang=\"ja\">エグザンプル光サポート</mf:name>\n"
                             "  <mf:logo file=\"isp-logo.svg\"/>\n"
                             "  <mf:help url=\"https://support.example.ne.jp/mail/\"/>\n"
                             "  <mf:phone>0120-000-000</mf:phone>\n"
                             "  <mf:passwordHelp xml:lang=\"en\">Your IMAP password is on the card we sent.</mf:passwordHelp>\n"
                             "  <mf:passwordHelp xml:lang=\"ja\">IMAP用パスワードは、お送りしたカードに記載しています。</mf:passwordHelp>\n"
                             "</mf:branding>\n</emailProvider>%s", parts[0], parts[1]);
  mf_test_write_file (docomo, branded);
  return dir;
}

static gboolean
texts_contain (GtkWidget *root, const gchar *needle)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  mf_gui_test_collect_text (root, texts);
  for (guint i = 0; i < texts->len; i++) {
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      return TRUE;
  }
  return FALSE;
}

/* an ISP's provider file shows its name, logo and support line where the
 * user types the password and again in the summary, with its own words
 * on how to get the password */
static void
test_isp_branding (void)
{
  g_autofree gchar *saved = g_strdup (g_getenv ("MAILFIX_PROVIDERS_DIR"));
  g_autofree gchar *providers = branded_providers ();
  g_autofree gchar *home = sample_home ("wizard-branding");
  MfWizardWindow *window;
  GtkWidget *row;
  MfWizardPage *page;

  g_setenv ("MAILFIX_PROVIDERS_DIR", providers, TRUE);
  window = mf_gui_test_open (home);
  mf_gui_test_walk_to (window, "password");
  row = mf_gui_test_get (mf_gui_test_page (window), "support-docomo.ne.jp");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "ja") ? "エグザンプル光サポート"
                                                                          : "Example Hikari Support");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "0120-000-000"));
  g_assert_true (texts_contain (mf_gui_test_page (window), "IMAP"));
  g_assert_true (texts_contain (mf_gui_test_page (window), "0120-000-000"));
  g_assert_false (texts_contain (mf_gui_test_page (window), "My docomo"));

  mf_gui_test_walk_to (window, "apply");
  page = mf_wizard_window_get_current_page (window);
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (page));
  g_assert_true (gtk_widget_get_mapped (mf_gui_test_get (GTK_WIDGET (page), "support-docomo.ne.jp")));
  mf_gui_test_close (window);

  g_setenv ("MAILFIX_PROVIDERS_DIR", saved, TRUE);
  mf_test_rmtree (home);
  mf_test_rmtree (providers);
}

/* an account at a domain no provider file knows: POP3 on port 110 and
 * sending on port 25 without signing in, at example-isp.jp */
static gchar *
home_with_unknown_domain (void)
{
  gchar *home = sample_home ("wizard-autoconfig");
  g_autofree gchar *path = g_build_filename (home, PROFILE, "prefs.js", NULL);
  g_autofree gchar *prefs = read_prefs (home);
  g_autoptr(GString) out = g_string_new (prefs);

  g_assert_cmpuint (g_string_replace (out, "\"account1,account3,account4,account5,account2\"",
                                      "\"account1,account3,account4,account5,account6,account2\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (out, "\"smtp1,smtp2,smtp3,smtp4\"", "\"smtp1,smtp2,smtp3,smtp4,smtp5\"", 1),
                    ==, 1);
  g_string_append (out,
                   "user_pref(\"mail.account.account6.identities\", \"id5\");\n"
                   "user_pref(\"mail.account.account6.server\", \"server6\");\n"
                   "user_pref(\"mail.identity.id5.smtpServer\", \"smtp5\");\n"
                   "user_pref(\"mail.identity.id5.useremail\", \"hanako@example-isp.jp\");\n"
                   "user_pref(\"mail.server.server6.hostname\", \"pop.example-isp.jp\");\n"
                   "user_pref(\"mail.server.server6.type\", \"pop3\");\n"
                   "user_pref(\"mail.server.server6.userName\", \"hanako\");\n"
                   "user_pref(\"mail.smtpserver.smtp5.authMethod\", 1);\n"
                   "user_pref(\"mail.smtpserver.smtp5.hostname\", \"mail.example-isp.jp\");\n"
                   "user_pref(\"mail.smtpserver.smtp5.port\", 25);\n");
  mf_test_write_file (path, out->str);
  return home;
}

/* what an earlier lookup left in the cache: the settings example-isp.jp
 * publishes on its autoconfig host, and nothing for example.org */
static gchar *
autoconfig_cache (void)
{
  gchar *dir = mf_test_make_tempdir ("wizard-autoconfig-cache");
  g_autofree gchar *isp = g_build_filename (dir, "example-isp.jp.json", NULL);
  g_autofree gchar *org = g_build_filename (dir, "example.org.json", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const gchar *config =
    "<clientConfig version=\\\"1.1\\\"><emailProvider id=\\\"example-isp.jp\\\">"
    "<domain>example-isp.jp</domain><displayName>Example ISP</displayName>"
    "<incomingServer type=\\\"imap\\\"><hostname>imap.example-isp.jp</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\\\"smtp\\\"><hostname>smtp.example-isp.jp</hostname><port>465</port>"
    "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
    "<authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autofree gchar *found = g_strdup_printf ("{\"version\": 1, \"domain\": \"example-isp.jp\", \"fetched\": %" G_GINT64_FORMAT ", "
                                             "\"found\": true, \"origin\": \"autoconfig\", "
                                             "\"url\": \"https://autoconfig.example-isp.jp/mail/config-v1.1.xml\", "
                                             "\"config\": \"%s\"}", now, config);
  g_autofree gchar *none = g_strdup_printf ("{\"version\": 1, \"domain\": \"example.org\", \"fetched\": %" G_GINT64_FORMAT ", "
                                            "\"found\": false}", now);

  mf_test_write_file (isp, found);
  mf_test_write_file (org, none);
  return dir;
}

static MfProvider *
account_provider (MfWizardWindow *window, const gchar *id)
{
  MfSession *session = mf_wizard_state_get_session (mf_wizard_window_get_state (window));

  return mf_diagnosis_get_provider (mf_session_get_diagnosis (session, mf_session_find_account (session, id)));
}

static gboolean
check_active (GtkWidget *page, const gchar *account)
{
  g_autofree gchar *name = row_name ("choose-check", account);
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (mf_gui_test_get (page, name)));
}

/* the wizard looks up a domain it does not know: the account gets the
 * settings the domain publishes, ticked like a provider file's, and the
 * review says where they came from; without the lookup the same account is
 * offered only the fix on the servers it uses, unticked and not confirmed */
static void
test_autoconfig (void)
{
  g_autofree gchar *home = home_with_unknown_domain ();
  g_autofree gchar *cache = autoconfig_cache ();
  g_autofree gchar *row = row_name ("choose", EXAMPLE_ISP);
  g_autofree gchar *not_confirmed = g_strdup_printf (_("%s · not confirmed · %s"), "Thunderbird", "");
  const gchar *homes[] = { home, NULL };
  g_autoptr(MfAutoconfig) autoconfig = mf_autoconfig_new ();
  MfWizardWindow *window;
  GtkWidget *page;
  MfProvider *provider;

  /* both domains are in the cache: a miss would go to the network */
  mf_autoconfig_set_cache_dir (autoconfig, cache);
  mf_autoconfig_set_timeout (autoconfig, 1);
  window = mf_wizard_window_new (NULL, homes, autoconfig);
  gtk_window_present (GTK_WINDOW (window));
  mf_gui_test_walk_to (window, "choose");
  page = mf_gui_test_page (window);
  g_assert_false (g_str_has_prefix (row_subtitle (page, row), not_confirmed));
  g_assert_true (check_active (page, EXAMPLE_ISP));
  provider = account_provider (window, EXAMPLE_ISP);
  g_assert_nonnull (provider);
  g_assert_cmpint (mf_provider_get_origin (provider), ==, MF_PROVIDER_ORIGIN_AUTOCONFIG);
  g_assert_null (account_provider (window, EXAMPLE_ORG));

  mf_gui_test_walk_to (window, "review");
  page = mf_gui_test_page (window);
  g_assert_true (texts_contain (page, "imap.example-isp.jp"));
  g_assert_true (texts_contain (page, "smtp.example-isp.jp"));
  g_assert_true (texts_contain (page, "https://autoconfig.example-isp.jp/mail/config-v1.1.xml"));
  mf_gui_test_close (window);

  /* the same home, no lookup */
  window = mf_gui_test_open (home);
  mf_gui_test_walk_to (window, "choose");
  page = mf_gui_test_page (window);
  g_assert_true (g_str_has_prefix (row_subtitle (page, row), not_confirmed));
  g_assert_false (check_active (page, EXAMPLE_ISP));
  g_assert_null (account_provider (window, EXAMPLE_ISP));
  mf_gui_test_close (window);

  mf_test_rmtree (home);
  mf_test_rmtree (cache);
}

/* a running Thunderbird: the wizard says so, and Check Again works once
 * it has quit */
static void
test_busy (void)
{
  g_autofree gchar *home = sample_home ("wizard-busy");
  g_autofree gchar *profile = g_build_filename (home, PROFILE, NULL);
  g_autofree gchar *before = read_prefs (home);
  g_autofree gchar *after = NULL;
  MfWizardWindow *window = mf_gui_test_open (home);
  GtkWidget *page;
  gint release_fd = -1;
  gint pid;

  mf_gui_test_walk_to (window, "review");
  pid = mf_test_hold_lock (profile, &release_fd);
  mf_gui_test_next (window, "apply");
  page = mf_gui_test_page (window);
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (MF_WIZARD_PAGE (page)));
  g_assert_true (gtk_widget_get_mapped (mf_gui_test_get (page, "apply-busy")));
  g_assert_false (gtk_widget_is_sensitive (mf_gui_test_get (GTK_WIDGET (window), "next-button")));
  after = read_prefs (home);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* still running: still refused */
  mf_gui_test_click (window, "busy-retry-button");
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (MF_WIZARD_PAGE (page)));
  g_assert_true (gtk_widget_get_mapped (mf_gui_test_get (page, "apply-busy")));

  mf_test_release_lock (pid, release_fd);
  mf_gui_test_click (window, "busy-retry-button");
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (MF_WIZARD_PAGE (page)));
  g_assert_true (gtk_widget_get_mapped (mf_gui_test_get (page, "apply-done")));
  after = read_prefs (home);
  g_assert_nonnull (strstr (after, "user_pref(\"mail.smtpserver.smtp2.port\", 465);"));
  mf_gui_test_close (window);
  mf_test_rmtree (home);
}

/* a loopback port nothing listens on */
static guint16
closed_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  gint fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

/* the Check page against a server that cannot be reached: the row says
 * so in the library's plain words, and Next waits for Check Again or Skip */
static void
test_check_unreachable (void)
{
  g_autofree gchar *home = sample_home ("wizard-check");
  g_autofree gchar *prefs_path = g_build_filename (home, PROFILE, "prefs.js", NULL);
  g_autofree gchar *prefs = read_prefs (home);
  g_auto(GStrv) parts = g_strsplit (prefs, "\"mail.example.org\"", -1);
  g_autofree gchar *joined = g_strjoinv ("\"127.0.0.1\"", parts);
  guint16 port = closed_port ();
  g_autofree gchar *edited = g_strdup_printf ("%suser_pref(\"mail.server.server5.port\", %u);\n"
                                              "user_pref(\"mail.smtpserver.smtp4.port\", %u);\n",
                                              joined, port, port);
  g_autofree gchar *row_in = g_strdup_printf ("check-%s-0", EXAMPLE_ORG);
  g_autofree gchar *row_out = g_strdup_printf ("check-%s-1", EXAMPLE_ORG);
  MfWizardWindow *window;
  MfWizardState *state;
  MfAccount *account;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(MfVerifyResult) expected = NULL;
  g_autofree gchar *expected_text = NULL;
  MfWizardPage *page;
  GtkWidget *row;

  mf_test_write_file (prefs_path, edited);
  window = mf_gui_test_open (home);
  page = mf_wizard_window_get_current_page (window);
  MF_GUI_WAIT_UNTIL (mf_wizard_page_get_complete (page));
  state = mf_wizard_window_get_state (window);
  account = mf_session_find_account (mf_wizard_state_get_session (state), EXAMPLE_ORG);
  g_assert_nonnull (account);
  g_ptr_array_add (chosen, account);
  mf_wizard_state_set_chosen (state, chosen);
  mf_wizard_state_set_password (state, "taro@example.org", MF_GUI_TEST_PASSWORD);
  mf_wizard_window_show_page (window, "check");
  page = mf_wizard_window_get_current_page (window);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (page)), ==, "check");

  /* the library's own words for this result, from the same server */
  {
    g_autoptr(GPtrArray) servers = mf_session_servers_to_verify (mf_wizard_state_get_session (state), account,
                                                                 MF_PLAN_FLAGS_NONE);
    g_assert_cmpuint (servers->len, ==, 2);
    g_assert_cmpstr (mf_server_get_host (g_ptr_array_index (servers, 0)), ==, "127.0.0.1");
    expected = mf_verify_server (g_ptr_array_index (servers, 0), MF_GUI_TEST_PASSWORD, NULL, NULL);
    g_assert_cmpint (mf_verify_result_get_status (expected), ==, MF_VERIFY_CONNECTION_REFUSED);
    expected_text = mf_verify_result_describe (expected);
  }
  row = mf_gui_test_get (GTK_WIDGET (page), row_in);
  MF_GUI_WAIT_UNTIL (gtk_widget_get_visible (mf_gui_test_get (GTK_WIDGET (page), "check-retry-button")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected_text);
  /* in plain words: in English, "could not be reached" (the run may be in another language) */
  if (g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "C"))
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "could not be reached"));
  g_assert_nonnull (strstr (row_subtitle (GTK_WIDGET (page), row_out), "127.0.0.1"));
  g_assert_false (mf_wizard_page_get_complete (page));
  g_assert_false (gtk_widget_is_sensitive (mf_gui_test_get (GTK_WIDGET (window), "next-button")));
  assert_password_not_shown (window);

  /* again: the same answer, and Skip is still there */
  mf_gui_test_click (window, "check-retry-button");
  g_assert_false (gtk_widget_get_visible (mf_gui_test_get (GTK_WIDGET (page), "check-retry-button")));
  MF_GUI_WAIT_UNTIL (gtk_widget_get_visible (mf_gui_test_get (GTK_WIDGET (page), "check-retry-button")));
  /* the rows are new ones */
  row = mf_gui_test_get (GTK_WIDGET (page), row_in);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected_text);
  g_assert_true (gtk_widget_get_visible (mf_gui_test_get (GTK_WIDGET (page), "skip-check-button")));
  mf_gui_test_close (window);
  mf_test_rmtree (home);
}

/* English words of the wizard's own texts; none may be left on screen in
 * Japanese. Names (Thunderbird), host names and the provider's own
 * Japanese texts contain none of them. */
static const gchar *const english[] = {
  "the", "The", "and", "will", "your", "Your", "this", "This", "with", "from", "Next", "Back", "Close",
  "Skip", "Undo", "Apply", "Check", "Fine", "Waiting", "Receiving", "Sending", "password", "account",
  "accounts", "changes", "settings", "program", "Found", "Left", "Fix", "fixed", "could", "not", NULL,
};

static void
assert_no_english (MfWizardWindow *window)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  mf_gui_test_collect_text (GTK_WIDGET (window), texts);
  g_assert_cmpuint (texts->len, >, 0);
  for (guint i = 0; i < texts->len; i++) {
    const gchar *text = g_ptr_array_index (texts, i);
    g_auto(GStrv) words = g_regex_split_simple ("[^A-Za-z]+", text, 0, 0);
    for (guint j = 0; words[j] != NULL; j++) {
      if (g_strv_contains (english, words[j]))
        g_error ("on the %s page, \"%s\" is still English", mf_gui_test_page_name (window), text);
    }
  }
}

/* LANGUAGE=ja: every page, walked to the end, speaks Japanese only, with
 * the catalogue the build made from po/ja.po */
static void
test_japanese (void)
{
  g_autofree gchar *home = NULL;
  MfWizardWindow *window;
  MfWizardPage *page;

  if (!mf_gui_test_in_japanese ())
    return;

  home = sample_home ("wizard-ja");
  window = mf_gui_test_open (home);
  page = mf_wizard_window_get_current_page (window);
  MF_GUI_WAIT_UNTIL (mf_wizard_page_get_complete (page));
  assert_no_english (window);
  mf_gui_test_next (window, "choose");
  assert_no_english (window);
  mf_gui_test_next (window, "password");
  assert_no_english (window);
  /* the provider's rules, broken: the library's message, in Japanese */
  gtk_editable_set_text (GTK_EDITABLE (mf_gui_test_get (mf_gui_test_page (window),
                                                        "password-entry-hanako@docomo.ne.jp")), "short");
  assert_no_english (window);
  gtk_editable_set_text (GTK_EDITABLE (mf_gui_test_get (mf_gui_test_page (window),
                                                        "password-entry-hanako@docomo.ne.jp")),
                         MF_GUI_TEST_PASSWORD);
  mf_gui_test_next (window, "check");
  assert_no_english (window);
  mf_gui_test_click (window, "skip-check-button");
  g_assert_cmpstr (mf_gui_test_page_name (window), ==, "review");
  gtk_expander_set_expanded (GTK_EXPANDER (mf_gui_test_get (mf_gui_test_page (window), "diff-expander")), TRUE);
  assert_no_english (window);
  mf_gui_test_next (window, "apply");
  page = mf_wizard_window_get_current_page (window);
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (page));
  assert_no_english (window);
  mf_gui_test_click (window, "undo-button");
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (page));
  assert_no_english (window);
  mf_gui_test_close (window);
  mf_test_rmtree (home);
}

int
main (int argc, char **argv)
{
  if (!mf_gui_test_init (&argc, &argv)) {
    g_test_message ("no X display: run this test through tests/gui/test-wizard.sh");
    return 77;
  }
  g_test_add_func ("/wizard/flow", test_flow);
  g_test_add_func ("/wizard/cancel-on-review", test_cancel);
  g_test_add_func ("/wizard/busy", test_busy);
  g_test_add_func ("/wizard/check-unreachable", test_check_unreachable);
  g_test_add_func ("/wizard/japanese", test_japanese);
  g_test_add_func ("/wizard/isp-branding", test_isp_branding);
  g_test_add_func ("/wizard/autoconfig", test_autoconfig);
  return g_test_run ();
}
