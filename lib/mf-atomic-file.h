/* mf-atomic-file.h: whole-file reads and crash-safe file replacement;
 * private to libmailfix, never installed */
#pragma once

#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib.h>

G_BEGIN_DECLS

/* an owned file descriptor: g_auto(MfFd) fd = -1 closes it on every return
 * path; errno survives the close so callers can still report it */
typedef int MfFd;

static inline void
mf_fd_close (MfFd fd)
{
  int errsv = errno;

  close (fd);
  errno = errsv;
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MfFd, mf_fd_close, -1)

/* hands an owned descriptor on, like g_steal_pointer() */
static inline int
mf_fd_steal (MfFd *fd)
{
  int ret = *fd;

  *fd = -1;
  return ret;
}

/* sets an MF_ERROR from errsv ("<what>: <strerror>") and returns FALSE */
gboolean mf_fail_errno             (GError     **error,
                                    gint         errsv,
                                    const gchar *format,
                                    ...) G_GNUC_PRINTF (3, 4);

/* reads a regular file (a final symlink is refused, not followed), at most
 * max_size bytes; fills st when it is not NULL.  A missing file is
 * MF_ERROR_NOT_FOUND, a symlink or special file MF_ERROR_UNSUPPORTED, a file
 * over max_size MF_ERROR_TOO_LARGE */
GBytes  *mf_atomic_file_read       (const gchar  *path,
                                    gsize         max_size,
                                    struct stat  *st,
                                    GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* replaces path with data through a temporary file in the same directory,
 * keeping the old file's mode and owner; a new file gets new_mode and, when
 * we are root, the directory's owner.  On failure the old file is untouched */
gboolean mf_atomic_file_replace    (const gchar  *path,
                                    const guint8 *data,
                                    gsize         len,
                                    guint         new_mode,
                                    GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* the same, but the result has exactly this mode and owner whether path
 * existed or not; (uid_t) -1 and (gid_t) -1 mean the directory's owner when
 * we are root and whoever creates the file otherwise */
gboolean mf_atomic_file_replace_as (const gchar  *path,
                                    const guint8 *data,
                                    gsize         len,
                                    guint         mode,
                                    uid_t         uid,
                                    gid_t         gid,
                                    GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* removes a regular file and syncs its directory; a file that is already
 * gone is not an error, a symlink or special file is refused */
gboolean mf_atomic_file_delete     (const gchar  *path,
                                    GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* removes the temporary files a replacement of path left behind when its
 * process was killed before the rename; for a rollback, under the lock */
void     mf_atomic_file_remove_stale_temps (const gchar *path);

/* lower-case hex SHA-256 of bytes */
gchar   *mf_sha256_bytes           (GBytes       *bytes) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
