/* mf-page-scan.c: the first page. Reading every profile can take a while
 * on a slow disk or a mounted Windows partition, so the scan runs in a
 * thread while a spinner turns. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mf-page-scan.h"

struct _MfPageScan {
  MfWizardPage parent_instance;

  GtkStack *stack;
  GtkSpinner *spinner;
  GtkLabel *summary_label;
  GtkBox *groups_box;
  AdwStatusPage *message_status;
  GtkWidget *retry_button;

  MfWizardState *state;
  gboolean scanning;
};

G_DEFINE_TYPE (MfPageScan, mf_page_scan, MF_TYPE_WIZARD_PAGE)

/* the words and the icon each state is shown with */
static void
state_look (MfAccountState state, const gchar **words, const gchar **icon, const gchar **style)
{
  switch (state) {
  case MF_ACCOUNT_STATE_FINE:
    *words = _("Fine");
    *icon = "emblem-ok-symbolic";
    *style = "success";
    break;
  case MF_ACCOUNT_STATE_NEEDS_FIX:
    *words = _("Needs a fix");
    *icon = "dialog-warning-symbolic";
    *style = "warning";
    break;
  case MF_ACCOUNT_STATE_UNCONFIRMED_FIX:
    /* TRANSLATORS: a fix exists but the provider's settings are not confirmed */
    *words = _("Fix not confirmed");
    *icon = "dialog-question-symbolic";
    *style = "warning";
    break;
  case MF_ACCOUNT_STATE_CANNOT_FIX:
    *words = _("Cannot be fixed here");
    *icon = "dialog-error-symbolic";
    *style = "error";
    break;
  case MF_ACCOUNT_STATE_LEFT_ALONE:
  default:
    *words = _("Left as it is");
    *icon = "action-unavailable-symbolic";
    *style = "dim-label";
    break;
  }
}

static GtkWidget *
account_row (MfSession *session, MfAccount *account, gboolean *fixable)
{
  g_autofree gchar *why = NULL;
  MfAccountState state = mf_session_get_account_state (session, account, &why);
  const gchar *words, *icon, *style;
  g_autofree gchar *name = g_strdup_printf ("account-%s", mf_account_get_id (account));
  g_autofree gchar *accessible = NULL;
  GtkWidget *row, *image, *label;

  state_look (state, &words, &icon, &style);
  *fixable = state == MF_ACCOUNT_STATE_NEEDS_FIX || state == MF_ACCOUNT_STATE_UNCONFIRMED_FIX;
  row = mf_wizard_row_new (mf_wizard_account_title (account), why);
  gtk_widget_set_name (row, name);
  image = mf_wizard_icon_new (icon);
  gtk_widget_add_css_class (image, style);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  label = gtk_label_new (words);
  gtk_widget_add_css_class (label, style);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  /* TRANSLATORS: what a screen reader says for an account row: address, state, explanation */
  accessible = g_strdup_printf (_("%s: %s. %s"), mf_wizard_account_title (account), words, why);
  mf_wizard_set_accessible_label (row, accessible);
  return row;
}

static void
show_results (MfPageScan *self, MfSession *session)
{
  GPtrArray *accounts = mf_session_get_accounts (session);
  GPtrArray *problems = mf_session_get_problems (session);
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gchar *found = NULL;
  g_autofree gchar *fix = NULL;
  g_autofree gchar *summary = NULL;
  guint fixable = 0;

  mf_wizard_clear_box (self->groups_box);
  if (accounts->len == 0 && problems->len == 0) {
    adw_status_page_set_icon_name (self->message_status, "mail-unread-symbolic");
    adw_status_page_set_title (self->message_status, _("No Mail Accounts Found"));
    adw_status_page_set_description (self->message_status,
                                     _("No mail program on this computer has an account set up that "
                                       "mailfix knows how to read. Nothing needs to be done."));
    gtk_stack_set_visible_child_name (self->stack, "message");
    mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), FALSE);
    return;
  }
  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    const gchar *client = mf_account_get_client_name (account);
    GtkWidget *group = g_hash_table_lookup (groups, client);
    gboolean can_fix = FALSE;

    if (group == NULL) {
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), client);
      g_hash_table_insert (groups, (gpointer) client, group);
      gtk_box_append (self->groups_box, group);
    }
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), account_row (session, account, &can_fix));
    if (can_fix)
      fixable++;
  }
  if (problems->len > 0) {
    GtkWidget *group = adw_preferences_group_new ();
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Settings That Could Not Be Read"));
    for (guint i = 0; i < problems->len; i++) {
      const GError *problem = g_ptr_array_index (problems, i);
      GtkWidget *row = mf_wizard_row_new (problem->message, NULL);
      GtkWidget *image = mf_wizard_icon_new ("dialog-error-symbolic");
      gtk_widget_add_css_class (image, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
    gtk_box_append (self->groups_box, group);
  }

  found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Found %u mail account.", "Found %u mail accounts.",
                                        accounts->len), accounts->len);
  if (fixable == 0)
    fix = g_strdup (_("None of them needs a change that mailfix can make."));
  else
    fix = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of them can be fixed. Choose Next to pick what to fix.",
                                        "%u of them can be fixed. Choose Next to pick what to fix.", fixable),
                           fixable);
  /* TRANSLATORS: two sentences in a row; languages that put no space
   * between sentences (Japanese) leave it out */
  summary = g_strdup_printf (C_("two sentences", "%s %s"), found, fix);
  gtk_label_set_text (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, "results");
  mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), fixable > 0);
}

typedef struct {
  GStrv homes;
  MfAutoconfig *autoconfig;
} ScanJob;

static void
scan_job_free (ScanJob *job)
{
  g_strfreev (job->homes);
  g_clear_object (&job->autoconfig);
  g_free (job);
}

static void
scan_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ScanJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfProviderDb) db = mf_provider_db_new_default (&error);
  g_autoptr(MfSession) session = NULL;

  if (db == NULL) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  session = mf_session_new ();
  mf_session_set_provider_db (session, db);
  mf_session_set_autoconfig (session, job->autoconfig);
  for (guint i = 0; job->homes[i] != NULL; i++)
    mf_session_add_home (session, job->homes[i]);
  if (!mf_session_scan (session, &error)) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  g_task_return_pointer (task, g_steal_pointer (&session), g_object_unref);
}

static void
scan_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MfPageScan *self = MF_PAGE_SCAN (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfSession) session = g_task_propagate_pointer (G_TASK (result), &error);

  mf_wizard_release_app ();
  /* the window closed meanwhile: its widgets are gone */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->scanning = FALSE;
  gtk_spinner_stop (self->spinner);
  if (session == NULL) {
    g_autofree gchar *text = g_strdup_printf (_("The mail settings on this computer could not be read: %s"),
                                              error->message);
    adw_status_page_set_icon_name (self->message_status, "dialog-error-symbolic");
    adw_status_page_set_title (self->message_status, _("Something Went Wrong"));
    adw_status_page_set_description (self->message_status, text);
    gtk_stack_set_visible_child_name (self->stack, "message");
    return;
  }
  mf_wizard_state_set_session (self->state, session);
  show_results (self, session);
}

static void
start_scan (MfPageScan *self)
{
  g_autoptr(GTask) task = NULL;
  ScanJob *job;

  self->scanning = TRUE;
  mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "scanning");
  gtk_spinner_start (self->spinner);
  task = g_task_new (self, mf_wizard_state_get_cancellable (self->state), scan_done, NULL);
  g_task_set_source_tag (task, start_scan);
  job = g_new0 (ScanJob, 1);
  job->homes = g_strdupv ((gchar **) mf_wizard_state_get_homes (self->state));
  if (mf_wizard_state_get_autoconfig (self->state) != NULL)
    job->autoconfig = g_object_ref (mf_wizard_state_get_autoconfig (self->state));
  g_task_set_task_data (task, job, (GDestroyNotify) scan_job_free);
  mf_wizard_hold_app ();
  g_task_run_in_thread (task, scan_thread);
}

static void
retry_clicked (MfPageScan *self)
{
  if (!self->scanning)
    start_scan (self);
}

static void
mf_page_scan_enter (MfWizardPage *page, MfWizardState *state, gboolean forward)
{
  MfPageScan *self = MF_PAGE_SCAN (page);

  g_set_object (&self->state, state);
  if (mf_wizard_state_get_session (state) == NULL && !self->scanning)
    start_scan (self);
}

static void
mf_page_scan_dispose (GObject *object)
{
  MfPageScan *self = MF_PAGE_SCAN (object);

  g_clear_object (&self->state);
  gtk_widget_dispose_template (GTK_WIDGET (self), MF_TYPE_PAGE_SCAN);
  G_OBJECT_CLASS (mf_page_scan_parent_class)->dispose (object);
}

static void
mf_page_scan_class_init (MfPageScanClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mf_page_scan_dispose;
  MF_WIZARD_PAGE_CLASS (klass)->enter = mf_page_scan_enter;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/mailfix/Wizard/mf-page-scan.ui");
  gtk_widget_class_bind_template_child (widget_class, MfPageScan, spinner);
  gtk_widget_class_bind_template_child (widget_class, MfPageScan, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MfPageScan, groups_box);
  gtk_widget_class_bind_template_child (widget_class, MfPageScan, message_status);
  gtk_widget_class_bind_template_child (widget_class, MfPageScan, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked);
}

static void
mf_page_scan_init (MfPageScan *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the page's own child: not a template child, since the bin unparents
   * its child itself and the template must not do it first */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
}
