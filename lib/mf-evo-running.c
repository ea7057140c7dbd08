/* mf-evo-running.c: is Evolution itself running for a user. Evolution keeps
 * its own copies of the sources and its account editor writes a whole
 * source back, so a change made under it can be lost. Read from /proc so
 * it works from cron, ssh and root sessions with no D-Bus of the user. */
#include "config.h"

#include <sys/stat.h>

#include "mf-evo-running.h"
#include "mf-private.h"

gint
mf_evo_find_running (uid_t uid)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const gchar *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL) {
    g_autofree gchar *dir = NULL;
    g_autofree gchar *exe_link = NULL;
    g_autofree gchar *exe = NULL;
    g_autofree gchar *base = NULL;
    gchar *end = NULL;
    gint64 pid = g_ascii_strtoll (name, &end, 10);
    struct stat st;

    if (end == name || *end != '\0' || pid <= 0)
      continue;
    dir = g_build_filename ("/proc", name, NULL);
    if (stat (dir, &st) != 0 || st.st_uid != uid)
      continue;
    exe_link = g_build_filename (dir, "exe", NULL);
    exe = g_file_read_link (exe_link, NULL);
    if (exe == NULL)
      continue;
    /* a replaced binary reads "/usr/bin/evolution (deleted)" */
    if (g_str_has_suffix (exe, " (deleted)"))
      exe[strlen (exe) - strlen (" (deleted)")] = '\0';
    base = g_path_get_basename (exe);
    if (g_strcmp0 (base, "evolution") == 0)
      return (gint) pid;
  }
  return 0;
}
