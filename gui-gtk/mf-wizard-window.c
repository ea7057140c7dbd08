/* mf-wizard-window.c: the wizard's window: walks the pages in order,
 * skipping those with nothing to ask, and keeps Back and Next in step
 * with the page shown */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mf-page-apply.h"
#include "mf-page-check.h"
#include "mf-page-choose.h"
#include "mf-page-password.h"
#include "mf-page-review.h"
#include "mf-page-scan.h"
#include "mf-wizard-private.h"
#include "mf-wizard-resources.h"

struct _MfWizardWindow {
  AdwApplicationWindow parent_instance;

  GtkStack *stack;
  GtkWidget *back_button;
  GtkWidget *next_button;
  AdwWindowTitle *window_title;
  AdwToastOverlay *toasts;

  GStrv homes;
  MfAutoconfig *autoconfig;
  MfWizardState *state;
  MfWizardPage *current;
};

G_DEFINE_TYPE (MfWizardWindow, mf_wizard_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_HOMES,
  PROP_AUTOCONFIG,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* the pages in the stack, in the order the user meets them */
static GPtrArray *
pages (MfWizardWindow *self)
{
  GPtrArray *out = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    if (MF_IS_WIZARD_PAGE (child))
      g_ptr_array_add (out, child);
  }
  return out;
}

/* the pages up to and including the one at index that the user sees; until
 * accounts are chosen it is not known which will be skipped, so all count */
static guint
step_number (MfWizardWindow *self, GPtrArray *all, guint index)
{
  gboolean chosen = mf_wizard_state_get_chosen (self->state)->len > 0;
  guint shown = 0;

  for (guint i = 0; i <= index; i++) {
    if (i == index || !chosen || !mf_wizard_page_should_skip (g_ptr_array_index (all, i), self->state))
      shown++;
  }
  return shown;
}

static void
update_buttons (MfWizardWindow *self)
{
  g_autoptr(GPtrArray) all = pages (self);
  guint index = 0;
  gboolean first;
  const gchar *next_label;
  g_autofree gchar *step = NULL;

  if (self->current == NULL)
    return;
  g_ptr_array_find (all, self->current, &index);
  first = TRUE;
  for (guint i = 0; i < index; i++) {
    if (!mf_wizard_page_should_skip (g_ptr_array_index (all, i), self->state))
      first = FALSE;
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 !first && mf_wizard_page_get_back_allowed (self->current) &&
                                 !mf_wizard_page_get_busy (self->current));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 mf_wizard_page_get_complete (self->current) &&
                                 !mf_wizard_page_get_busy (self->current));
  next_label = mf_wizard_page_get_next_label (self->current);
  gtk_button_set_label (GTK_BUTTON (self->next_button), next_label != NULL ? next_label : _("_Next"));
  adw_window_title_set_title (self->window_title, mf_wizard_page_get_title (self->current));
  /* TRANSLATORS: under the page's title: which step of the wizard this is */
  step = g_strdup_printf (_("Step %u of %u"), step_number (self, all, index), step_number (self, all, all->len - 1));
  adw_window_title_set_subtitle (self->window_title, step);
}

static void
page_changed (MfWizardWindow *self)
{
  update_buttons (self);
}

static void
disconnect_page (MfWizardWindow *self)
{
  if (self->current == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->current, self);
  self->current = NULL;
}

static void
show_page (MfWizardWindow *self, MfWizardPage *page, gboolean forward)
{
  static const gchar *const watched[] = {
    "notify::complete", "notify::busy", "notify::back-allowed", "notify::next-label", "notify::title",
  };
  GtkWidget *focus;

  disconnect_page (self);
  self->current = page;
  for (gsize i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_swapped (page, watched[i], G_CALLBACK (page_changed), self);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  mf_wizard_page_enter (page, self->state, forward);
  update_buttons (self);
  /* the keyboard starts where the page put it (the first tick box, the
   * password field), else on Next, else on the page's first control */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (page)))
    return;
  if (gtk_widget_is_sensitive (self->next_button))
    gtk_widget_grab_focus (self->next_button);
  else
    gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
}

static void
go_next (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  MfWizardWindow *self = MF_WIZARD_WINDOW (widget);
  g_autoptr(GPtrArray) all = pages (self);
  guint index = 0;

  if (self->current == NULL || !g_ptr_array_find (all, self->current, &index))
    return;
  if (index + 1 >= all->len) {
    /* Next on the last page is "Close" */
    gtk_window_close (GTK_WINDOW (self));
    return;
  }
  mf_wizard_page_leave (self->current, self->state, TRUE);
  for (guint i = index + 1; i < all->len; i++) {
    MfWizardPage *page = g_ptr_array_index (all, i);
    if (i + 1 == all->len || !mf_wizard_page_should_skip (page, self->state)) {
      show_page (self, page, TRUE);
      return;
    }
  }
}

static void
go_back (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  MfWizardWindow *self = MF_WIZARD_WINDOW (widget);
  g_autoptr(GPtrArray) all = pages (self);
  guint index = 0;

  if (self->current == NULL || !g_ptr_array_find (all, self->current, &index) || index == 0)
    return;
  mf_wizard_page_leave (self->current, self->state, FALSE);
  for (guint i = index; i-- > 0;) {
    MfWizardPage *page = g_ptr_array_index (all, i);
    if (i == 0 || !mf_wizard_page_should_skip (page, self->state)) {
      show_page (self, page, FALSE);
      return;
    }
  }
}

static gboolean
mf_wizard_window_close_request (GtkWindow *window)
{
  MfWizardWindow *self = MF_WIZARD_WINDOW (window);

  /* files are being written: stopping now would only make the
   * transaction put everything back, or leave a half-done job */
  if (self->current != NULL && mf_wizard_page_get_busy (self->current)) {
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Please wait until the changes are written.")));
    return TRUE;
  }
  if (self->current != NULL)
    mf_wizard_page_leave (self->current, self->state, FALSE);
  g_cancellable_cancel (mf_wizard_state_get_cancellable (self->state));
  disconnect_page (self);
  if (GTK_WINDOW_CLASS (mf_wizard_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (mf_wizard_window_parent_class)->close_request (window);
  return FALSE;
}

static void
mf_wizard_window_constructed (GObject *object)
{
  MfWizardWindow *self = MF_WIZARD_WINDOW (object);
  g_autoptr(GPtrArray) all = NULL;

  G_OBJECT_CLASS (mf_wizard_window_parent_class)->constructed (object);
  self->state = mf_wizard_state_new ((const gchar * const *) self->homes, self->autoconfig);
  g_signal_connect_swapped (self->state, "chosen-changed", G_CALLBACK (update_buttons), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->next_button);
  all = pages (self);
  show_page (self, g_ptr_array_index (all, 0), TRUE);
}

static void
mf_wizard_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MfWizardWindow *self = MF_WIZARD_WINDOW (object);

  switch (prop_id) {
  case PROP_HOMES:
    g_strfreev (self->homes);
    self->homes = g_value_dup_boxed (value);
    break;
  case PROP_AUTOCONFIG:
    g_set_object (&self->autoconfig, g_value_get_object (value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
mf_wizard_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MfWizardWindow *self = MF_WIZARD_WINDOW (object);

  switch (prop_id) {
  case PROP_HOMES:
    g_value_set_boxed (value, self->homes);
    break;
  case PROP_AUTOCONFIG:
    g_value_set_object (value, self->autoconfig);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
mf_wizard_window_dispose (GObject *object)
{
  MfWizardWindow *self = MF_WIZARD_WINDOW (object);

  disconnect_page (self);
  if (self->state != NULL) {
    g_signal_handlers_disconnect_by_data (self->state, self);
    g_cancellable_cancel (mf_wizard_state_get_cancellable (self->state));
  }
  gtk_widget_dispose_template (GTK_WIDGET (self), MF_TYPE_WIZARD_WINDOW);
  G_OBJECT_CLASS (mf_wizard_window_parent_class)->dispose (object);
}

static void
mf_wizard_window_finalize (GObject *object)
{
  MfWizardWindow *self = MF_WIZARD_WINDOW (object);

  g_clear_object (&self->state);
  g_clear_object (&self->autoconfig);
  g_strfreev (self->homes);
  G_OBJECT_CLASS (mf_wizard_window_parent_class)->finalize (object);
}

static void
mf_wizard_window_class_init (MfWizardWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mf_wizard_window_constructed;
  object_class->set_property = mf_wizard_window_set_property;
  object_class->get_property = mf_wizard_window_get_property;
  object_class->dispose = mf_wizard_window_dispose;
  object_class->finalize = mf_wizard_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = mf_wizard_window_close_request;

  props[PROP_HOMES] = g_param_spec_boxed ("homes", NULL, NULL, G_TYPE_STRV,
                                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_AUTOCONFIG] = g_param_spec_object ("autoconfig", NULL, NULL, MF_TYPE_AUTOCONFIG,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  mf_wizard_register_resource ();
  g_type_ensure (MF_TYPE_PAGE_SCAN);
  g_type_ensure (MF_TYPE_PAGE_CHOOSE);
  g_type_ensure (MF_TYPE_PAGE_PASSWORD);
  g_type_ensure (MF_TYPE_PAGE_CHECK);
  g_type_ensure (MF_TYPE_PAGE_REVIEW);
  g_type_ensure (MF_TYPE_PAGE_APPLY);
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/mailfix/Wizard/mf-wizard-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MfWizardWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MfWizardWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, MfWizardWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, MfWizardWindow, window_title);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, go_next);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, go_back);
  /* the browser's keys for forward and back */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}

static void
mf_wizard_window_init (MfWizardWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the window's content: not a template child, for the window removes it
   * itself */
  self->toasts = ADW_TOAST_OVERLAY (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)));
}

MfWizardWindow *
mf_wizard_window_new (GtkApplication *app, const gchar * const *homes, MfAutoconfig *autoconfig)
{
  return g_object_new (MF_TYPE_WIZARD_WINDOW, "application", app, "homes", homes, "autoconfig", autoconfig, NULL);
}

MfWizardState *
mf_wizard_window_get_state (MfWizardWindow *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_WINDOW (self), NULL);
  return self->state;
}

MfWizardPage *
mf_wizard_window_get_current_page (MfWizardWindow *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_WINDOW (self), NULL);
  return self->current;
}

void
mf_wizard_window_show_page (MfWizardWindow *self, const gchar *name)
{
  GtkWidget *page;

  g_return_if_fail (MF_IS_WIZARD_WINDOW (self));
  page = gtk_stack_get_child_by_name (self->stack, name);
  g_return_if_fail (MF_IS_WIZARD_PAGE (page));
  if (self->current != NULL)
    mf_wizard_page_leave (self->current, self->state, TRUE);
  show_page (self, MF_WIZARD_PAGE (page), TRUE);
}
