/* wizard-screenshots.c: "make screenshots": walks the wizard through every
 * page on a copy of the sample home and saves each as a PNG, rendered in
 * this process. Usage: wizard-screenshots OUTDIR PREFIX (PREFIX: ja, en);
 * run by screenshots.sh under Xvfb, in the language of the locale. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "mailfix.h"
#include "mf-gui-test.h"
#include "mf-test-utils.h"

static void
shoot (MfWizardWindow *window, const gchar *dir, const gchar *prefix, guint n)
{
  g_autofree gchar *name = g_strdup_printf ("%s-%u-%s.png", prefix, n, mf_gui_test_page_name (window));
  g_autofree gchar *path = g_build_filename (dir, name, NULL);

  /* let every row lay itself out and draw once */
  for (guint i = 0; i < 20; i++)
    mf_gui_test_iterate ();
  mf_gui_test_save_png (window, path);
  g_print ("%s\n", path);
}

int
main (int argc, char **argv)
{
  g_autofree gchar *home = NULL;
  MfWizardWindow *window;
  MfWizardPage *page;
  GtkWidget *entry;

  if (!mf_gui_test_init (&argc, &argv)) {
    g_printerr ("%s: no X display\n", argv[0]);
    return 1;
  }
  if (argc != 3) {
    g_printerr ("usage: %s OUTDIR PREFIX\n", argv[0]);
    return 2;
  }
  g_mkdir_with_parents (argv[1], 0755);
  home = mf_test_make_tempdir ("screenshots");
  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);

  window = mf_gui_test_open (home);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 720);
  page = mf_wizard_window_get_current_page (window);
  MF_GUI_WAIT_UNTIL (mf_wizard_page_get_complete (page));
  shoot (window, argv[1], argv[2], 1);

  mf_gui_test_next (window, "choose");
  shoot (window, argv[1], argv[2], 2);

  mf_gui_test_next (window, "password");
  entry = mf_gui_test_get (mf_gui_test_page (window), "password-entry-hanako@docomo.ne.jp");
  gtk_editable_set_text (GTK_EDITABLE (entry), MF_GUI_TEST_PASSWORD);
  shoot (window, argv[1], argv[2], 3);

  /* the check as this machine sees it: offline, it says why in plain words */
  mf_page_check_set_timeout (mf_gui_test_get (GTK_WIDGET (window), "check"), 3000);
  mf_gui_test_next (window, "check");
  MF_GUI_WAIT_UNTIL (mf_wizard_page_get_complete (mf_wizard_window_get_current_page (window)) ||
                     gtk_widget_get_visible (mf_gui_test_get (mf_gui_test_page (window), "check-retry-button")));
  shoot (window, argv[1], argv[2], 4);

  if (mf_wizard_page_get_complete (mf_wizard_window_get_current_page (window)))
    mf_gui_test_next (window, "review");
  else
    mf_gui_test_click (window, "skip-check-button");
  gtk_expander_set_expanded (GTK_EXPANDER (mf_gui_test_get (mf_gui_test_page (window), "diff-expander")), TRUE);
  shoot (window, argv[1], argv[2], 5);

  mf_gui_test_next (window, "apply");
  page = mf_wizard_window_get_current_page (window);
  MF_GUI_WAIT_UNTIL (!mf_wizard_page_get_busy (page));
  shoot (window, argv[1], argv[2], 6);

  mf_gui_test_close (window);
  mf_test_rmtree (home);
  return 0;
}
