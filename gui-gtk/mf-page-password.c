/* mf-page-password.c: the new password, once per address: a provider
 * issues one password for the address, and every mail program that uses
 * the address needs it. The text never leaves the entry except into the
 * wizard's memory, and is never logged. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mf-page-password.h"
#include "mf-wizard-support.h"

struct _MfPagePassword {
  MfWizardPage parent_instance;

  GtkBox *groups_box;

  MfWizardState *state;
  gchar *built_for;        /* the addresses the entries are for, joined */
  GPtrArray *entries;      /* GtkPasswordEntry, each with its "address" and "error-label" */
};

G_DEFINE_TYPE (MfPagePassword, mf_page_password, MF_TYPE_WIZARD_PAGE)

static gboolean
same_address (MfAccount *account, const gchar *address)
{
  return mf_account_get_address (account) != NULL && g_ascii_strcasecmp (mf_account_get_address (account), address) == 0;
}

/* the provider of the first chosen account of the address */
static MfProvider *
provider_for (MfWizardState *state, const gchar *address)
{
  GPtrArray *chosen = mf_wizard_state_get_chosen (state);
  MfSession *session = mf_wizard_state_get_session (state);

  for (guint i = 0; i < chosen->len; i++) {
    MfAccount *account = g_ptr_array_index (chosen, i);
    MfDiagnosis *diagnosis = mf_session_get_diagnosis (session, account);
    if (same_address (account, address) && diagnosis != NULL &&
        mf_diagnosis_get_provider (diagnosis) != NULL)
      return mf_diagnosis_get_provider (diagnosis);
  }
  return NULL;
}

/* the library's messages start in lower case, as error messages do; on
 * their own under a field they read as sentences */
static gchar *
as_sentence (const gchar *message)
{
  gunichar first = g_utf8_get_char (message);
  gchar buf[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (first), buf);
  return g_strconcat (buf, g_utf8_next_char (message), NULL);
}

/* runs the provider's rules on what is typed so far */
static gboolean
check_entry (MfPagePassword *self, GtkWidget *entry)
{
  const gchar *address = g_object_get_data (G_OBJECT (entry), "address");
  GtkLabel *error_label = g_object_get_data (G_OBJECT (entry), "error-label");
  const gchar *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  MfSession *session = mf_wizard_state_get_session (self->state);
  GPtrArray *chosen = mf_wizard_state_get_chosen (self->state);
  g_autoptr(GError) error = NULL;

  if (text[0] == '\0') {
    gtk_widget_set_visible (GTK_WIDGET (error_label), FALSE);
    gtk_widget_remove_css_class (entry, "error");
    gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    return FALSE;
  }
  for (guint i = 0; i < chosen->len && error == NULL; i++) {
    MfAccount *account = g_ptr_array_index (chosen, i);
    if (same_address (account, address))
      mf_session_check_password (session, account, text, &error);
  }
  if (error != NULL) {
    g_autofree gchar *sentence = as_sentence (error->message);
    gtk_label_set_text (error_label, sentence);
    gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
    gtk_widget_add_css_class (entry, "error");
    /* a screen reader reads the rule that was broken with the field */
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence, -1);
    return FALSE;
  }
  gtk_widget_set_visible (GTK_WIDGET (error_label), FALSE);
  gtk_widget_remove_css_class (entry, "error");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  return TRUE;
}

static void
entry_changed (MfPagePassword *self)
{
  gboolean all = self->entries->len > 0;

  for (guint i = 0; i < self->entries->len; i++) {
    if (!check_entry (self, g_ptr_array_index (self->entries, i)))
      all = FALSE;
  }
  mf_wizard_page_set_complete (MF_WIZARD_PAGE (self), all);
}

/* which programs get the password, and whether one of them will ask for it */
static void
add_notes (GtkWidget *box, MfSession *session, const gchar *address)
{
  g_autoptr(GPtrArray) users = mf_session_find_accounts_by_address (session, address);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) unreachable = g_ptr_array_new ();
  g_autofree gchar *joined = NULL;
  g_autofree gchar *text = NULL;

  for (guint i = 0; i < users->len; i++) {
    MfAccount *account = g_ptr_array_index (users, i);
    const gchar *client = mf_account_get_client_name (account);
    GPtrArray *list = mf_session_can_store_password (session, mf_account_get_id (account)) ? names : unreachable;
    if (!g_ptr_array_find_with_equal_func (list, client, g_str_equal, NULL))
      g_ptr_array_add (list, (gpointer) client);
  }
  if (names->len > 0) {
    g_ptr_array_add (names, NULL);
    /* TRANSLATORS: joins the names of mail programs in a list */
    joined = g_strjoinv (_(", "), (gchar **) names->pdata);
    text = g_strdup_printf (_("Every mail program on this computer that uses %s will get the new password: %s."),
                            address, joined);
    gtk_box_append (GTK_BOX (box), mf_wizard_label_new (text, "dim-label"));
  }
  for (guint i = 0; i < unreachable->len; i++) {
    g_autofree gchar *out_of_reach = g_strdup_printf (
        _("%s keeps its passwords where mailfix cannot reach them. Its old password will be removed, "
          "and it will ask you for the new one the next time it starts: type the same password there."),
        (const gchar *) g_ptr_array_index (unreachable, i));
    gtk_box_append (GTK_BOX (box), mf_wizard_label_new (out_of_reach, "dim-label"));
  }
}

static GtkWidget *
address_group (MfPagePassword *self, const gchar *address)
{
  MfProvider *provider = provider_for (self->state, address);
  MfSession *session = mf_wizard_state_get_session (self->state);
  const gchar *instructions = NULL;
  const gchar *url = NULL;
  g_autofree gchar *entry_name = g_strdup_printf ("password-entry-%s", address);
  g_autofree gchar *accessible = NULL;
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry, *error_label;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), address);
  if (provider != NULL) {
    GtkWidget *support = mf_wizard_support_row_new (provider);
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), mf_provider_get_display_name (provider));
    instructions = mf_provider_get_password_help (provider, mf_wizard_state_get_language ());
    url = mf_provider_get_app_password_url (provider);
    if (support != NULL) {
      GtkWidget *list = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_list_box_append (GTK_LIST_BOX (list), support);
      gtk_box_append (GTK_BOX (box), list);
    }
  }
  gtk_box_append (GTK_BOX (box), mf_wizard_label_new (instructions != NULL ? instructions
                                                      : _("Your provider issues the new password. If you do not "
                                                          "have it, ask the provider how to get it."), NULL));
  if (url != NULL) {
    GtkWidget *link = gtk_link_button_new_with_label (url, _("Open the provider’s page about this password"));
    g_autofree gchar *link_name = g_strdup_printf ("password-link-%s", address);
    gtk_widget_set_name (link, link_name);
    gtk_widget_set_halign (link, GTK_ALIGN_START);
    gtk_box_append (GTK_BOX (box), link);
  }

  entry = gtk_password_entry_new ();
  gtk_widget_set_name (entry, entry_name);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "placeholder-text", _("New password"), "activates-default", TRUE, NULL);
  /* TRANSLATORS: what a screen reader says for the password field; %s is the e-mail address */
  accessible = g_strdup_printf (_("New password for %s"), address);
  mf_wizard_set_accessible_label (entry, accessible);
  error_label = mf_wizard_label_new (NULL, "error");
  gtk_widget_set_visible (error_label, FALSE);
  g_object_set_data_full (G_OBJECT (entry), "address", g_strdup (address), g_free);
  g_object_set_data (G_OBJECT (entry), "error-label", error_label);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (entry_changed), self);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  add_notes (box, session, address);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  g_ptr_array_add (self->entries, entry);
  return group;
}

static gchar *
addresses_key (GPtrArray *addresses)
{
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; i < addresses->len; i++)
    g_string_append_printf (key, "%s\n", (const gchar *) g_ptr_array_index (addresses, i));
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
mf_page_password_enter (MfWizardPage *page, MfWizardState *state, gboolean forward)
{
  MfPagePassword *self = MF_PAGE_PASSWORD (page);
  g_autoptr(GPtrArray) addresses = mf_wizard_state_get_password_addresses (state);
  g_autofree gchar *key = addresses_key (addresses);

  g_set_object (&self->state, state);
  if (g_strcmp0 (key, self->built_for) != 0) {
    mf_wizard_clear_box (self->groups_box);
    g_ptr_array_set_size (self->entries, 0);
    for (guint i = 0; i < addresses->len; i++)
      gtk_box_append (self->groups_box, address_group (self, g_ptr_array_index (addresses, i)));
    g_free (self->built_for);
    self->built_for = g_steal_pointer (&key);
  }
  entry_changed (self);
  /* what there is to do here is typing */
  if (self->entries->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->entries, 0));
}

static void
mf_page_password_leave (MfWizardPage *page, MfWizardState *state, gboolean forward)
{
  MfPagePassword *self = MF_PAGE_PASSWORD (page);

  for (guint i = 0; i < self->entries->len; i++) {
    GtkWidget *entry = g_ptr_array_index (self->entries, i);
    const gchar *address = g_object_get_data (G_OBJECT (entry), "address");
    /* only a password the provider's rules accept goes on */
    mf_wizard_state_set_password (state, address,
                                  check_entry (self, entry) ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL);
  }
}

static gboolean
mf_page_password_should_skip (MfWizardPage *page, MfWizardState *state)
{
  g_autoptr(GPtrArray) addresses = mf_wizard_state_get_password_addresses (state);
  return addresses->len == 0;
}

static void
mf_page_password_dispose (GObject *object)
{
  MfPagePassword *self = MF_PAGE_PASSWORD (object);

  g_clear_object (&self->state);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->built_for, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MF_TYPE_PAGE_PASSWORD);
  G_OBJECT_CLASS (mf_page_password_parent_class)->dispose (object);
}

static void
mf_page_password_class_init (MfPagePasswordClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mf_page_password_dispose;
  MF_WIZARD_PAGE_CLASS (klass)->enter = mf_page_password_enter;
  MF_WIZARD_PAGE_CLASS (klass)->leave = mf_page_password_leave;
  MF_WIZARD_PAGE_CLASS (klass)->should_skip = mf_page_password_should_skip;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/mailfix/Wizard/mf-page-password.ui");
  gtk_widget_class_bind_template_child (widget_class, MfPagePassword, groups_box);
}

static void
mf_page_password_init (MfPagePassword *self)
{
  self->entries = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
