/* test-a11y.c: the real wizard window (started by test-a11y.sh under
 * Xvfb) used with the keyboard alone, and as a screen reader sees it: a
 * walk through a copy of the sample home with the choices test-wizard.c
 * makes, every step taken with keys. On each page Tab must reach every
 * control and come round again, Shift+Tab must go the same way back, Next
 * must be a key away, and every control, every row and every picture must
 * have a name the screen reader can say, once, or be marked as decoration. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mf-gui-test.h"
#include "mf-test-utils.h"

#define DTI "thunderbird:k3x9a2bd.default-esr:account1"

typedef struct {
  MfWizardWindow *window;
  GPtrArray *problems;     /* what is wrong, over the whole walk, in words */
} Walk;

/* ---- what a screen reader hears ---- */

/* The "label" property; the test API only compares a property with a
 * value, and on a difference returns the value it holds. */
static gchar *
label_property (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "");
}

/* adds the labels of the widgets below root that label widget: the test
 * API tells only whether a given list is the relation's, so each widget is
 * tried as the only one, which is how GTK, libadwaita and the wizard set it */
static void
add_labellers (GtkWidget *widget, GtkWidget *root, GPtrArray *labels)
{
  g_autofree gchar *differs = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY, root, NULL);

  if (differs == NULL) {
    gchar *label = label_property (root);
    if (label != NULL)
      g_ptr_array_add (labels, label);
  }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    add_labellers (widget, child, labels);
}

/* the labels of the widgets that label widget */
static GPtrArray *
labellers (GtkWidget *widget)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    add_labellers (widget, GTK_WIDGET (gtk_widget_get_root (widget)), labels);
  return labels;
}

/* The name GTK 4.8 hands the screen reader, as read over AT-SPI from the
 * running wizard: the widget's "label" property, then the "label" of each
 * widget it is labelled by, and nothing else. A widget with neither is
 * announced by its type name ("GtkExpander"), even with its label drawn
 * inside it, so a visible label child is no name. A button made with a
 * label passes because GTK sets both (the label with its underscore, and
 * the label child); an expander gets neither. NULL when there is none. */
static gchar *
spoken_name (GtkWidget *widget)
{
  g_autoptr(GString) words = g_string_new (NULL);
  g_autofree gchar *label = label_property (widget);
  g_autoptr(GPtrArray) labels = labellers (widget);
  g_autofree gchar *name = NULL;

  if (label != NULL)
    g_string_append (words, label);
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (words, " %s", (const gchar *) g_ptr_array_index (labels, i));
  name = g_strstrip (g_string_free (g_steal_pointer (&words), FALSE));
  return name[0] != '\0' ? g_steal_pointer (&name) : NULL;
}

/* The label already says what a widget that labels it says, so the
 * screen reader says it twice. GTK 4.8 does this itself to every button
 * with a label ("_Next Next"), out of the wizard's reach, so buttons are
 * let off. */
static gboolean
says_it_twice (GtkWidget *widget)
{
  g_autofree gchar *label = label_property (widget);
  g_autoptr(GPtrArray) labels = NULL;

  if (label == NULL || GTK_IS_BUTTON (widget))
    return FALSE;
  labels = labellers (widget);
  for (guint i = 0; i < labels->len; i++) {
    if (strstr (label, g_ptr_array_index (labels, i)) != NULL)
      return TRUE;
  }
  return FALSE;
}

/* role "presentation" (or "none"): the screen reader skips the widget */
static gboolean
is_decoration (GtkWidget *widget)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  return role == GTK_ACCESSIBLE_ROLE_PRESENTATION || role == GTK_ACCESSIBLE_ROLE_NONE;
}

/* ---- what the widgets are ---- */

/* controls whose insides (a password entry's text, a switch's slider, a
 * button's label) belong to them and are said with them */
static gboolean
is_leaf_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget);
}

/* and those that hold more: an expander its content, a row its tick box;
 * an expander row passes the focus on to its header, a row of its own */
static gboolean
is_control (GtkWidget *widget)
{
  return is_leaf_control (widget) || GTK_IS_EXPANDER (widget) ||
         (GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_focusable (widget) && !ADW_IS_EXPANDER_ROW (widget));
}

static gboolean
is_picture (GtkWidget *widget)
{
  return GTK_IS_IMAGE (widget) || GTK_IS_PICTURE (widget) || GTK_IS_SPINNER (widget);
}

/* the control the focus is in, if any */
static GtkWidget *
control_of (GtkWidget *focus)
{
  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget)) {
    if (is_control (widget))
      return widget;
  }
  return NULL;
}

/* for messages: the widget's type and the name the wizard gave it or the
 * nearest widget around it, and the words it shows */
static gchar *
describe (GtkWidget *widget)
{
  GtkWidget *named = widget;
  const gchar *words = NULL;

  while (named != NULL && g_str_equal (gtk_widget_get_name (named), G_OBJECT_TYPE_NAME (named)))
    named = gtk_widget_get_parent (named);
  if (GTK_IS_BUTTON (widget))
    words = gtk_button_get_label (GTK_BUTTON (widget));
  else if (GTK_IS_EXPANDER (widget))
    words = gtk_expander_get_label (GTK_EXPANDER (widget));
  else if (ADW_IS_PREFERENCES_ROW (widget))
    words = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  else if (GTK_IS_IMAGE (widget))
    words = gtk_image_get_icon_name (GTK_IMAGE (widget));
  return g_strdup_printf ("%s%s%s%s%s%s", G_OBJECT_TYPE_NAME (widget),
                          named == widget ? " " : " in ", named != NULL ? gtk_widget_get_name (named) : "the window",
                          words != NULL ? " (\"" : "", words != NULL ? words : "", words != NULL ? "\")" : "");
}

/* ---- one page ---- */

typedef struct {
  Walk *walk;
  const gchar *page;
  const gchar *state;
  GtkWidget *page_widget;
  GtkWidget *back;
  GtkWidget *next;
  GPtrArray *must_reach;   /* GtkWidget */
} Audit;

static void
add_problem (Audit *audit, GtkWidget *widget, const gchar *what)
{
  g_autofree gchar *who = describe (widget);
  g_autofree gchar *text = g_strdup_printf ("%s page (%s): %s: %s", audit->page, audit->state, who, what);

  g_ptr_array_add (audit->walk->problems, g_steal_pointer (&text));
}

/* every widget on screen: names, pictures, and the controls Tab must reach */
static void
audit_widget (Audit *audit, GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (is_control (widget) || ADW_IS_PREFERENCES_ROW (widget)) {
    g_autofree gchar *name = spoken_name (widget);
    if (name == NULL)
      add_problem (audit, widget, "no name a screen reader can say");
    else if (says_it_twice (widget))
      add_problem (audit, widget, "its name says the same words twice");
  }
  if (is_picture (widget) && !is_decoration (widget)) {
    g_autofree gchar *name = spoken_name (widget);
    const gchar *icon = GTK_IS_IMAGE (widget) ? gtk_image_get_icon_name (GTK_IMAGE (widget)) : NULL;
    /* libadwaita's own drawings (the expander row's arrow) are its business */
    if (name == NULL && !(icon != NULL && g_str_has_prefix (icon, "adw-")))
      add_problem (audit, widget, "neither a name nor marked as decoration");
  }
  if (is_control (widget) && gtk_widget_is_sensitive (widget) &&
      (widget == audit->back || widget == audit->next || gtk_widget_is_ancestor (widget, audit->page_widget)))
    g_ptr_array_add (audit->must_reach, widget);
  if (is_leaf_control (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    audit_widget (audit, child);
}

static guint
count_widgets (GtkWidget *widget)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);
  return n;
}

/* Tab (or Shift+Tab) from where the focus is until it comes round: the
 * widgets it stops on, in order. It must not run in a smaller circle that
 * leaves the rest of the window out; a circle that misses a control is
 * found by the caller. */
static GPtrArray *
tab_round (MfWizardWindow *window, GtkDirectionType direction)
{
  GtkRoot *root = GTK_ROOT (window);
  g_autoptr(GPtrArray) stops = g_ptr_array_new ();
  guint limit = count_widgets (GTK_WIDGET (window));

  for (guint i = 0; i < limit; i++) {
    GtkWidget *before = gtk_root_get_focus (root);
    GtkWidget *focus;

    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), direction));
    focus = gtk_root_get_focus (root);
    g_assert_nonnull (focus);
    /* the only stop there is, or back where it started */
    if (focus == before && stops->len == 0)
      g_ptr_array_add (stops, focus);
    if (stops->len > 0 && focus == g_ptr_array_index (stops, 0))
      return g_steal_pointer (&stops);
    if (g_ptr_array_find (stops, focus, NULL)) {
      g_autofree gchar *who = describe (focus);
      g_error ("on the %s page, Tab goes round %s and never back to where it started",
               mf_gui_test_page_name (window), who);
    }
    g_ptr_array_add (stops, focus);
  }
  g_error ("on the %s page, Tab never comes round", mf_gui_test_page_name (window));
  return NULL;
}

/* Shift+Tab stops where Tab does, in the opposite order */
static void
assert_same_way_back (MfWizardWindow *window, GPtrArray *forward, GPtrArray *backward)
{
  guint start = 0;

  g_assert_cmpuint (forward->len, ==, backward->len);
  g_assert_true (g_ptr_array_find (forward, g_ptr_array_index (backward, 0), &start));
  for (guint i = 0; i < backward->len; i++) {
    GtkWidget *back = g_ptr_array_index (backward, i);
    GtkWidget *expected = g_ptr_array_index (forward, (start + forward->len - i) % forward->len);
    if (back != expected) {
      g_autofree gchar *a = describe (back);
      g_autofree gchar *b = describe (expected);
      g_error ("on the %s page, Shift+Tab goes to %s where Tab came from %s", mf_gui_test_page_name (window), a, b);
    }
  }
}

static gboolean
reached (GPtrArray *stops, GtkWidget *control)
{
  for (guint i = 0; i < stops->len; i++) {
    GtkWidget *stop = g_ptr_array_index (stops, i);
    if (stop == control || (is_leaf_control (control) && gtk_widget_is_ancestor (stop, control)))
      return TRUE;
  }
  return FALSE;
}

/* the page on screen, as the keyboard and the screen reader meet it */
static void
audit_page (Walk *walk, const gchar *state)
{
  MfWizardWindow *window = walk->window;
  g_autoptr(GPtrArray) must_reach = g_ptr_array_new ();
  g_autoptr(GPtrArray) forward = NULL;
  g_autoptr(GPtrArray) backward = NULL;
  Audit audit = {
    .walk = walk,
    .page = mf_gui_test_page_name (window),
    .state = state,
    .page_widget = mf_gui_test_page (window),
    .back = mf_gui_test_get (GTK_WIDGET (window), "back-button"),
    .next = mf_gui_test_get (GTK_WIDGET (window), "next-button"),
    .must_reach = must_reach,
  };

  audit_widget (&audit, GTK_WIDGET (window));
  forward = tab_round (window, GTK_DIR_TAB_FORWARD);
  backward = tab_round (window, GTK_DIR_TAB_BACKWARD);
  assert_same_way_back (window, forward, backward);
  for (guint i = 0; i < forward->len; i++) {
    GtkWidget *stop = g_ptr_array_index (forward, i);
    if (g_test_verbose ()) {
      g_autofree gchar *who = describe (stop);
      g_test_message ("%s page (%s): Tab stop %u: %s", audit.page, state, i + 1, who);
    }
    /* a scroller takes the focus when nothing in it can, so that the
     * keys scroll it; the page around it has the name */
    if (control_of (stop) == NULL && !GTK_IS_SCROLLED_WINDOW (stop))
      add_problem (&audit, stop, "Tab stops on it, but it is no control");
  }
  for (guint i = 0; i < must_reach->len; i++) {
    GtkWidget *control = g_ptr_array_index (must_reach, i);
    if (!reached (forward, control))
      add_problem (&audit, control, "Tab never reaches it");
  }
  /* Enter in a field presses Next */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) == audit.next);
}

/* ---- the keyboard ---- */

static gboolean
focus_in (MfWizardWindow *window, GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Tab until the focus is on the widget, as a user does to get there */
static void
tab_to (MfWizardWindow *window, GtkWidget *widget)
{
  guint limit = count_widgets (GTK_WIDGET (window));

  for (guint i = 0; i < limit && !focus_in (window, widget); i++)
    gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
  g_assert_true (focus_in (window, widget));
}

/* the shortcut of one of widget's own controllers for the keys, or NULL */
static GtkShortcut *
find_shortcut (GtkWidget *widget, GtkShortcutTrigger *keys)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++) {
    g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
    if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
      continue;
    for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++) {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
      if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), keys))
        return g_steal_pointer (&shortcut);
    }
  }
  return NULL;
}

/* The keys ("Return", "<Alt>Right") pressed where the focus is. GTK 4 has
 * no public way to make a key event, so this does what the shortcut
 * controllers do with one: from the focus up to the window, the first
 * widget whose shortcut for the keys runs handles them. FALSE when none
 * did: no shortcut, or its action is disabled. */
static gboolean
press_keys (MfWizardWindow *window, const gchar *keys)
{
  g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (keys);

  g_assert_nonnull (trigger);
  for (GtkWidget *widget = gtk_root_get_focus (GTK_ROOT (window)); widget != NULL;
       widget = gtk_widget_get_parent (widget)) {
    g_autoptr(GtkShortcut) shortcut = find_shortcut (widget, trigger);
    if (shortcut != NULL && gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                          GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                          gtk_shortcut_get_arguments (shortcut)))
      return TRUE;
  }
  return FALSE;
}

/* the window's keys run its action */
static void
assert_shortcut (MfWizardWindow *window, const gchar *keys, const gchar *action_name)
{
  g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (keys);
  g_autoptr(GtkShortcut) shortcut = find_shortcut (GTK_WIDGET (window), trigger);
  GtkShortcutAction *action;

  if (shortcut == NULL)
    g_error ("the window has no shortcut %s", keys);
  action = gtk_shortcut_get_action (shortcut);
  g_assert_true (GTK_IS_NAMED_ACTION (action));
  g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==, action_name);
}

/* the button's activate signal is what Enter on it emits, and what the
 * window emits on its default widget; the click follows a moment later */
static void
count_press (guint *presses)
{
  (*presses)++;
}

static void
wait_for_page (MfWizardWindow *window, const gchar *name)
{
  MF_GUI_WAIT_UNTIL (g_strcmp0 (mf_gui_test_page_name (window), name) == 0);
}

static void
wait_until_idle (MfWizardWindow *window)
{
  MfWizardPage *page = mf_wizard_window_get_current_page (window);

  MF_GUI_WAIT_UNTIL (mf_wizard_page_get_complete (page) && !mf_wizard_page_get_busy (page));
}

/* ---- the walk ---- */

/* fails with every problem found, in one message: a run in a subprocess
 * shows only its standard error */
static void
report (Walk *walk)
{
  if (walk->problems->len > 0) {
    g_autofree gchar *all = NULL;
    g_ptr_array_add (walk->problems, NULL);
    all = g_strjoinv ("\n", (gchar **) walk->problems->pdata);
    g_error ("%u places a keyboard or screen reader user cannot use:\n%s", walk->problems->len - 1, all);
  }
}

static void
walk_wizard (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("a11y");
  g_autofree gchar *dti_row = g_strdup_printf ("check-%s-0", DTI);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  Walk walk = { .problems = problems };
  GtkWidget *page, *row, *expander, *next, *gone;
  guint presses = 0;
  g_autofree gchar *waiting = NULL;

  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  walk.window = mf_gui_test_open (home);
  /* the browser's keys for forward and back */
  assert_shortcut (walk.window, "<Alt>Right", "wizard.next");
  assert_shortcut (walk.window, "<Alt>Left", "wizard.back");

  /* scan: Tab to Next and press it */
  wait_until_idle (walk.window);
  audit_page (&walk, "accounts found");
  tab_to (walk.window, mf_gui_test_get (GTK_WIDGET (walk.window), "next-button"));
  g_assert_true (press_keys (walk.window, "Return"));
  wait_for_page (walk.window, "choose");

  /* choose: Alt+Left goes back, Alt+Right on */
  audit_page (&walk, "recommended ticked");
  g_assert_true (press_keys (walk.window, "<Alt>Left"));
  wait_for_page (walk.window, "scan");
  wait_until_idle (walk.window);
  g_assert_true (press_keys (walk.window, "<Alt>Right"));
  wait_for_page (walk.window, "choose");
  wait_until_idle (walk.window);
  g_assert_true (press_keys (walk.window, "<Alt>Right"));
  wait_for_page (walk.window, "password");

  /* password: type it, and Enter in the field */
  audit_page (&walk, "empty");
  page = mf_gui_test_page (walk.window);
  gtk_editable_set_text (GTK_EDITABLE (mf_gui_test_get (page, "password-entry-hanako@docomo.ne.jp")), "short");
  audit_page (&walk, "password against the rules");
  gtk_editable_set_text (GTK_EDITABLE (mf_gui_test_get (page, "password-entry-hanako@docomo.ne.jp")),
                         MF_GUI_TEST_PASSWORD);
  wait_until_idle (walk.window);
  tab_to (walk.window, mf_gui_test_get (page, "password-entry-hanako@docomo.ne.jp"));
  g_assert_true (press_keys (walk.window, "Return"));
  wait_for_page (walk.window, "check");

  /* check: nothing to go on with while it runs; then Tab to Skip */
  page = mf_gui_test_page (walk.window);
  audit_page (&walk, "checking");
  g_assert_false (press_keys (walk.window, "<Alt>Right"));
  g_assert_cmpstr (mf_gui_test_page_name (walk.window), ==, "check");
  /* DTI's program keeps no password: its rows get their result at once,
   * without the network */
  row = mf_gui_test_get (page, dti_row);
  waiting = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  MF_GUI_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), waiting) != 0);
  audit_page (&walk, "first results");
  tab_to (walk.window, mf_gui_test_get (page, "skip-check-button"));
  g_assert_true (press_keys (walk.window, "Return"));
  wait_for_page (walk.window, "review");
  /* the stopped threads still run to their end, holding the profile */
  MF_GUI_WAIT_UNTIL (mf_page_check_get_pending (page) == 0);

  /* review: the keyboard starts on the expander, so that a stray Enter
   * writes nothing; Enter there opens the exact changes and does not press
   * Apply Changes. Alt+Right applies. */
  page = mf_gui_test_page (walk.window);
  audit_page (&walk, "exact changes hidden");
  expander = mf_gui_test_get (page, "diff-expander");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (walk.window)) == expander);
  next = mf_gui_test_get (GTK_WIDGET (walk.window), "next-button");
  g_signal_connect_swapped (next, "activate", G_CALLBACK (count_press), &presses);
  g_assert_true (press_keys (walk.window, "Return"));
  g_signal_handlers_disconnect_by_func (next, count_press, &presses);
  g_assert_cmpuint (presses, ==, 0);
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  audit_page (&walk, "exact changes shown");
  wait_until_idle (walk.window);
  g_assert_true (press_keys (walk.window, "<Alt>Right"));
  wait_for_page (walk.window, "apply");

  /* apply: the summary, then Undo, then Close, all from the keyboard */
  page = mf_gui_test_page (walk.window);
  wait_until_idle (walk.window);
  audit_page (&walk, "changes made");
  tab_to (walk.window, mf_gui_test_get (page, "undo-button"));
  g_assert_true (press_keys (walk.window, "Return"));
  /* the page while the files are written: the spinner's turn */
  MF_GUI_WAIT_UNTIL (mf_wizard_page_get_busy (MF_WIZARD_PAGE (page)));
  audit_page (&walk, "undoing");
  MF_GUI_WAIT_UNTIL (gtk_widget_get_mapped (mf_gui_test_get (page, "apply-undone")));
  wait_until_idle (walk.window);
  audit_page (&walk, "changes undone");
  gone = GTK_WIDGET (walk.window);
  g_object_add_weak_pointer (G_OBJECT (gone), (gpointer *) &gone);
  tab_to (walk.window, mf_gui_test_get (GTK_WIDGET (walk.window), "next-button"));
  g_assert_true (press_keys (walk.window, "Return"));
  MF_GUI_WAIT_UNTIL (gone == NULL);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);

  report (&walk);
  mf_test_rmtree (home);
}

static void
test_walk (void)
{
  walk_wizard ();
}

/* the same in Japanese, with the catalogue the build made from po/ja.po:
 * the names come from other strings, and a missing translation must not
 * leave one empty */
static void
test_walk_japanese (void)
{
  if (mf_gui_test_in_japanese ())
    walk_wizard ();
}

int
main (int argc, char **argv)
{
  /* the accessible properties live in the widgets' AT contexts, which GTK
   * makes none of under GTK_A11Y=none (set by xvfb-session.sh); the test
   * context keeps them without an accessibility bus */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!mf_gui_test_init (&argc, &argv)) {
    g_test_message ("no X display: run this test through tests/gui/test-a11y.sh");
    return 77;
  }
  g_test_add_func ("/a11y/walk", test_walk);
  g_test_add_func ("/a11y/walk-japanese", test_walk_japanese);
  return g_test_run ();
}
