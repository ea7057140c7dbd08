/* mf-confine.c: keeping root inside a user's home
 *
 * openat2(RESOLVE_BENEATH) lets the kernel refuse any path that would
 * leave the home, at the moment of the open, so a link swapped in after a
 * check changes nothing. Where the kernel lacks openat2, each component is
 * opened in turn without following any symbolic link. */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-private.h"

typedef struct {
  gchar *root;
  uid_t uid;
  gid_t gid;
} Confinement;

static GMutex confine_mutex;
/* root path → Confinement: a lookup walks up the path, so its cost does
 * not grow with the number of homes (--all-users on a large machine) */
static GHashTable *confinements;

static void
confinement_free (gpointer data)
{
  Confinement *c = data;

  g_free (c->root);
  g_free (c);
}

gboolean
mf_confine_home (const gchar *home)
{
  g_autofree gchar *root = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  struct stat st;
  Confinement *c;

  g_return_val_if_fail (home != NULL, FALSE);

  if (geteuid () != 0 || stat (home, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid == 0)
    return FALSE;
  root = g_canonicalize_filename (home, NULL);
  locker = g_mutex_locker_new (&confine_mutex);
  if (confinements == NULL)
    confinements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, confinement_free);
  if (g_hash_table_contains (confinements, root))
    return TRUE;
  c = g_new0 (Confinement, 1);
  c->root = g_steal_pointer (&root);
  c->uid = st.st_uid;
  c->gid = st.st_gid;
  g_hash_table_insert (confinements, c->root, c);
  return TRUE;
}

void
mf_confine_reset (void)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&confine_mutex);

  g_clear_pointer (&confinements, g_hash_table_unref);
}

/* the innermost confinement holding path: its root, owner and the part of
 * path below it ("." for the root itself) */
static gboolean
find (const gchar *path, gchar **root, gchar **rel, uid_t *uid, gid_t *gid)
{
  g_autofree gchar *canon = NULL;
  g_autofree gchar *probe = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&confine_mutex);
  const Confinement *best = NULL;
  gsize root_len;

  /* the usual case, a user on their own home, costs no more than this */
  if (confinements == NULL || g_hash_table_size (confinements) == 0 || path == NULL || !g_path_is_absolute (path))
    return FALSE;
  canon = g_canonicalize_filename (path, NULL);
  probe = g_strdup (canon);
  /* the path itself, then each parent: the first root met is the innermost */
  while ((best = g_hash_table_lookup (confinements, probe)) == NULL) {
    gchar *slash = strrchr (probe, '/');

    if (slash == NULL || slash == probe)
      return FALSE;
    *slash = '\0';
  }
  root_len = strlen (best->root);
  if (root != NULL)
    *root = g_strdup (best->root);
  if (rel != NULL)
    *rel = g_strdup (canon[root_len] == '\0' ? "." : canon + root_len + 1);
  if (uid != NULL)
    *uid = best->uid;
  if (gid != NULL)
    *gid = best->gid;
  return TRUE;
}

gboolean
mf_confine_lookup (const gchar *path, uid_t *uid, gid_t *gid)
{
  return find (path, NULL, NULL, uid, gid);
}

gchar *
mf_confine_resolve (const gchar *path)
{
  g_autofree gchar *real = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* inside a home of someone else a path is not resolved here: every open
   * resolves it beneath the home, and refuses a link that leads out */
  if (find (path, NULL, NULL, NULL, NULL))
    return g_canonicalize_filename (path, NULL);
  real = realpath (path, NULL);
  return real != NULL ? g_strdup (real) : g_canonicalize_filename (path, NULL);
}

/* one component after another, none of them a link: stricter than
 * RESOLVE_BENEATH, which allows links that stay inside */
int
mf_confine_open_walk (int rootfd, const gchar *rel, int flags, mode_t mode)
{
  g_auto(GStrv) parts = g_strsplit (rel, "/", -1);
  g_auto(MfFd) dirfd = fcntl (rootfd, F_DUPFD_CLOEXEC, 0);
  guint n = g_strv_length (parts);
  int fd;

  if (dirfd < 0)
    return -1;
  for (guint i = 0; i + 1 < n; i++) {
    int next;

    if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
      continue;
    if (strcmp (parts[i], "..") == 0) {
      errno = EXDEV;
      return -1;
    }
    next = openat (dirfd, parts[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) {
      /* a link where a directory should be: it would lead elsewhere */
      if (errno == ELOOP || errno == ENOTDIR) {
        struct stat st;
        if (fstatat (dirfd, parts[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode))
          errno = EXDEV;
      }
      return -1;
    }
    mf_fd_close (dirfd);
    dirfd = next;
  }
  if (n == 0 || strcmp (parts[n - 1], "..") == 0) {
    errno = EXDEV;
    return -1;
  }
  fd = openat (dirfd, parts[n - 1][0] == '\0' ? "." : parts[n - 1], flags | O_NOFOLLOW | O_CLOEXEC, mode);
  /* a final link the caller did not refuse itself would have been followed */
  if (fd < 0 && errno == ELOOP && (flags & O_NOFOLLOW) == 0)
    errno = EXDEV;
  return fd;
}

int
mf_confine_open (const gchar *path, int flags, mode_t mode)
{
  g_autofree gchar *root = NULL;
  g_autofree gchar *rel = NULL;
  g_auto(MfFd) rootfd = -1;
  struct open_how how;
  long fd;
  gint errsv;

  g_return_val_if_fail (path != NULL, -1);

  if (!find (path, &root, &rel, NULL, NULL))
    return open (path, flags | O_CLOEXEC, mode);
  rootfd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return -1;
  memset (&how, 0, sizeof how);
  how.flags = (guint64) (flags | O_CLOEXEC);
  how.mode = (flags & (O_CREAT | O_TMPFILE)) != 0 ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  fd = syscall (SYS_openat2, rootfd, rel, &how, sizeof how);
  if (fd < 0 && (errno == ENOSYS || errno == EPERM || errno == E2BIG))
    /* no openat2 (an old kernel, or a seccomp filter that forbids it) */
    fd = mf_confine_open_walk (rootfd, rel, flags, mode);
  errsv = errno;
  mf_fd_close (mf_fd_steal (&rootfd));
  errno = errsv;
  return (int) fd;
}

gboolean
mf_confine_fail_open (GError **error, gint errsv, const gchar *path)
{
  g_autofree gchar *root = NULL;

  if (errsv == EXDEV && find (path, &root, NULL, NULL, NULL)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PERMISSION,
                 _("%s leads out of %s through a symbolic link; mailfix does not follow it there"), path, root);
    return FALSE;
  }
  return mf_fail_errno (error, errsv, _("cannot open %s"), path);
}

gboolean
mf_confine_check_file (const gchar *path, const struct stat *st, GError **error)
{
  uid_t uid;

  g_return_val_if_fail (path != NULL && st != NULL, FALSE);

  if (!find (path, NULL, NULL, &uid, NULL))
    return TRUE;
  if (st->st_uid != uid) {
    g_set_error (error, MF_ERROR, MF_ERROR_PERMISSION,
                 _("%s does not belong to the owner of its home; mailfix leaves it alone"), path);
    return FALSE;
  }
  if (S_ISREG (st->st_mode) && st->st_nlink > 1) {
    g_set_error (error, MF_ERROR, MF_ERROR_PERMISSION,
                 _("%s has other hard links; mailfix leaves it alone"), path);
    return FALSE;
  }
  return TRUE;
}
