/* mf-wizard-page.c: what every page of the wizard has in common */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mf-wizard-page.h"

typedef struct {
  gboolean complete;
  gboolean busy;
  gboolean back_allowed;
  gchar *title;
  gchar *next_label;
} MfWizardPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MfWizardPage, mf_wizard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_COMPLETE,
  PROP_BUSY,
  PROP_BACK_ALLOWED,
  PROP_TITLE,
  PROP_NEXT_LABEL,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
mf_wizard_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (MF_WIZARD_PAGE (object));

  switch (prop_id) {
  case PROP_COMPLETE:
    g_value_set_boolean (value, priv->complete);
    break;
  case PROP_BUSY:
    g_value_set_boolean (value, priv->busy);
    break;
  case PROP_BACK_ALLOWED:
    g_value_set_boolean (value, priv->back_allowed);
    break;
  case PROP_TITLE:
    g_value_set_string (value, priv->title);
    break;
  case PROP_NEXT_LABEL:
    g_value_set_string (value, priv->next_label);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
mf_wizard_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MfWizardPage *self = MF_WIZARD_PAGE (object);

  switch (prop_id) {
  case PROP_COMPLETE:
    mf_wizard_page_set_complete (self, g_value_get_boolean (value));
    break;
  case PROP_BUSY:
    mf_wizard_page_set_busy (self, g_value_get_boolean (value));
    break;
  case PROP_BACK_ALLOWED:
    mf_wizard_page_set_back_allowed (self, g_value_get_boolean (value));
    break;
  case PROP_TITLE:
    mf_wizard_page_set_title (self, g_value_get_string (value));
    break;
  case PROP_NEXT_LABEL:
    mf_wizard_page_set_next_label (self, g_value_get_string (value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
mf_wizard_page_finalize (GObject *object)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (MF_WIZARD_PAGE (object));

  g_free (priv->title);
  g_free (priv->next_label);
  G_OBJECT_CLASS (mf_wizard_page_parent_class)->finalize (object);
}

static void
page_enter_default (MfWizardPage *self, MfWizardState *state, gboolean forward)
{
}

static void
page_leave_default (MfWizardPage *self, MfWizardState *state, gboolean forward)
{
}

static gboolean
page_should_skip_default (MfWizardPage *self, MfWizardState *state)
{
  return FALSE;
}

static void
mf_wizard_page_class_init (MfWizardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = mf_wizard_page_get_property;
  object_class->set_property = mf_wizard_page_set_property;
  object_class->finalize = mf_wizard_page_finalize;
  klass->enter = page_enter_default;
  klass->leave = page_leave_default;
  klass->should_skip = page_should_skip_default;

  props[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_BACK_ALLOWED] = g_param_spec_boolean ("back-allowed", NULL, NULL, TRUE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_NEXT_LABEL] = g_param_spec_string ("next-label", NULL, NULL, NULL,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
mf_wizard_page_init (MfWizardPage *self)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);

  priv->back_allowed = TRUE;
}

gboolean
mf_wizard_page_get_complete (MfWizardPage *self)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);
  return priv->complete;
}

void
mf_wizard_page_set_complete (MfWizardPage *self, gboolean complete)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);

  if (priv->complete == !!complete)
    return;
  priv->complete = !!complete;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_COMPLETE]);
}

gboolean
mf_wizard_page_get_busy (MfWizardPage *self)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);
  return priv->busy;
}

void
mf_wizard_page_set_busy (MfWizardPage *self, gboolean busy)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);

  if (priv->busy == !!busy)
    return;
  priv->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

gboolean
mf_wizard_page_get_back_allowed (MfWizardPage *self)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);
  return priv->back_allowed;
}

void
mf_wizard_page_set_back_allowed (MfWizardPage *self, gboolean allowed)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);

  if (priv->back_allowed == !!allowed)
    return;
  priv->back_allowed = !!allowed;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BACK_ALLOWED]);
}

const gchar *
mf_wizard_page_get_title (MfWizardPage *self)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);
  return priv->title;
}

void
mf_wizard_page_set_title (MfWizardPage *self, const gchar *title)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);

  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

const gchar *
mf_wizard_page_get_next_label (MfWizardPage *self)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);
  return priv->next_label;
}

void
mf_wizard_page_set_next_label (MfWizardPage *self, const gchar *label)
{
  MfWizardPagePrivate *priv = mf_wizard_page_get_instance_private (self);

  if (g_strcmp0 (priv->next_label, label) == 0)
    return;
  g_free (priv->next_label);
  priv->next_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NEXT_LABEL]);
}

void
mf_wizard_page_enter (MfWizardPage *self, MfWizardState *state, gboolean forward)
{
  g_return_if_fail (MF_IS_WIZARD_PAGE (self));
  MF_WIZARD_PAGE_GET_CLASS (self)->enter (self, state, forward);
}

void
mf_wizard_page_leave (MfWizardPage *self, MfWizardState *state, gboolean forward)
{
  g_return_if_fail (MF_IS_WIZARD_PAGE (self));
  MF_WIZARD_PAGE_GET_CLASS (self)->leave (self, state, forward);
}

gboolean
mf_wizard_page_should_skip (MfWizardPage *self, MfWizardState *state)
{
  g_return_val_if_fail (MF_IS_WIZARD_PAGE (self), FALSE);
  return MF_WIZARD_PAGE_GET_CLASS (self)->should_skip (self, state);
}

/* ---- helpers ---- */

void
mf_wizard_hold_app (void)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL)
    g_application_hold (app);
}

void
mf_wizard_release_app (void)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL)
    g_application_release (app);
}

void
mf_wizard_clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

void
mf_wizard_set_accessible_label (GtkWidget *widget, const gchar *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* GTK says the label, then the widgets the widget is labelled by: a
   * row is labelled by its title, which the label given here already
   * says, and a screen reader would say it twice */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

GtkWidget *
mf_wizard_row_new (const gchar *title, const gchar *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree gchar *accessible = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL) {
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  }
  accessible = subtitle != NULL ? g_strdup_printf ("%s. %s", title, subtitle) : g_strdup (title);
  mf_wizard_set_accessible_label (row, accessible);
  return row;
}

GtkWidget *
mf_wizard_icon_new (const gchar *icon_name)
{
  return g_object_new (GTK_TYPE_IMAGE, "icon-name", icon_name, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
}

GtkWidget *
mf_wizard_label_new (const gchar *text, const gchar *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

const gchar *
mf_wizard_account_title (MfAccount *account)
{
  const gchar *address = mf_account_get_address (account);

  if (address != NULL && address[0] != '\0')
    return address;
  if (mf_account_get_name (account) != NULL)
    return mf_account_get_name (account);
  return mf_account_get_id (account);
}

gchar *
mf_wizard_server_title (MfServer *server)
{
  const gchar *host = mf_server_get_host (server) != NULL ? mf_server_get_host (server) : "?";

  if (mf_server_get_protocol (server) == MF_PROTOCOL_SMTP)
    /* TRANSLATORS: a server mail is sent through: host name and port */
    return g_strdup_printf (_("Sending: %s, port %u"), host, (guint) mf_server_get_port (server));
  /* TRANSLATORS: a server mail is received from: host name and port */
  return g_strdup_printf (_("Receiving: %s, port %u"), host, (guint) mf_server_get_port (server));
}
