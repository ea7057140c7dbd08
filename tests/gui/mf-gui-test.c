/* mf-gui-test.c: driving the real wizard window */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mf-gui-test.h"

gboolean
mf_gui_test_init (int *argc, char ***argv)
{
  const gchar *localedir = g_getenv ("MAILFIX_LOCALEDIR");

  /* as mailfix-wizard's main() does, so a run speaks its LANGUAGE */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* also for the fixture helpers, which find the sample home through
   * GLib's test paths */
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    return FALSE;
  adw_init ();
  /* a page that is still sliding in would be caught half-drawn */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return TRUE;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_REMOVE;
}

void
mf_gui_test_iterate (void)
{
  guint id = g_timeout_add (50, wake, NULL);

  g_main_context_iteration (NULL, TRUE);
  /* the timeout may have been what woke us, and then it is gone already */
  if (g_main_context_find_source_by_id (NULL, id) != NULL)
    g_source_remove (id);
}

GtkWidget *
mf_gui_test_find (GtkWidget *root, const gchar *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = mf_gui_test_find (child, name);
    if (found != NULL)
      return found;
  }
  return NULL;
}

GtkWidget *
mf_gui_test_get (GtkWidget *root, const gchar *name)
{
  GtkWidget *found = mf_gui_test_find (root, name);

  if (found == NULL)
    g_error ("no widget named %s", name);
  return found;
}

MfWizardWindow *
mf_gui_test_open (const gchar *home)
{
  const gchar *homes[] = { home, NULL };
  MfWizardWindow *window = mf_wizard_window_new (NULL, homes, NULL);

  gtk_window_present (GTK_WINDOW (window));
  MF_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

void
mf_gui_test_close (MfWizardWindow *window)
{
  GtkWidget *gone = GTK_WIDGET (window);

  g_object_add_weak_pointer (G_OBJECT (gone), (gpointer *) &gone);
  gtk_window_close (GTK_WINDOW (window));
  MF_GUI_WAIT_UNTIL (gone == NULL);
  /* let the threads of stopped jobs report back and the last idles run */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

GtkWidget *
mf_gui_test_page (MfWizardWindow *window)
{
  return GTK_WIDGET (mf_wizard_window_get_current_page (window));
}

const gchar *
mf_gui_test_page_name (MfWizardWindow *window)
{
  return gtk_widget_get_name (mf_gui_test_page (window));
}

void
mf_gui_test_click (MfWizardWindow *window, const gchar *name)
{
  GtkWidget *button = mf_gui_test_get (GTK_WIDGET (window), name);

  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  /* what a mouse click ends in; the keyboard's activation would wait for
   * the button's pressed look to time out first */
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
}

void
mf_gui_test_next (MfWizardWindow *window, const gchar *expect)
{
  MfWizardPage *page = mf_wizard_window_get_current_page (window);

  MF_GUI_WAIT_UNTIL (mf_wizard_page_get_complete (page) && !mf_wizard_page_get_busy (page));
  mf_gui_test_click (window, "next-button");
  g_assert_cmpstr (mf_gui_test_page_name (window), ==, expect);
}

void
mf_gui_test_walk_to (MfWizardWindow *window, const gchar *target)
{
  static const gchar *const order[] = { "scan", "choose", "password", "check", "review", "apply" };
  GtkWidget *entry;
  gsize from = 0;

  while (from < G_N_ELEMENTS (order) && g_strcmp0 (order[from], mf_gui_test_page_name (window)) != 0)
    from++;
  g_assert_cmpuint (from, <, G_N_ELEMENTS (order));
  for (gsize i = from + 1; i < G_N_ELEMENTS (order) && g_strcmp0 (mf_gui_test_page_name (window), target) != 0; i++) {
    if (g_str_equal (order[i], "check")) {
      entry = mf_gui_test_get (mf_gui_test_page (window), "password-entry-hanako@docomo.ne.jp");
      gtk_editable_set_text (GTK_EDITABLE (entry), MF_GUI_TEST_PASSWORD);
    }
    if (g_str_equal (order[i], "review") && g_str_equal (mf_gui_test_page_name (window), "check")) {
      GtkWidget *check = mf_gui_test_page (window);
      mf_gui_test_click (window, "skip-check-button");
      g_assert_cmpstr (mf_gui_test_page_name (window), ==, "review");
      /* the stopped threads still run to their end; the one reading the
       * stored passwords holds the profile's lock until then */
      MF_GUI_WAIT_UNTIL (mf_page_check_get_pending (check) == 0);
      continue;
    }
    mf_gui_test_next (window, order[i]);
  }
  g_assert_cmpstr (mf_gui_test_page_name (window), ==, target);
}

void
mf_gui_test_save_png (MfWizardWindow *window, const gchar *path)
{
  GtkWidget *widget = GTK_WIDGET (window);
  gint width = gtk_widget_get_width (widget);
  gint height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

void
mf_gui_test_collect_text (GtkWidget *root, GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root)) {
    const gchar *text = gtk_label_get_text (GTK_LABEL (root));
    if (text != NULL && text[0] != '\0')
      g_ptr_array_add (texts, g_strdup (text));
  }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    mf_gui_test_collect_text (child, texts);
}

gboolean
mf_gui_test_in_japanese (void)
{
  g_autofree gchar *saved = NULL;

  if (g_test_subprocess ())
    return TRUE;
  saved = g_strdup (setlocale (LC_ALL, NULL));
  if (setlocale (LC_ALL, "ja_JP.UTF-8") == NULL) {
    g_test_skip ("the ja_JP.UTF-8 locale is missing (scripts/install-deps.sh --tests makes it)");
    return FALSE;
  }
  setlocale (LC_ALL, saved);
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_setenv ("LC_ALL", "ja_JP.UTF-8", TRUE);
  g_test_trap_subprocess (NULL, 300 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_ALL");
  g_test_trap_assert_passed ();
  return FALSE;
}
