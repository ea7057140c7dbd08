/* mf-page-apply.c: writes the plan, then stores the new passwords, in a
 * thread; then says what was done, with Undo. While a mail program runs
 * the library refuses to write (MF_ERROR_BUSY): the page asks the user to
 * close it and to try again. */
#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n-lib.h>

#include "mf-page-apply.h"
#include "mf-wizard-support.h"

typedef enum {
  JOB_APPLY,
  JOB_UNDO,
} JobKind;

struct _MfPageApply {
  MfWizardPage parent_instance;

  GtkStack *stack;
  GtkSpinner *spinner;
  AdwStatusPage *working_status;
  AdwStatusPage *busy_status;
  AdwStatusPage *failed_status;
  GtkWidget *open_button;
  GtkWidget *undo_button;
  AdwPreferencesGroup *notes_group;

  MfWizardState *state;
  JobKind last_job;
  GPtrArray *note_rows;
  GAppInfo *client_app;
};

G_DEFINE_TYPE (MfPageApply, mf_page_apply, MF_TYPE_WIZARD_PAGE)

/* ---- the job in the thread ---- */

typedef struct {
  JobKind kind;
  MfSession *session;
  MfPlan *plan;
  GStrv homes;
  GPtrArray *addresses;
  GPtrArray *passwords;    /* wiped when freed */
  GPtrArray *backups;      /* in: to undo, newest last; out: made */
  GPtrArray *notes;        /* out */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_clear_object (&job->plan);
  g_strfreev (job->homes);
  g_ptr_array_unref (job->addresses);
  g_ptr_array_unref (job->passwords);
  g_ptr_array_unref (job->backups);
  g_ptr_array_unref (job->notes);
  g_free (job);
}

static void
add_note (GPtrArray *notes, gchar *note)
{
  if (!g_ptr_array_find_with_equal_func (notes, note, g_str_equal, NULL))
    g_ptr_array_add (notes, note);
  else
    g_free (note);
}

/* after the settings, the new password goes to every account of the
 * address, found in a fresh scan because the apply may have added
 * accounts (POP3 to IMAP) and changed the files the session read */
static void
store_passwords (Job *job)
{
  g_autoptr(MfSession) fresh = mf_session_new ();
  g_autoptr(GError) error = NULL;

  mf_session_set_provider_db (fresh, mf_session_get_provider_db (job->session));
  for (guint i = 0; job->homes[i] != NULL; i++)
    mf_session_add_home (fresh, job->homes[i]);
  if (!mf_session_scan (fresh, &error)) {
    add_note (job->notes, g_strdup_printf (_("The new password could not be stored: %s"), error->message));
    return;
  }
  for (guint i = 0; i < job->addresses->len; i++)
    mf_session_set_password_for_address (fresh, g_ptr_array_index (job->addresses, i),
                                         g_ptr_array_index (job->passwords, i), job->backups, job->notes);
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;

  if (job->kind == JOB_UNDO) {
    /* newest first: the password backups were made after the settings' */
    while (job->backups->len > 0) {
      if (!mf_session_rollback (job->session, g_ptr_array_index (job->backups, job->backups->len - 1), FALSE,
                                &error)) {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
      g_ptr_array_remove_index (job->backups, job->backups->len - 1);
    }
    g_task_return_boolean (task, TRUE);
    return;
  }
  if (!mf_session_apply (job->session, job->plan, job->backups, &error)) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  for (guint i = 0; i < mf_session_get_apply_notes (job->session)->len; i++)
    add_note (job->notes, g_strdup (g_ptr_array_index (mf_session_get_apply_notes (job->session), i)));
  if (job->addresses->len > 0)
    store_passwords (job);
  g_task_return_boolean (task, TRUE);
}

/* ---- showing the outcome ---- */

static void
clear_notes (MfPageApply *self)
{
  for (guint i = 0; i < self->note_rows->len; i++)
    adw_preferences_group_remove (self->notes_group, g_ptr_array_index (self->note_rows, i));
  g_ptr_array_set_size (self->note_rows, 0);
}

static void
show_note (MfPageApply *self, const gchar *note)
{
  GtkWidget *row = mf_wizard_row_new (note, NULL);
  GtkWidget *image = mf_wizard_icon_new ("dialog-information-symbolic");

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  adw_preferences_group_add (self->notes_group, row);
  g_ptr_array_add (self->note_rows, row);
}

/* where to call if mail still does not work: the support line of each ISP
 * whose accounts changed and whose provider file names one */
static guint
show_support (MfPageApply *self, MfPlan *plan)
{
  MfSession *session = mf_wizard_state_get_session (self->state);
  GPtrArray *remedies = mf_plan_get_remedies (plan);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < remedies->len; i++) {
    MfDiagnosis *diagnosis = mf_session_get_diagnosis (session, mf_remedy_get_account (g_ptr_array_index (remedies, i)));
    MfProvider *provider = diagnosis != NULL ? mf_diagnosis_get_provider (diagnosis) : NULL;
    GtkWidget *row;

    if (provider == NULL || g_ptr_array_find (seen, provider, NULL))
      continue;
    g_ptr_array_add (seen, provider);
    row = mf_wizard_support_row_new (provider);
    if (row == NULL)
      continue;
    adw_preferences_group_add (self->notes_group, row);
    g_ptr_array_add (self->note_rows, row);
  }
  return self->note_rows->len;
}

/* the first installed mail program among the changed accounts' */
static GAppInfo *
find_client_app (MfPlan *plan)
{
  GPtrArray *remedies = mf_plan_get_remedies (plan);

  for (guint i = 0; i < remedies->len; i++) {
    const gchar * const *ids = mf_account_get_client_desktop_ids (mf_remedy_get_account (g_ptr_array_index (remedies, i)));
    for (guint k = 0; ids[k] != NULL; k++) {
      GDesktopAppInfo *info = g_desktop_app_info_new (ids[k]);
      if (info != NULL)
        return G_APP_INFO (info);
    }
  }
  return NULL;
}

static void
show_done (MfPageApply *self, Job *job)
{
  MfPlan *plan = job->plan;
  GPtrArray *remedies = mf_plan_get_remedies (plan);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  guint shown;

  clear_notes (self);
  for (guint i = 0; i < remedies->len; i++) {
    GPtrArray *remedy_notes = mf_remedy_get_notes (g_ptr_array_index (remedies, i));
    for (guint j = 0; j < remedy_notes->len; j++)
      add_note (notes, g_strdup (g_ptr_array_index (remedy_notes, j)));
  }
  for (guint i = 0; i < job->notes->len; i++)
    add_note (notes, g_strdup (g_ptr_array_index (job->notes, i)));
  for (guint i = 0; i < notes->len; i++)
    show_note (self, g_ptr_array_index (notes, i));
  shown = notes->len + show_support (self, plan);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), shown > 0);

  g_clear_object (&self->client_app);
  self->client_app = find_client_app (plan);
  if (self->client_app != NULL) {
    /* TRANSLATORS: a button that starts the mail program; %s is its name */
    g_autofree gchar *label = g_strdup_printf (_("Open %s"), g_app_info_get_display_name (self->client_app));
    gtk_button_set_label (GTK_BUTTON (self->open_button), label);
  }
  gtk_widget_set_visible (self->open_button, self->client_app != NULL);
  gtk_widget_set_visible (self->undo_button, mf_wizard_state_get_backups (self->state)->len > 0);
  gtk_stack_set_visible_child_name (self->stack, "done");
}

static void
finish (MfPageApply *self, gboolean back_allowed, gboolean complete)
{
  gtk_spinner_stop (self->spinner);
  mf_wizard_page_set_busy (MF_WIZARD_PAGE (self), FALSE);
  mf_wizard_page_set_back_allowed (MF_WIZARD_PAGE (self), back_allowed);
  mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), complete);
}

static void
job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MfPageApply *self = MF_PAGE_APPLY (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  GPtrArray *backups;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  mf_wizard_release_app ();
  /* the window was destroyed by force while the job ran */
  if (self->state == NULL)
    return;
  /* what the job made, or what is left to undo, whatever happened */
  backups = mf_wizard_state_get_backups (self->state);
  g_ptr_array_set_size (backups, 0);
  for (guint i = 0; i < job->backups->len; i++)
    g_ptr_array_add (backups, g_strdup (g_ptr_array_index (job->backups, i)));
  if (ok && job->kind == JOB_APPLY) {
    finish (self, FALSE, TRUE);
    show_done (self, job);
    return;
  }
  if (ok) {
    finish (self, FALSE, TRUE);
    gtk_stack_set_visible_child_name (self->stack, "undone");
    return;
  }
  if (g_error_matches (error, MF_ERROR, MF_ERROR_BUSY)) {
    g_autofree gchar *text = g_strdup_printf (_("A mail program is running and is using these settings, so they "
                                                "cannot be changed safely. Close it, then choose Check Again.\n\n%s"),
                                              error->message);
    adw_status_page_set_description (self->busy_status, text);
    gtk_stack_set_visible_child_name (self->stack, "busy");
  } else {
    g_autofree gchar *text = g_strdup_printf (job->kind == JOB_APPLY
                                                ? _("Nothing was changed: every file is as it was. %s")
                                                : _("The changes could not be undone: %s"),
                                              error->message);
    adw_status_page_set_title (self->failed_status, job->kind == JOB_APPLY ? _("The Changes Were Not Made")
                                                                          : _("The Changes Were Not Undone"));
    adw_status_page_set_description (self->failed_status, text);
    gtk_stack_set_visible_child_name (self->stack, "failed");
  }
  /* before anything is written, the user may go back and choose again */
  finish (self, job->kind == JOB_APPLY, FALSE);
}

static void
start_job (MfPageApply *self, JobKind kind)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) addresses = mf_wizard_state_get_password_addresses (self->state);
  GPtrArray *backups = mf_wizard_state_get_backups (self->state);
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->session = g_object_ref (mf_wizard_state_get_session (self->state));
  job->plan = g_object_ref (mf_wizard_state_get_plan (self->state));
  job->homes = g_strdupv ((gchar **) mf_wizard_state_get_homes (self->state));
  job->addresses = g_ptr_array_new_with_free_func (g_free);
  job->passwords = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_wizard_secret_free);
  job->backups = g_ptr_array_new_with_free_func (g_free);
  job->notes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; kind == JOB_APPLY && i < addresses->len; i++) {
    const gchar *password = mf_wizard_state_get_password (self->state, g_ptr_array_index (addresses, i));
    if (password == NULL)
      continue;
    g_ptr_array_add (job->addresses, g_strdup (g_ptr_array_index (addresses, i)));
    g_ptr_array_add (job->passwords, g_strdup (password));
  }
  for (guint i = 0; kind == JOB_UNDO && i < backups->len; i++)
    g_ptr_array_add (job->backups, g_strdup (g_ptr_array_index (backups, i)));

  self->last_job = kind;
  mf_wizard_page_set_busy (MF_WIZARD_PAGE (self), TRUE);
  mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), FALSE);
  mf_wizard_page_set_back_allowed (MF_WIZARD_PAGE (self), FALSE);
  adw_status_page_set_title (self->working_status, kind == JOB_APPLY ? _("Making the Changes…")
                                                                      : _("Undoing the Changes…"));
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "working");
  /* no cancellable: a transaction, once started, runs to its end, and
   * the window stays open until it has */
  task = g_task_new (self, NULL, job_done, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  mf_wizard_hold_app ();
  g_task_run_in_thread (task, job_thread);
}

static void
retry_clicked (MfPageApply *self)
{
  if (!mf_wizard_page_get_busy (MF_WIZARD_PAGE (self)))
    start_job (self, self->last_job);
}

static void
undo_clicked (MfPageApply *self)
{
  if (!mf_wizard_page_get_busy (MF_WIZARD_PAGE (self)))
    start_job (self, JOB_UNDO);
}

static void
open_clicked (MfPageApply *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  if (self->client_app == NULL)
    return;
  if (!g_app_info_launch (self->client_app, NULL, G_APP_LAUNCH_CONTEXT (context), &error)) {
    g_autofree gchar *text = g_strdup_printf (_("The mail program could not be started: %s"), error->message);
    show_note (self, text);
  }
}

static void
mf_page_apply_enter (MfWizardPage *page, MfWizardState *state, gboolean forward)
{
  MfPageApply *self = MF_PAGE_APPLY (page);

  g_set_object (&self->state, state);
  if (!forward)
    return;
  start_job (self, JOB_APPLY);
}

static void
mf_page_apply_dispose (GObject *object)
{
  MfPageApply *self = MF_PAGE_APPLY (object);

  if (self->state != NULL)
    g_signal_handlers_disconnect_by_data (self->state, self);
  g_clear_object (&self->state);
  g_clear_object (&self->client_app);
  g_clear_pointer (&self->note_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MF_TYPE_PAGE_APPLY);
  G_OBJECT_CLASS (mf_page_apply_parent_class)->dispose (object);
}

static void
mf_page_apply_class_init (MfPageApplyClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mf_page_apply_dispose;
  MF_WIZARD_PAGE_CLASS (klass)->enter = mf_page_apply_enter;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/mailfix/Wizard/mf-page-apply.ui");
  gtk_widget_class_bind_template_child (widget_class, MfPageApply, spinner);
  gtk_widget_class_bind_template_child (widget_class, MfPageApply, working_status);
  gtk_widget_class_bind_template_child (widget_class, MfPageApply, busy_status);
  gtk_widget_class_bind_template_child (widget_class, MfPageApply, failed_status);
  gtk_widget_class_bind_template_child (widget_class, MfPageApply, open_button);
  gtk_widget_class_bind_template_child (widget_class, MfPageApply, undo_button);
  gtk_widget_class_bind_template_child (widget_class, MfPageApply, notes_group);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, undo_clicked);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked);
}

static void
mf_page_apply_init (MfPageApply *self)
{
  self->note_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the page's own child: not a template child, since the bin unparents
   * its child itself and the template must not do it first */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  /* TRANSLATORS: the label of the last page's Next button */
  mf_wizard_page_set_next_label (MF_WIZARD_PAGE (self), _("_Close"));
}
