/* mf-wizard-main.c: mailfix-wizard, the desktop wizard: the application,
 * its command line and its message catalogue */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "mf-wizard-window.h"

static gchar **homes;
static gboolean no_autoconfig;

static void
activate (GtkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL) {
    /* a desktop user cannot be asked for a command-line option: mail
     * domains the provider database lacks are looked up as Thunderbird
     * does, unless told not to */
    g_autoptr(MfAutoconfig) autoconfig = no_autoconfig ? NULL : mf_autoconfig_new ();
    window = GTK_WINDOW (mf_wizard_window_new (app, (const gchar * const *) homes, autoconfig));
  }
  gtk_window_present (window);
}

static gint
handle_local_options (GApplication *app, GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version")) {
    g_print ("mailfix-wizard %s\n", PACKAGE_VERSION);
    return 0;
  }
  /* another home than one's own is for helpers and tests: such a window
   * must not be merged into a wizard already open on the user's home */
  if (homes != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

int
main (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "home", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &homes,
      N_("Look in this home directory instead of yours (repeatable)"), N_("DIR") },
    { "no-autoconfig", 0, 0, G_OPTION_ARG_NONE, &no_autoconfig,
      N_("Do not look up on the network the settings of mail domains mailfix does not know"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };
  const gchar *localedir = g_getenv ("MAILFIX_LOCALEDIR");
  g_autoptr(AdwApplication) app = NULL;
  gint status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Mail Settings Repair"));

  app = adw_application_new ("jp.mailfix.Wizard", G_APPLICATION_DEFAULT_FLAGS);
  g_application_add_main_option_entries (G_APPLICATION (app), entries);
  g_application_set_option_context_summary (G_APPLICATION (app),
                                            _("Repairs the mail settings of the mail programs on this computer, "
                                              "step by step."));
  g_signal_connect (app, "handle-local-options", G_CALLBACK (handle_local_options), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_strfreev (homes);
  return status;
}
