/* mf-atomic-file.c: whole-file reads and crash-safe file replacement
 *
 * A replacement is written to a temporary file beside the target, synced,
 * given the target's mode and owner, renamed over the target and followed
 * by a sync of the directory.  A crash at any point leaves either the old
 * file or the new one, never a mixture, and a failure leaves the old file
 * as it was. */
#include "config.h"

/* openat() and its kin are POSIX.1-2008, which -std=c11 alone hides */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-fault.h"
#include "mf-private.h"

/* a temporary name keeps at most this much of the target's name, so that
 * ".NAME.mailfix-XXXXXX" still fits in NAME_MAX */
#define TEMP_NAME_KEEP 200
#define TEMP_ATTEMPTS  100
#define READ_CHUNK     (64 * 1024)

typedef struct {
  guint mode;
  uid_t uid;
  gid_t gid;
} FileAttrs;

gboolean
mf_fail_errno (GError **error, gint errsv, const gchar *format, ...)
{
  va_list ap;
  g_autofree gchar *what = NULL;

  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, MF_ERROR, mf_error_from_errno (errsv),
               "%s: %s", what, g_strerror (errsv));
  return FALSE;
}

/* reads the whole file into one buffer of the size fstat() gave, so the
 * bytes are copied once; a file that grows meanwhile still fits, up to
 * max_size */
static GBytes *
read_all (int fd, gsize size, gsize max_size, const gchar *path, GError **error)
{
  gsize cap = size;
  gsize len = 0;
  g_autofree guint8 *data = g_malloc (cap + 1);

  for (;;) {
    gssize n;

    /* one byte more than expected is how growth shows */
    if (len == cap + 1) {
      if (cap >= max_size) {
        g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                     _("%s is larger than %llu bytes"), path, (unsigned long long) max_size);
        return NULL;
      }
      cap = MIN (MAX (cap * 2, (gsize) READ_CHUNK), max_size);
      data = g_realloc (data, cap + 1);
    }
    n = read (fd, data + len, cap + 1 - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      mf_fail_errno (error, errno, _("cannot read %s"), path);
      return NULL;
    }
    if (n == 0)
      break;
    len += (gsize) n;
    if (len > max_size) {
      g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                   _("%s is larger than %llu bytes"), path, (unsigned long long) max_size);
      return NULL;
    }
  }
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

GBytes *
mf_atomic_file_read (const gchar *path, gsize max_size, struct stat *st, GError **error)
{
  g_auto(MfFd) fd = -1;
  GBytes *bytes;
  struct stat st_local;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_NONBLOCK: a fifo planted at the path must not hang us before fstat
   * shows it is not a regular file */
  fd = mf_confine_open (path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0 && errno == ELOOP) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("%s is a symbolic link; mailfix only reads regular files"), path);
    return NULL;
  }
  if (fd < 0) {
    mf_confine_fail_open (error, errno, path);
    return NULL;
  }
  if (fstat (fd, &st_local) != 0) {
    mf_fail_errno (error, errno, _("cannot read %s"), path);
    return NULL;
  }
  if (!S_ISREG (st_local.st_mode)) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("%s is not a regular file"), path);
    return NULL;
  }
  if (!mf_confine_check_file (path, &st_local, error))
    return NULL;
  if ((guint64) st_local.st_size > max_size) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                 _("%s is larger than %llu bytes"), path, (unsigned long long) max_size);
    return NULL;
  }
  bytes = read_all (fd, (gsize) st_local.st_size, max_size, path, error);
  if (bytes == NULL)
    return NULL;
  if (st != NULL)
    *st = st_local;
  return bytes;
}

/* opens the directory that holds path and splits off the file name */
static gboolean
open_parent (const gchar *path, MfFd *dirfd, gchar **base, GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_autofree gchar *name = g_path_get_basename (path);
  int fd;

  if (g_str_has_suffix (path, G_DIR_SEPARATOR_S) ||
      g_strcmp0 (name, ".") == 0 || g_strcmp0 (name, "..") == 0 ||
      g_strcmp0 (name, G_DIR_SEPARATOR_S) == 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("%s does not name a file"), path);
    return FALSE;
  }
  fd = mf_confine_open (dir, O_RDONLY | O_DIRECTORY, 0);
  if (fd < 0 && errno == EXDEV)
    return mf_confine_fail_open (error, errno, dir);
  if (fd < 0)
    return mf_fail_errno (error, errno, _("cannot open the directory of %s"), path);
  *dirfd = fd;
  *base = g_steal_pointer (&name);
  return TRUE;
}

/* looks at what is at the path now without following a final symlink;
 * only a regular file or nothing at all may be replaced */
static gboolean
stat_target (int dirfd, const gchar *base, const gchar *path,
             struct stat *st, gboolean *exists, GError **error)
{
  if (fstatat (dirfd, base, st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno != ENOENT)
      return mf_fail_errno (error, errno, _("cannot examine %s"), path);
    *exists = FALSE;
    return TRUE;
  }
  if (S_ISLNK (st->st_mode)) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("%s is a symbolic link; mailfix does not replace links"), path);
    return FALSE;
  }
  if (!S_ISREG (st->st_mode)) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("%s is not a regular file"), path);
    return FALSE;
  }
  if (!mf_confine_check_file (path, st, error))
    return FALSE;
  *exists = TRUE;
  return TRUE;
}

/* as root, a file that takes no explicit owner gets the directory's, so a
 * file created below /home/alice belongs to alice and not to root */
static gboolean
resolve_owner (int dirfd, FileAttrs *attrs, const gchar *path, GError **error)
{
  struct stat dst;
  uid_t home_uid;
  gid_t home_gid;

  if (geteuid () != 0 || (attrs->uid != (uid_t) -1 && attrs->gid != (gid_t) -1))
    return TRUE;
  /* in a home root works on for its owner, that owner */
  if (mf_confine_lookup (path, &home_uid, &home_gid)) {
    if (attrs->uid == (uid_t) -1)
      attrs->uid = home_uid;
    if (attrs->gid == (gid_t) -1)
      attrs->gid = home_gid;
    return TRUE;
  }
  if (fstat (dirfd, &dst) != 0)
    return mf_fail_errno (error, errno, _("cannot examine the directory of %s"), path);
  if (attrs->uid == (uid_t) -1)
    attrs->uid = dst.st_uid;
  if (attrs->gid == (gid_t) -1)
    attrs->gid = dst.st_gid;
  return TRUE;
}

/* ".NAME.mailfix-": a temporary copy of NAME starts so, then has six
 * random characters; the rollback finds what a killed write left by it */
static gchar *
temp_prefix (const gchar *base)
{
  g_autofree gchar *stem = g_strndup (base, TEMP_NAME_KEEP);

  return g_strdup_printf (".%s.mailfix-", stem);
}

static int
create_temp (int dirfd, const gchar *base, const gchar *path, gchar **tmp_name, GError **error)
{
  static const gchar alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree gchar *prefix = temp_prefix (base);
  guint attempt;

  for (attempt = 0; attempt < TEMP_ATTEMPTS; attempt++) {
    gchar suffix[7];
    g_autofree gchar *name = NULL;
    int fd;
    guint i;

    for (i = 0; i < sizeof (suffix) - 1; i++)
      suffix[i] = alphabet[g_random_int_range (0, sizeof (alphabet) - 1)];
    suffix[sizeof (suffix) - 1] = '\0';
    name = g_strconcat (prefix, suffix, NULL);
    if (!mf_fault_step ("create", error))
      return -1;
    /* 0600 until the contents are complete and the final mode is set */
    fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      *tmp_name = g_steal_pointer (&name);
      return fd;
    }
    if (errno != EEXIST) {
      mf_fail_errno (error, errno, _("cannot create a temporary file beside %s"), path);
      return -1;
    }
  }
  g_set_error (error, MF_ERROR, MF_ERROR_IO,
               _("cannot find a free temporary name beside %s"), path);
  return -1;
}

static gboolean
write_all (int fd, const guint8 *data, gsize len, const gchar *path, GError **error)
{
  if (!mf_fault_step ("write", error))
    return FALSE;
  while (len > 0) {
    gssize n = write (fd, data, len);

    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return mf_fail_errno (error, errno, _("cannot write %s"), path);
    data += n;
    len -= (gsize) n;
  }
  return TRUE;
}

static gboolean
apply_attrs (int fd, const FileAttrs *attrs, const gchar *path, GError **error)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    return mf_fail_errno (error, errno, _("cannot examine the new contents of %s"), path);
  /* chown only when needed, so an unprivileged user can still replace his
   * own files; chown before chmod because chown may clear set-id bits */
  if ((attrs->uid != (uid_t) -1 && attrs->uid != st.st_uid) ||
      (attrs->gid != (gid_t) -1 && attrs->gid != st.st_gid)) {
    if (fchown (fd, attrs->uid, attrs->gid) != 0)
      return mf_fail_errno (error, errno, _("cannot give the new contents of %s their owner"), path);
  }
  if (fchmod (fd, attrs->mode & 07777) != 0)
    return mf_fail_errno (error, errno, _("cannot give the new contents of %s their mode"), path);
  return TRUE;
}

static gboolean
sync_dir (int dirfd, const gchar *path, GError **error)
{
  if (!mf_fault_step ("directory fsync", error))
    return FALSE;
  /* some file systems cannot sync a directory at all: that is not a failure */
  if (fsync (dirfd) != 0 && errno != EINVAL && errno != ENOTSUP)
    return mf_fail_errno (error, errno, _("cannot sync the directory of %s"), path);
  return TRUE;
}

static gboolean
finish_temp (MfFd *fd, const guint8 *data, gsize len, const FileAttrs *attrs,
             const gchar *path, GError **error)
{
  int to_close;

  if (!write_all (*fd, data, len, path, error) ||
      !apply_attrs (*fd, attrs, path, error))
    return FALSE;
  if (!mf_fault_step ("fsync", error))
    return FALSE;
  if (fsync (*fd) != 0)
    return mf_fail_errno (error, errno, _("cannot sync %s"), path);
  to_close = *fd;
  *fd = -1;
  /* on some file systems a failed write only shows at close */
  if (close (to_close) != 0 && errno != EINTR)
    return mf_fail_errno (error, errno, _("cannot write %s"), path);
  return TRUE;
}

static gboolean
replace_in_dir (int dirfd, const gchar *base, const gchar *path,
                const guint8 *data, gsize len, const FileAttrs *attrs, GError **error)
{
  g_autofree gchar *tmp_name = NULL;
  g_auto(MfFd) fd = create_temp (dirfd, base, path, &tmp_name, error);

  if (fd < 0)
    return FALSE;
  if (!finish_temp (&fd, data, len, attrs, path, error)) {
    unlinkat (dirfd, tmp_name, 0);
    return FALSE;
  }
  if (!mf_fault_step ("rename", error)) {
    unlinkat (dirfd, tmp_name, 0);
    return FALSE;
  }
  if (renameat (dirfd, tmp_name, dirfd, base) != 0) {
    gint errsv = errno;
    unlinkat (dirfd, tmp_name, 0);
    return mf_fail_errno (error, errsv, _("cannot replace %s"), path);
  }
  return sync_dir (dirfd, path, error);
}

/* keep_existing: an existing file's mode and owner win over attrs */
static gboolean
replace (const gchar *path, const guint8 *data, gsize len, FileAttrs attrs,
         gboolean keep_existing, GError **error)
{
  g_auto(MfFd) dirfd = -1;
  g_autofree gchar *base = NULL;
  struct stat st;
  gboolean exists = FALSE;

  if (!open_parent (path, &dirfd, &base, error) ||
      !stat_target (dirfd, base, path, &st, &exists, error))
    return FALSE;
  if (exists && keep_existing) {
    attrs.mode = st.st_mode & 07777;
    attrs.uid = st.st_uid;
    attrs.gid = st.st_gid;
  } else if (!resolve_owner (dirfd, &attrs, path, error)) {
    return FALSE;
  }
  return replace_in_dir (dirfd, base, path, data, len, &attrs, error);
}

gboolean
mf_atomic_file_replace (const gchar *path, const guint8 *data, gsize len,
                        guint new_mode, GError **error)
{
  FileAttrs attrs = { new_mode, (uid_t) -1, (gid_t) -1 };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return replace (path, data, len, attrs, TRUE, error);
}

gboolean
mf_atomic_file_replace_as (const gchar *path, const guint8 *data, gsize len,
                           guint mode, uid_t uid, gid_t gid, GError **error)
{
  FileAttrs attrs = { mode, uid, gid };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return replace (path, data, len, attrs, FALSE, error);
}

gboolean
mf_atomic_file_delete (const gchar *path, GError **error)
{
  g_auto(MfFd) dirfd = -1;
  g_autofree gchar *base = NULL;
  g_autoptr(GError) error_local = NULL;
  struct stat st;
  gboolean exists = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* a file whose directory is gone is as deleted as it gets */
  if (!open_parent (path, &dirfd, &base, &error_local)) {
    if (g_error_matches (error_local, MF_ERROR, MF_ERROR_NOT_FOUND))
      return TRUE;
    g_propagate_error (error, g_steal_pointer (&error_local));
    return FALSE;
  }
  if (!stat_target (dirfd, base, path, &st, &exists, error))
    return FALSE;
  if (!exists)
    return TRUE;
  if (!mf_fault_step ("delete", error))
    return FALSE;
  if (unlinkat (dirfd, base, 0) != 0)
    return mf_fail_errno (error, errno, _("cannot delete %s"), path);
  return sync_dir (dirfd, path, error);
}

void
mf_atomic_file_remove_stale_temps (const gchar *path)
{
  g_auto(MfFd) dirfd = -1;
  g_autofree gchar *base = NULL;
  g_autofree gchar *prefix = NULL;
  g_autoptr(GError) error = NULL;
  DIR *dir;
  struct dirent *entry;
  gsize prefix_len;
  int listfd;

  g_return_if_fail (path != NULL);

  if (!open_parent (path, &dirfd, &base, &error))
    return;
  prefix = temp_prefix (base);
  prefix_len = strlen (prefix);
  listfd = fcntl (dirfd, F_DUPFD_CLOEXEC, 0);
  if (listfd < 0 || (dir = fdopendir (listfd)) == NULL) {
    if (listfd >= 0)
      close (listfd);
    return;
  }
  while ((entry = readdir (dir)) != NULL) {
    struct stat st;

    /* only what create_temp() names: the prefix and six characters */
    if (strncmp (entry->d_name, prefix, prefix_len) != 0 || strlen (entry->d_name) != prefix_len + 6)
      continue;
    if (fstatat (dirfd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (st.st_mode))
      unlinkat (dirfd, entry->d_name, 0);
  }
  closedir (dir);
}

gchar *
mf_sha256_bytes (GBytes *bytes)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}
