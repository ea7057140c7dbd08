/* mf-session-users.c: every user's home from the password database, for a
 * helpdesk that runs mailfix as root on a shared machine */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mf-atomic-file.h"
#include "mf-error.h"
#include "mf-private.h"
#include "mf-session.h"

/* useradd's defaults, when /etc/login.defs does not say */
#define MF_DEFAULT_UID_MIN 1000
#define MF_DEFAULT_UID_MAX 60000

/* the range of ordinary users' IDs, as useradd reads it from login.defs */
static void
read_uid_range (const gchar *login_defs, guint64 *min, guint64 *max)
{
  g_autofree gchar *text = NULL;
  g_auto(GStrv) lines = NULL;

  *min = MF_DEFAULT_UID_MIN;
  *max = MF_DEFAULT_UID_MAX;
  if (!g_file_get_contents (login_defs, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    gchar key[16];
    unsigned long value;

    /* a key, blanks, a number; comments and other keys do not match */
    if (sscanf (lines[i], " %15[A-Z_] %lu", key, &value) != 2 || value > G_MAXUINT32)
      continue;
    if (strcmp (key, "UID_MIN") == 0)
      *min = value;
    else if (strcmp (key, "UID_MAX") == 0)
      *max = value;
  }
}

/**
 * mf_session_add_all_users:
 * @self: a session
 * @error: return location for a #GError
 *
 * Adds the home of every ordinary user in the password database (those
 * whose user ID is in the range `UID_MIN` to `UID_MAX` of
 * /etc/login.defs, 1000 to 60000 when it does not say), each once, as
 * mf_session_add_home() does. Users whose home is not a directory owned
 * by them are left out: their home is another user's or a shared one.
 * Run as root, each home is a confinement: nothing in it can make mailfix
 * read or write outside it, and files written there belong to its owner.
 *
 * Returns: the number of homes added, or -1 with @error set when the
 *   password database cannot be read
 *
 * Since: 0.1
 */
gint
mf_session_add_all_users (MfSession *self, GError **error)
{
  static GMutex pw_mutex;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) homes = g_ptr_array_new_with_free_func (g_free);
  guint64 uid_min, uid_max;
  struct passwd *pw;

  g_return_val_if_fail (MF_IS_SESSION (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  read_uid_range ("/etc/login.defs", &uid_min, &uid_max);
  /* getpwent() keeps one position for the whole process */
  locker = g_mutex_locker_new (&pw_mutex);
  setpwent ();
  for (;;) {
    struct stat st;

    errno = 0;
    pw = getpwent ();
    if (pw == NULL)
      break;
    if (pw->pw_uid < uid_min || pw->pw_uid > uid_max || pw->pw_dir == NULL || !g_path_is_absolute (pw->pw_dir))
      continue;
    if (stat (pw->pw_dir, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != pw->pw_uid)
      continue;
    if (!g_ptr_array_find_with_equal_func (homes, pw->pw_dir, g_str_equal, NULL))
      g_ptr_array_add (homes, g_strdup (pw->pw_dir));
  }
  /* ENOENT and the like only say the database has no more entries */
  if (errno != 0 && errno != ENOENT && errno != ESRCH && errno != EBADF && errno != EPERM) {
    gint errsv = errno;
    endpwent ();
    mf_fail_errno (error, errsv, _("cannot read the password database"));
    return -1;
  }
  endpwent ();
  g_clear_pointer (&locker, g_mutex_locker_free);
  for (guint i = 0; i < homes->len; i++)
    mf_session_add_home (self, g_ptr_array_index (homes, i));
  return (gint) homes->len;
}
