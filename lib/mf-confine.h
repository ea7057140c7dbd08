/* mf-confine.h: keeping root inside a user's home
 *
 * When root works on a home that belongs to someone else, every file in it
 * was written by that someone. A home registered here is a confinement:
 * a path below it is opened without leaving it (no symbolic link, "..",
 * or magic link leads out), and a file read or replaced there must belong
 * to the home's owner and have no other hard link. Paths outside every
 * confinement are opened as usual. */
#pragma once

#include <glib.h>
#include <sys/stat.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* makes home a confinement when the effective user is root and home
 * belongs to another user; TRUE when it did. The home's own path (as the
 * password database names it) is trusted, symbolic links included. */
gboolean mf_confine_home         (const gchar *home);

/* the owner of the confinement that holds path; FALSE when path is in
 * none */
gboolean mf_confine_lookup       (const gchar *path, uid_t *uid, gid_t *gid);

/* the path a profile is known by: resolved through its links, except
 * inside a confinement, where resolving could lead out of the home */
gchar   *mf_confine_resolve      (const gchar *path) G_GNUC_WARN_UNUSED_RESULT;

/* open(2) that stays inside the confinement holding path, if any, with
 * O_CLOEXEC added; -1 and errno on failure, EXDEV when the path would
 * leave the home */
int      mf_confine_open         (const gchar *path, int flags, mode_t mode);
/* the same below an open directory, refusing every link on the way; for
 * kernels without openat2 */
int      mf_confine_open_walk    (int rootfd, const gchar *rel, int flags, mode_t mode);
/* sets error for a failed mf_confine_open() of path; always FALSE */
gboolean mf_confine_fail_open    (GError **error, gint errsv, const gchar *path);

/* for a regular file opened at path, inside a confinement: it belongs to
 * the home's owner and has one link; otherwise nothing to check */
gboolean mf_confine_check_file   (const gchar *path, const struct stat *st, GError **error);

/* forgets every confinement (for tests) */
void     mf_confine_reset        (void);

G_END_DECLS
