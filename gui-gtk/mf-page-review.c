/* mf-page-review.c: the plan, said in plain words for each mail program,
 * with the exact changes to the files for those who want to see them.
 * Planning writes nothing and works on what the scan read, so it runs
 * here, on the spot. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mf-page-review.h"

struct _MfPageReview {
  MfWizardPage parent_instance;

  GtkWidget *intro_label;
  GtkLabel *warning_label;
  GtkBox *groups_box;
  GtkWidget *diff_expander;

  /* the expander's child, held here while it is collapsed */
  GtkWidget *diff_scroller;
  GtkTextView *diff_view;
};

G_DEFINE_TYPE (MfPageReview, mf_page_review, MF_TYPE_WIZARD_PAGE)

static GtkWidget *
sentence_row (const gchar *text, const gchar *icon)
{
  GtkWidget *row = mf_wizard_row_new (text, NULL);
  GtkWidget *image = mf_wizard_icon_new (icon);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  return row;
}

/* one account's change: what it does, then the notes that come with it */
static GtkWidget *
remedy_row (MfRemedy *remedy)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  g_autoptr(GPtrArray) sentences = mf_remedy_describe (remedy);
  GPtrArray *notes = mf_remedy_get_notes (remedy);
  g_autofree gchar *name = g_strdup_printf ("review-%s", mf_account_get_id (account));
  g_autofree gchar *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change", "%u changes",
                                                          sentences->len), sentences->len);
  g_autofree gchar *accessible = g_strdup_printf ("%s, %s", mf_wizard_account_title (account), count);
  GtkWidget *row = adw_expander_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mf_wizard_account_title (account));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), count);
  mf_wizard_set_accessible_label (row, accessible);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  for (guint i = 0; i < sentences->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              sentence_row (g_ptr_array_index (sentences, i), "emblem-system-symbolic"));
  for (guint i = 0; i < notes->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              sentence_row (g_ptr_array_index (notes, i), "dialog-information-symbolic"));
  return row;
}

static void
add_remedy_groups (MfPageReview *self, MfPlan *plan)
{
  GPtrArray *remedies = mf_plan_get_remedies (plan);
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < remedies->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (remedies, i);
    const gchar *client = mf_account_get_client_name (mf_remedy_get_account (remedy));
    GtkWidget *group = g_hash_table_lookup (groups, client);

    if (group == NULL) {
      g_autofree gchar *title = g_strdup_printf (_("Changes in %s"), client);
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      g_hash_table_insert (groups, (gpointer) client, group);
      gtk_box_append (self->groups_box, group);
    }
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), remedy_row (remedy));
  }
}

static GtkWidget *
password_row (const gchar *address, const gchar *where)
{
  g_autofree gchar *text = g_strdup_printf (_("The new password is stored for %s in: %s."), address, where);
  return sentence_row (text, "dialog-password-symbolic");
}

/* where each new password goes: every program that uses the address */
static void
add_password_group (MfPageReview *self, MfWizardState *state)
{
  MfSession *session = mf_wizard_state_get_session (state);
  g_autoptr(GPtrArray) addresses = mf_wizard_state_get_password_addresses (state);
  GtkWidget *group = NULL;

  for (guint i = 0; i < addresses->len; i++) {
    const gchar *address = g_ptr_array_index (addresses, i);
    g_autoptr(GPtrArray) users = mf_session_find_accounts_by_address (session, address);
    g_autoptr(GString) where = g_string_new (NULL);

    if (mf_wizard_state_get_password (state, address) == NULL)
      continue;
    for (guint j = 0; j < users->len; j++) {
      MfAccount *account = g_ptr_array_index (users, j);
      if (where->len > 0)
        g_string_append (where, _(", "));
      if (mf_session_can_store_password (session, mf_account_get_id (account)))
        g_string_append (where, mf_account_get_client_name (account));
      else
        /* TRANSLATORS: a mail program that will ask for the password itself */
        g_string_append_printf (where, _("%s (asks for it at its next start)"), mf_account_get_client_name (account));
    }
    if (group == NULL) {
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("New Password"));
      gtk_box_append (self->groups_box, group);
    }
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), password_row (address, where->str));
  }
}

/* parts the library left out because the provider's settings are not confirmed */
static void
add_skipped_group (MfPageReview *self, MfPlan *plan)
{
  GPtrArray *skipped = mf_plan_get_skipped (plan);
  GtkWidget *group;

  if (skipped->len == 0)
    return;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Left As It Is"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("These changes are not made, because the provider’s settings for them "
                                           "are not confirmed. Ask the provider before changing them by hand."));
  for (guint i = 0; i < skipped->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (skipped, i);
    g_autoptr(GPtrArray) sentences = mf_remedy_describe (remedy);
    for (guint j = 0; j < sentences->len; j++) {
      GtkWidget *row = sentence_row (g_ptr_array_index (sentences, j), "action-unavailable-symbolic");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), mf_wizard_account_title (mf_remedy_get_account (remedy)));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  }
  gtk_box_append (self->groups_box, group);
}

static void
mf_page_review_enter (MfWizardPage *page, MfWizardState *state, gboolean forward)
{
  MfPageReview *self = MF_PAGE_REVIEW (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autofree gchar *diff = NULL;

  mf_wizard_clear_box (self->groups_box);
  plan = mf_wizard_state_plan (state, &error);
  mf_wizard_state_set_plan (state, plan);
  if (plan == NULL) {
    g_autofree gchar *text = g_strdup_printf (_("The changes could not be worked out: %s"), error->message);
    gtk_label_set_text (self->warning_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
    gtk_widget_set_visible (self->intro_label, FALSE);
    gtk_widget_set_visible (self->diff_expander, FALSE);
    mf_wizard_page_set_complete (page, FALSE);
    return;
  }
  gtk_widget_set_visible (self->intro_label, TRUE);
  gtk_widget_set_visible (self->diff_expander, !mf_plan_is_empty (plan));
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), mf_wizard_state_get_check_skipped (state));
  gtk_label_set_text (self->warning_label,
                      _("The new settings were not tested, because the check was skipped. If mail does not work "
                        "afterwards, you can undo the changes."));
  add_remedy_groups (self, plan);
  add_password_group (self, state);
  add_skipped_group (self, plan);
  diff = mf_plan_to_diff (plan);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->diff_view), diff != NULL ? diff : "", -1);
  mf_wizard_page_set_complete (page, !mf_plan_is_empty (plan));
  /* not on Apply Changes: a stray Enter must not write anything */
  gtk_widget_grab_focus (self->diff_expander);
  if (mf_plan_is_empty (plan)) {
    gtk_label_set_text (self->warning_label, _("There is nothing to change for the accounts chosen."));
    gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
  }
}

/* GTK 4.8's expander passes the keyboard focus on to its child even while
 * it is collapsed and the child is out of the window, which fails; so the
 * child is there only while the expander is open */
static void
expanded_changed (MfPageReview *self)
{
  gboolean open = gtk_expander_get_expanded (GTK_EXPANDER (self->diff_expander));

  gtk_expander_set_child (GTK_EXPANDER (self->diff_expander), open ? self->diff_scroller : NULL);
}

static void
mf_page_review_dispose (GObject *object)
{
  MfPageReview *self = MF_PAGE_REVIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), MF_TYPE_PAGE_REVIEW);
  g_clear_object (&self->diff_scroller);
  G_OBJECT_CLASS (mf_page_review_parent_class)->dispose (object);
}

static void
mf_page_review_class_init (MfPageReviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mf_page_review_dispose;
  MF_WIZARD_PAGE_CLASS (klass)->enter = mf_page_review_enter;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/mailfix/Wizard/mf-page-review.ui");
  gtk_widget_class_bind_template_child (widget_class, MfPageReview, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MfPageReview, warning_label);
  gtk_widget_class_bind_template_child (widget_class, MfPageReview, groups_box);
  gtk_widget_class_bind_template_child (widget_class, MfPageReview, diff_expander);
}

static void
mf_page_review_init (MfPageReview *self)
{
  GtkWidget *view;

  gtk_widget_init_template (GTK_WIDGET (self));
  view = g_object_new (GTK_TYPE_TEXT_VIEW, "name", "diff-view", "editable", FALSE, "cursor-visible", FALSE,
                       "monospace", TRUE, "wrap-mode", GTK_WRAP_NONE, "top-margin", 8, "bottom-margin", 8,
                       "left-margin", 8, "right-margin", 8, NULL);
  mf_wizard_set_accessible_label (view, _("The exact changes to the files"));
  self->diff_view = GTK_TEXT_VIEW (view);
  self->diff_scroller = g_object_new (GTK_TYPE_SCROLLED_WINDOW, "margin-top", 12, "min-content-height", 260,
                                      "child", view, NULL);
  gtk_widget_add_css_class (self->diff_scroller, "card");
  g_object_ref_sink (self->diff_scroller);
  g_signal_connect_swapped (self->diff_expander, "notify::expanded", G_CALLBACK (expanded_changed), self);
}
