/* mf-wizard-support.c: an ISP's own name, logo and support line, from its
 * provider file (mf:branding) */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mf-wizard-page.h"
#include "mf-wizard-state.h"
#include "mf-wizard-support.h"

/* the ISP's picture at the size of a row's icon; a file that does not
 * load leaves the row without it rather than failing the page */
static GtkWidget *
logo_new (const gchar *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  GtkWidget *image;

  if (texture == NULL) {
    g_debug ("the logo %s does not load: %s", path, error->message);
    return NULL;
  }
  image = gtk_image_new_from_paintable (GDK_PAINTABLE (texture));
  gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  g_object_set (image, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  return image;
}

GtkWidget *
mf_wizard_support_row_new (MfProvider *provider)
{
  const gchar *language = mf_wizard_state_get_language ();
  const gchar *phone, *hours, *url, *logo;
  g_autofree gchar *subtitle = NULL;
  g_autofree gchar *name = NULL;
  GtkWidget *row, *image;

  if (provider == NULL || !mf_provider_has_branding (provider))
    return NULL;
  phone = mf_provider_get_support_phone (provider);
  hours = mf_provider_get_support_hours (provider, language);
  if (phone != NULL && hours != NULL)
    /* TRANSLATORS: under an ISP's name: its support line; the telephone number, then when it answers */
    subtitle = g_strdup_printf (_("Support: %s (%s)"), phone, hours);
  else if (phone != NULL)
    /* TRANSLATORS: under an ISP's name: its support telephone number */
    subtitle = g_strdup_printf (_("Support: %s"), phone);
  row = mf_wizard_row_new (mf_provider_get_brand_name (provider, language), subtitle);
  name = g_strdup_printf ("support-%s", mf_provider_get_id (provider));
  gtk_widget_set_name (row, name);
  logo = mf_provider_get_logo_path (provider);
  image = logo != NULL ? logo_new (logo) : NULL;
  if (image != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  url = mf_provider_get_help_url (provider);
  if (url != NULL) {
    GtkWidget *link = gtk_link_button_new_with_label (url, _("Help Page"));
    g_autofree gchar *accessible = g_strdup_printf (_("Help page of %s"), mf_provider_get_brand_name (provider, language));
    gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
    mf_wizard_set_accessible_label (link, accessible);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), link);
  }
  return row;
}
