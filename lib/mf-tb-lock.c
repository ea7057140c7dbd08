/* mf-tb-lock.c: Thunderbird's profile lock, taken the way Thunderbird takes it */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mf-confine.h"
#include "mf-error.h"
#include "mf-private.h"
#include "mf-tb-lock.h"

struct _MfTbLock {
  gint fd;
  gboolean stale;
};

/* "127.0.0.1:+1234": the + says Thunderbird also held the fcntl lock */
static gboolean
parse_lock_target (const gchar *target, gboolean *is_local, gboolean *has_plus, gint64 *pid)
{
  const gchar *colon = strrchr (target, ':');
  const gchar *num;
  gchar *end = NULL;

  if (colon == NULL)
    return FALSE;
  *is_local = strncmp (target, "127.0.0.1:", 10) == 0;
  *has_plus = colon[1] == '+';
  num = colon + (*has_plus ? 2 : 1);
  *pid = g_ascii_strtoll (num, &end, 10);
  return end != num && *end == '\0' && *pid > 0;
}

/* with the fcntl lock held, is the old "lock" symlink a crash leftover? */
static gboolean
symlink_is_stale (const gchar *target)
{
  gboolean is_local = FALSE, has_plus = FALSE;
  gint64 pid = 0;

  if (!parse_lock_target (target, &is_local, &has_plus, &pid))
    return TRUE;
  if (!is_local)
    return FALSE;   /* another machine on a shared home: assume it runs */
  if (has_plus)
    return TRUE;    /* its owner would still hold the fcntl lock we now hold */
  return kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

static gboolean
fail_busy (const gchar *profile_dir, gint64 pid, GError **error)
{
  if (pid > 0)
    g_set_error (error, MF_ERROR, MF_ERROR_BUSY,
                 _("the profile %s is in use by Thunderbird (process %lld); close Thunderbird and try again"),
                 profile_dir, (long long) pid);
  else
    g_set_error (error, MF_ERROR, MF_ERROR_BUSY,
                 _("the profile %s is in use by Thunderbird; close Thunderbird and try again"), profile_dir);
  return FALSE;
}

/* a .parentlock we create must belong to the profile's owner, or the
 * user's own Thunderbird could not lock its profile afterwards */
static void
match_owner (gint fd, const gchar *profile_dir)
{
  struct stat dir_st, st;

  if (stat (profile_dir, &dir_st) == 0 && fstat (fd, &st) == 0 &&
      (st.st_uid != dir_st.st_uid || st.st_gid != dir_st.st_gid)) {
    if (fchown (fd, dir_st.st_uid, dir_st.st_gid) != 0)
      g_debug ("cannot give %s/.parentlock to its profile's owner: %s", profile_dir, g_strerror (errno));
  }
}

MfTbLock *
mf_tb_lock_acquire (const gchar *profile_dir, GError **error)
{
  g_autofree gchar *lock_path = g_build_filename (profile_dir, ".parentlock", NULL);
  g_autofree gchar *link_path = g_build_filename (profile_dir, "lock", NULL);
  g_autofree gchar *target = NULL;
  struct flock fl = { 0 };
  struct stat st;
  MfTbLock *lock;
  gint fd;

  fd = mf_confine_open (lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0644);
  if (fd < 0 && errno == EXDEV) {
    mf_confine_fail_open (error, errno, lock_path);
    return NULL;
  }
  if (fd < 0) {
    gint errsv = errno;
    g_set_error (error, MF_ERROR, mf_error_from_errno (errsv),
                 _("cannot open the profile lock %s: %s"), lock_path, g_strerror (errsv));
    return NULL;
  }
  /* the lock is given to the profile's owner below: a hard link to some
   * other file must not make that file theirs */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_nlink > 1 ||
      !mf_confine_check_file (lock_path, &st, NULL)) {
    close (fd);
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("the profile lock %s is not a plain file of the profile's owner; mailfix leaves the profile alone"),
                 lock_path);
    return NULL;
  }
  match_owner (fd, profile_dir);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl (fd, F_SETLK, &fl) != 0) {
    gint errsv = errno;
    if (errsv == EAGAIN || errsv == EACCES) {
      struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
      gint64 pid = fcntl (fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK ? probe.l_pid : 0;
      close (fd);
      fail_busy (profile_dir, pid, error);
      return NULL;
    }
    close (fd);
    g_set_error (error, MF_ERROR, mf_error_from_errno (errsv),
                 _("cannot lock the profile %s: %s"), profile_dir, g_strerror (errsv));
    return NULL;
  }

  lock = g_new0 (MfTbLock, 1);
  lock->fd = fd;
  target = g_file_read_link (link_path, NULL);
  if (target != NULL) {
    gboolean is_local = FALSE, has_plus = FALSE;
    gint64 pid = 0;
    if (!symlink_is_stale (target)) {
      parse_lock_target (target, &is_local, &has_plus, &pid);
      mf_tb_lock_release (lock);
      fail_busy (profile_dir, pid, error);
      return NULL;
    }
    lock->stale = TRUE;
  }
  return lock;
}

void
mf_tb_lock_release (MfTbLock *lock)
{
  if (lock == NULL)
    return;
  /* closing the descriptor drops the fcntl lock; .parentlock itself stays,
   * as Thunderbird leaves it */
  if (lock->fd >= 0)
    close (lock->fd);
  g_free (lock);
}

gboolean
mf_tb_lock_was_stale (MfTbLock *lock)
{
  return lock != NULL && lock->stale;
}
