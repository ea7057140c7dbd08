/* mf-page-check.c: signs in to every server the chosen accounts will use,
 * before anything is written, so that a wrong password or a blocked port
 * shows up here and not in the mail program. First the passwords the
 * programs keep are read (one thread, since the password stores are not
 * made to be read from several threads), then every server is tried in a
 * thread of its own, and each row shows its result as soon as it has one. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mf-page-check.h"
#include "mf-wizard-private.h"

typedef struct {
  MfAccount *account;
  MfServer *server;
  GtkWidget *row;
  GtkWidget *spinner;
  GtkWidget *icon;
  gchar *password;         /* wiped when the job is freed */
  gboolean done;
  gboolean ok;
} CheckJob;

struct _MfPageCheck {
  MfWizardPage parent_instance;

  GtkLabel *summary_label;
  GtkBox *groups_box;
  GtkWidget *retry_button;
  GtkWidget *skip_button;

  MfWizardState *state;
  GPtrArray *jobs;
  GCancellable *run;       /* this round of checks; Back, Skip and closing stop it */
  guint pending;           /* threads not yet reported back, stopped ones too */
  guint timeout_ms;
};

G_DEFINE_TYPE (MfPageCheck, mf_page_check, MF_TYPE_WIZARD_PAGE)

static void
check_job_free (CheckJob *job)
{
  g_clear_object (&job->account);
  g_clear_object (&job->server);
  mf_wizard_secret_free (job->password);
  g_free (job);
}

static void
stop_run (MfPageCheck *self)
{
  if (self->run != NULL)
    g_cancellable_cancel (self->run);
  g_clear_object (&self->run);
}

static void
update_summary (MfPageCheck *self)
{
  guint done = 0, ok = 0;

  for (guint i = 0; i < self->jobs->len; i++) {
    CheckJob *job = g_ptr_array_index (self->jobs, i);
    done += job->done;
    ok += job->ok;
  }
  if (done < self->jobs->len) {
    gtk_label_set_text (self->summary_label,
                        _("Signing in to the provider’s servers with the new settings… Nothing is written yet."));
    gtk_widget_set_visible (self->retry_button, FALSE);
    gtk_widget_set_visible (self->skip_button, TRUE);
    mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), FALSE);
  } else if (ok == self->jobs->len) {
    gtk_label_set_text (self->summary_label,
                        _("Everything works: the servers accepted the new settings and the password."));
    gtk_widget_set_visible (self->retry_button, FALSE);
    gtk_widget_set_visible (self->skip_button, FALSE);
    mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), TRUE);
  } else {
    gtk_label_set_text (self->summary_label,
                        _("Some checks did not pass; see below why. Go back to correct the password, or try "
                          "again. If this computer is offline, you can skip the check."));
    gtk_widget_set_visible (self->retry_button, TRUE);
    gtk_widget_set_visible (self->skip_button, TRUE);
    mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), FALSE);
  }
}

static void
show_result (CheckJob *job, gboolean ok, const gchar *text)
{
  g_autofree gchar *title = mf_wizard_server_title (job->server);
  g_autofree gchar *accessible = g_strdup_printf ("%s. %s", title, text);

  job->done = TRUE;
  job->ok = ok;
  gtk_spinner_stop (GTK_SPINNER (job->spinner));
  gtk_widget_set_visible (job->spinner, FALSE);
  gtk_image_set_from_icon_name (GTK_IMAGE (job->icon), ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_add_css_class (job->icon, ok ? "success" : "error");
  gtk_widget_set_visible (job->icon, TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (job->row), text);
  mf_wizard_set_accessible_label (job->row, accessible);
}

/* ---- phase 2: one server ---- */

typedef struct {
  MfServer *server;
  gchar *password;
  MfVerifyOptions options;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_object_unref (data->server);
  mf_wizard_secret_free (data->password);
  g_free (data);
}

static void
verify_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VerifyData *data = task_data;
  g_autoptr(GPtrArray) servers = g_ptr_array_new ();
  const gchar *passwords[] = { data->password, NULL };
  g_autoptr(GPtrArray) results = NULL;

  g_ptr_array_add (servers, data->server);
  /* one server at a time through the batch call: its pool thread ends with
   * it, and takes the TLS library's per-thread state with it */
  results = mf_verify_servers (servers, passwords, &data->options, cancellable);
  g_task_return_pointer (task, g_object_ref (g_ptr_array_index (results, 0)), g_object_unref);
}

static void
verify_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MfPageCheck *self = MF_PAGE_CHECK (source);
  CheckJob *job = user_data;
  g_autoptr(MfVerifyResult) verified = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree gchar *text = NULL;

  mf_wizard_release_app ();
  self->pending--;
  /* the job belongs to a round that was stopped: it may be freed */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  text = mf_verify_result_describe (verified);
  show_result (job, mf_verify_result_get_status (verified) == MF_VERIFY_OK, text);
  update_summary (self);
}

static void
start_verify (MfPageCheck *self, CheckJob *job)
{
  g_autoptr(GTask) task = g_task_new (self, self->run, verify_done, job);
  VerifyData *data = g_new0 (VerifyData, 1);

  data->server = g_object_ref (job->server);
  data->password = g_strdup (job->password);
  data->options.timeout_ms = self->timeout_ms;
  g_task_set_source_tag (task, start_verify);
  g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
  mf_wizard_hold_app ();
  self->pending++;
  g_task_run_in_thread (task, verify_thread);
}

/* ---- phase 1: the passwords the programs keep ---- */

typedef struct {
  MfSession *session;
  GPtrArray *accounts;     /* those with no new password */
  GPtrArray *passwords;    /* out: one for each, or NULL */
  GPtrArray *errors;       /* out: why there is none, or NULL */
} StoredData;

static void
stored_data_free (StoredData *data)
{
  g_object_unref (data->session);
  g_ptr_array_unref (data->accounts);
  g_ptr_array_unref (data->passwords);
  g_ptr_array_unref (data->errors);
  g_free (data);
}

static void
stored_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StoredData *data = task_data;

  for (guint i = 0; i < data->accounts->len; i++) {
    g_autoptr(GError) error = NULL;
    gchar *password = mf_session_get_stored_password (data->session, g_ptr_array_index (data->accounts, i), &error);
    g_ptr_array_add (data->passwords, password);
    g_ptr_array_add (data->errors, error != NULL ? g_strdup (error->message) : NULL);
  }
  g_task_return_boolean (task, TRUE);
}

static void
stored_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MfPageCheck *self = MF_PAGE_CHECK (source);
  StoredData *data = g_task_get_task_data (G_TASK (result));

  mf_wizard_release_app ();
  self->pending--;
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  for (guint i = 0; i < self->jobs->len; i++) {
    CheckJob *job = g_ptr_array_index (self->jobs, i);
    guint index = 0;

    if (job->password == NULL && g_ptr_array_find (data->accounts, job->account, &index)) {
      const gchar *password = g_ptr_array_index (data->passwords, index);
      const gchar *why = g_ptr_array_index (data->errors, index);
      if (password != NULL) {
        job->password = g_strdup (password);
      } else {
        g_autofree gchar *text = why != NULL
          ? g_strdup_printf (_("The password the mail program keeps could not be read, so this was not "
                               "checked: %s"), why)
          : g_strdup (_("The mail program keeps no password for this account, so this was not checked."));
        show_result (job, FALSE, text);
        continue;
      }
    }
    start_verify (self, job);
  }
  update_summary (self);
}

static GtkWidget *
job_row (CheckJob *job, guint index)
{
  g_autofree gchar *title = mf_wizard_server_title (job->server);
  g_autofree gchar *name = g_strdup_printf ("check-%s-%u", mf_account_get_id (job->account), index);
  GtkWidget *row = mf_wizard_row_new (title, _("Waiting…"));

  gtk_widget_set_name (row, name);
  job->spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (job->spinner));
  /* TRANSLATORS: what a screen reader says for the spinner of a server being checked */
  mf_wizard_set_accessible_label (job->spinner, _("Checking"));
  job->icon = mf_wizard_icon_new (NULL);
  gtk_widget_set_visible (job->icon, FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), job->spinner);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), job->icon);
  job->row = row;
  return row;
}

static void
start_run (MfPageCheck *self)
{
  MfSession *session = mf_wizard_state_get_session (self->state);
  GPtrArray *chosen = mf_wizard_state_get_chosen (self->state);
  g_autoptr(GTask) task = NULL;
  StoredData *data;

  stop_run (self);
  self->run = g_cancellable_new ();
  g_ptr_array_set_size (self->jobs, 0);
  mf_wizard_clear_box (self->groups_box);
  mf_wizard_state_set_check_skipped (self->state, FALSE);

  data = g_new0 (StoredData, 1);
  data->session = g_object_ref (session);
  data->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  data->passwords = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_wizard_secret_free);
  data->errors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < chosen->len; i++) {
    MfAccount *account = g_ptr_array_index (chosen, i);
    g_autoptr(GPtrArray) servers = mf_session_servers_to_verify (session, account,
                                                                  mf_wizard_state_get_plan_flags_for (self->state, account));
    const gchar *password = mf_wizard_state_get_password (self->state, mf_account_get_address (account));
    GtkWidget *group;

    if (servers->len == 0)
      continue;
    group = adw_preferences_group_new ();
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), mf_wizard_account_title (account));
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), mf_account_get_client_name (account));
    for (guint j = 0; j < servers->len; j++) {
      CheckJob *job = g_new0 (CheckJob, 1);
      job->account = g_object_ref (account);
      job->server = g_object_ref (g_ptr_array_index (servers, j));
      job->password = g_strdup (password);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), job_row (job, j));
      g_ptr_array_add (self->jobs, job);
    }
    gtk_box_append (self->groups_box, group);
    if (password == NULL)
      g_ptr_array_add (data->accounts, g_object_ref (account));
  }
  update_summary (self);

  task = g_task_new (self, self->run, stored_done, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, data, (GDestroyNotify) stored_data_free);
  mf_wizard_hold_app ();
  self->pending++;
  g_task_run_in_thread (task, stored_thread);
}

/* stops the round and says so on every row still waiting */
static void
stop_and_mark (MfPageCheck *self)
{
  stop_run (self);
  for (guint i = 0; i < self->jobs->len; i++) {
    CheckJob *job = g_ptr_array_index (self->jobs, i);
    if (!job->done)
      show_result (job, FALSE, _("The check was stopped."));
  }
}

static void
retry_clicked (MfPageCheck *self)
{
  start_run (self);
}

static void
skip_clicked (MfPageCheck *self)
{
  stop_and_mark (self);
  mf_wizard_state_set_check_skipped (self->state, TRUE);
  mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static gboolean
all_passed (MfPageCheck *self)
{
  for (guint i = 0; i < self->jobs->len; i++) {
    if (!((CheckJob *) g_ptr_array_index (self->jobs, i))->ok)
      return FALSE;
  }
  return self->jobs->len > 0;
}

static void
mf_page_check_enter (MfWizardPage *page, MfWizardState *state, gboolean forward)
{
  MfPageCheck *self = MF_PAGE_CHECK (page);

  g_set_object (&self->state, state);
  /* coming back from Review after everything passed: nothing changed since */
  if (!forward && all_passed (self) && !mf_wizard_state_get_check_skipped (state))
    return;
  start_run (self);
}

static void
mf_page_check_leave (MfWizardPage *page, MfWizardState *state, gboolean forward)
{
  MfPageCheck *self = MF_PAGE_CHECK (page);

  stop_and_mark (self);
}

static void
mf_page_check_dispose (GObject *object)
{
  MfPageCheck *self = MF_PAGE_CHECK (object);

  stop_run (self);
  g_clear_object (&self->state);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MF_TYPE_PAGE_CHECK);
  G_OBJECT_CLASS (mf_page_check_parent_class)->dispose (object);
}

static void
mf_page_check_class_init (MfPageCheckClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mf_page_check_dispose;
  MF_WIZARD_PAGE_CLASS (klass)->enter = mf_page_check_enter;
  MF_WIZARD_PAGE_CLASS (klass)->leave = mf_page_check_leave;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/mailfix/Wizard/mf-page-check.ui");
  gtk_widget_class_bind_template_child (widget_class, MfPageCheck, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MfPageCheck, groups_box);
  gtk_widget_class_bind_template_child (widget_class, MfPageCheck, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MfPageCheck, skip_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, skip_clicked);
}

static void
mf_page_check_init (MfPageCheck *self)
{
  self->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) check_job_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
mf_page_check_set_timeout (GtkWidget *page, guint timeout_ms)
{
  g_return_if_fail (MF_IS_PAGE_CHECK (page));
  MF_PAGE_CHECK (page)->timeout_ms = timeout_ms;
}

guint
mf_page_check_get_pending (GtkWidget *page)
{
  g_return_val_if_fail (MF_IS_PAGE_CHECK (page), 0);
  return MF_PAGE_CHECK (page)->pending;
}
