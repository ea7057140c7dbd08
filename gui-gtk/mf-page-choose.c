/* mf-page-choose.c: the accounts to fix. Only accounts mailfix can fix are
 * offered; the library says which ones to tick from the start. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mf-page-choose.h"

struct _MfPageChoose {
  MfWizardPage parent_instance;

  AdwPreferencesGroup *group;
  GtkWidget *unconfirmed_label;

  MfWizardState *state;
  MfSession *built_for;     /* the session the rows show; a new scan rebuilds them */
  GPtrArray *rows;
  GPtrArray *checks;        /* GtkCheckButton, each with its "account" */
};

G_DEFINE_TYPE (MfPageChoose, mf_page_choose, MF_TYPE_WIZARD_PAGE)

/* the choice is the state's as soon as it is made, so that the steps still
 * to come are counted for it */
static void
update_chosen (MfPageChoose *self)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  for (guint i = 0; i < self->checks->len; i++) {
    GtkCheckButton *check = g_ptr_array_index (self->checks, i);
    if (gtk_check_button_get_active (check))
      g_ptr_array_add (chosen, g_object_get_data (G_OBJECT (check), "account"));
  }
  if (self->state != NULL)
    mf_wizard_state_set_chosen (self->state, chosen);
  mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), chosen->len > 0);
}

static void
add_row (MfPageChoose *self, MfSession *session, MfAccount *account, MfAccountState state, const gchar *why)
{
  g_autofree gchar *subtitle = NULL;
  g_autofree gchar *row_name = g_strdup_printf ("choose-%s", mf_account_get_id (account));
  g_autofree gchar *check_name = g_strdup_printf ("choose-check-%s", mf_account_get_id (account));
  g_autofree gchar *accessible = NULL;
  GtkWidget *row, *check;

  if (state == MF_ACCOUNT_STATE_UNCONFIRMED_FIX)
    /* TRANSLATORS: the mail program's name, then that the fix is not confirmed, then why */
    subtitle = g_strdup_printf (_("%s · not confirmed · %s"), mf_account_get_client_name (account), why);
  else
    /* TRANSLATORS: the mail program's name, then why the account needs a fix */
    subtitle = g_strdup_printf (_("%s · %s"), mf_account_get_client_name (account), why);
  row = mf_wizard_row_new (mf_wizard_account_title (account), subtitle);
  gtk_widget_set_name (row, row_name);
  check = gtk_check_button_new ();
  gtk_widget_set_name (check, check_name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), mf_session_is_recommended (session, account));
  g_object_set_data_full (G_OBJECT (check), "account", g_object_ref (account), g_object_unref);
  /* TRANSLATORS: what a screen reader says for the tick box of an account */
  accessible = g_strdup_printf (_("Fix %s in %s"), mf_wizard_account_title (account),
                                mf_account_get_client_name (account));
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_chosen), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  /* after the row has made its title the box's label, which this replaces */
  mf_wizard_set_accessible_label (check, accessible);
  adw_preferences_group_add (self->group, row);
  g_ptr_array_add (self->rows, row);
  g_ptr_array_add (self->checks, check);
}

static void
build (MfPageChoose *self, MfWizardState *state)
{
  MfSession *session = mf_wizard_state_get_session (state);
  GPtrArray *accounts = mf_session_get_accounts (session);
  gboolean any_unconfirmed = FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->checks, 0);
  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    g_autofree gchar *why = NULL;
    MfAccountState account_state = mf_session_get_account_state (session, account, &why);

    if (account_state != MF_ACCOUNT_STATE_NEEDS_FIX && account_state != MF_ACCOUNT_STATE_UNCONFIRMED_FIX)
      continue;
    any_unconfirmed = any_unconfirmed || account_state == MF_ACCOUNT_STATE_UNCONFIRMED_FIX;
    add_row (self, session, account, account_state, why);
  }
  gtk_widget_set_visible (self->unconfirmed_label, any_unconfirmed);
  self->built_for = session;
}

static void
mf_page_choose_enter (MfWizardPage *page, MfWizardState *state, gboolean forward)
{
  MfPageChoose *self = MF_PAGE_CHOOSE (page);

  g_set_object (&self->state, state);
  if (mf_wizard_state_get_session (state) != self->built_for)
    build (self, state);
  update_chosen (self);
  if (self->checks->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->checks, 0));
}

static void
mf_page_choose_dispose (GObject *object)
{
  MfPageChoose *self = MF_PAGE_CHOOSE (object);

  g_clear_object (&self->state);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MF_TYPE_PAGE_CHOOSE);
  G_OBJECT_CLASS (mf_page_choose_parent_class)->dispose (object);
}

static void
mf_page_choose_class_init (MfPageChooseClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mf_page_choose_dispose;
  MF_WIZARD_PAGE_CLASS (klass)->enter = mf_page_choose_enter;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/mailfix/Wizard/mf-page-choose.ui");
  gtk_widget_class_bind_template_child (widget_class, MfPageChoose, group);
  gtk_widget_class_bind_template_child (widget_class, MfPageChoose, unconfirmed_label);
}

static void
mf_page_choose_init (MfPageChoose *self)
{
  self->rows = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
