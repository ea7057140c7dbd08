/* mf-i18n.c: the library's message catalogue */
#include "config.h"

#include "mf-private.h"

void
mf_i18n_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once)) {
    const gchar *dir = g_getenv ("MAILFIX_LOCALEDIR");
    bindtextdomain (GETTEXT_PACKAGE, dir != NULL ? dir : LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    g_once_init_leave (&once, 1);
  }
}
