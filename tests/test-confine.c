/* test-confine.c: root inside a user's home. A home of another user is a
 * confinement: paths in it are resolved without leaving it, also when a
 * directory is swapped for a link between the scan and the write. Most
 * tests need root (CI runs as root) and are skipped otherwise. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mailfix.h"
#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-test-utils.h"

#define OWNER 4242
#define PROFILE ".thunderbird/k3x9a2bd.default-esr"

static gboolean
need_root (void)
{
  if (geteuid () == 0)
    return TRUE;
  g_test_skip ("needs root, as a helpdesk runs mailfix over other users' homes");
  return FALSE;
}

static void
chown_tree (const gchar *path)
{
  g_autofree gchar *argv_path = g_strdup (path);
  gchar *argv[] = { (gchar *) "chown", (gchar *) "-R", (gchar *) "-h", (gchar *) "4242:4242", argv_path, NULL };
  gint status = 0;

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* a home of user 4242 with the sample Thunderbird profile, and beside it
 * a directory of root's that nothing may touch */
typedef struct {
  gchar *dir;
  gchar *home;
  gchar *outside;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = mf_test_make_tempdir ("confine");
  f->home = g_build_filename (f->dir, "home", NULL);
  f->outside = g_build_filename (f->dir, "outside", NULL);
  g_assert_cmpint (g_mkdir (f->home, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (f->outside, 0700), ==, 0);
  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, f->home);
  if (geteuid () == 0)
    chown_tree (f->home);
  mf_confine_reset ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  mf_confine_reset ();
  mf_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->home);
  g_free (f->outside);
}

/* a home of one's own, or any home when not root, is no confinement */
static void
test_own_home (Fixture *f, gconstpointer data)
{
  g_autofree gchar *prefs = g_build_filename (f->home, PROFILE, "prefs.js", NULL);

  if (geteuid () != 0) {
    g_assert_false (mf_confine_home (f->home));
    return;
  }
  g_assert_false (mf_confine_home (f->outside));
  g_assert_false (mf_confine_lookup (prefs, NULL, NULL));
  g_assert_true (mf_confine_home (f->home));
  g_assert_true (mf_confine_lookup (prefs, NULL, NULL));
}

/* the kernel has openat2 for us: not before Linux 5.6, nor under a
 * seccomp filter or valgrind that does not know the call */
static gboolean
have_openat2 (void)
{
  struct open_how how = { .flags = O_RDONLY | O_DIRECTORY };
  int fd = (int) syscall (SYS_openat2, AT_FDCWD, "/", &how, sizeof how);

  if (fd >= 0)
    close (fd);
  return fd >= 0;
}

/* links inside the home are followed; one that leads out is refused at the
 * open, by the kernel's RESOLVE_BENEATH and by the walk used without it */
static void
test_links (Fixture *f, gconstpointer data)
{
  g_autofree gchar *inner = g_build_filename (f->home, "inner", NULL);
  g_autofree gchar *escape = g_build_filename (f->home, "escape", NULL);
  g_autofree gchar *secret = g_build_filename (f->outside, "secret", NULL);
  g_autofree gchar *via_inner = g_build_filename (f->home, "inner", "k3x9a2bd.default-esr", "prefs.js", NULL);
  g_autofree gchar *via_escape = g_build_filename (f->home, "escape", "secret", NULL);
  g_autofree gchar *dotdot = g_build_filename (f->home, "..", "outside", "secret", NULL);
  gint fd, rootfd;

  if (!need_root ())
    return;
  mf_test_write_file (secret, "not yours");
  g_assert_cmpint (symlink (".thunderbird", inner), ==, 0);
  g_assert_cmpint (symlink (f->outside, escape), ==, 0);
  g_assert_true (mf_confine_home (f->home));

  fd = mf_confine_open (via_inner, O_RDONLY, 0);
  if (have_openat2 ()) {
    g_assert_cmpint (fd, >=, 0);
    close (fd);
  } else {
    /* the walk mailfix falls back on refuses every link (below) */
    g_assert_cmpint (fd, ==, -1);
  }
  errno = 0;
  g_assert_cmpint (mf_confine_open (via_escape, O_RDONLY, 0), ==, -1);
  g_assert_cmpint (errno, ==, EXDEV);
  /* ".." is folded away by the path's canonical form: the path is outside
   * the home and opened as any other */
  fd = mf_confine_open (dotdot, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  close (fd);

  rootfd = open (f->home, O_PATH | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (rootfd, >=, 0);
  /* the walk refuses every link, even one that stays inside */
  g_assert_cmpint (mf_confine_open_walk (rootfd, "escape/secret", O_RDONLY, 0), ==, -1);
  g_assert_cmpint (errno, ==, EXDEV);
  g_assert_cmpint (mf_confine_open_walk (rootfd, "inner/k3x9a2bd.default-esr/prefs.js", O_RDONLY, 0), ==, -1);
  g_assert_cmpint (errno, ==, EXDEV);
  g_assert_cmpint (mf_confine_open_walk (rootfd, "../outside/secret", O_RDONLY, 0), ==, -1);
  g_assert_cmpint (errno, ==, EXDEV);
  g_assert_cmpint (mf_confine_open_walk (rootfd, "escape", O_RDONLY, 0), ==, -1);
  g_assert_cmpint (errno, ==, EXDEV);
  fd = mf_confine_open_walk (rootfd, PROFILE "/prefs.js", O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  close (rootfd);
}

/* the scan saw a real profile; before the write, the user swaps its
 * directory for a link to root's copy. The write must fail and change
 * neither. */
static void
test_swap_before_apply (Fixture *f, gconstpointer data)
{
  g_autofree gchar *profile = g_build_filename (f->home, PROFILE, NULL);
  g_autofree gchar *moved = g_build_filename (f->home, ".thunderbird", "moved", NULL);
  g_autofree gchar *copy = g_build_filename (f->outside, "profile", NULL);
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GHashTable) outside_before = NULL;
  g_autoptr(GHashTable) moved_before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfProviderDb) db = mf_test_provider_db ();

  if (!need_root ())
    return;
  mf_session_set_provider_db (session, db);
  mf_session_add_home (session, f->home);
  g_assert_true (mf_session_scan (session, &error));
  g_assert_no_error (error);
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (mf_plan_is_empty (plan));

  g_assert_cmpint (g_mkdir (copy, 0700), ==, 0);
  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME "/" PROFILE, copy);
  g_assert_cmpint (g_rename (profile, moved), ==, 0);
  g_assert_cmpint (symlink (copy, profile), ==, 0);
  outside_before = mf_test_snapshot_tree (f->outside);
  moved_before = mf_test_snapshot_tree (moved);

  g_assert_false (mf_session_apply (session, plan, NULL, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "leads out of"));
  {
    g_autoptr(GHashTable) outside_after = mf_test_snapshot_tree (f->outside);
    g_autoptr(GHashTable) moved_after = mf_test_snapshot_tree (moved);
    mf_test_assert_same_tree (outside_before, outside_after);
    mf_test_assert_same_tree (moved_before, moved_after);
  }
}

/* a file of another owner, or with a second hard link, is not read */
static void
test_owner_and_links (Fixture *f, gconstpointer data)
{
  g_autofree gchar *prefs = g_build_filename (f->home, PROFILE, "prefs.js", NULL);
  g_autofree gchar *other = g_build_filename (f->home, PROFILE, "other-link", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!need_root ())
    return;
  g_assert_true (mf_confine_home (f->home));
  bytes = mf_atomic_file_read (prefs, 1 << 20, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&bytes, g_bytes_unref);

  g_assert_cmpint (link (prefs, other), ==, 0);
  bytes = mf_atomic_file_read (prefs, 1 << 20, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, MF_ERROR, MF_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "hard links"));
  g_clear_error (&error);
  g_assert_cmpint (unlink (other), ==, 0);

  g_assert_cmpint (chown (prefs, 0, 0), ==, 0);
  bytes = mf_atomic_file_read (prefs, 1 << 20, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, MF_ERROR, MF_ERROR_PERMISSION);
  g_clear_error (&error);
  /* and it is not replaced either */
  g_assert_false (mf_atomic_file_replace (prefs, (const guint8 *) "x", 1, 0600, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_PERMISSION);
}

/* a file mailfix creates in the home belongs to the home's owner */
static void
test_new_file_owner (Fixture *f, gconstpointer data)
{
  g_autofree gchar *path = g_build_filename (f->home, PROFILE, "new-file", NULL);
  g_autoptr(GError) error = NULL;
  struct stat st;

  if (!need_root ())
    return;
  g_assert_true (mf_confine_home (f->home));
  g_assert_true (mf_atomic_file_replace (path, (const guint8 *) "x", 1, 0640, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, OWNER);
  g_assert_cmpuint (st.st_gid, ==, OWNER);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/confine/own-home", Fixture, NULL, fixture_set_up, test_own_home, fixture_tear_down);
  g_test_add ("/confine/links", Fixture, NULL, fixture_set_up, test_links, fixture_tear_down);
  g_test_add ("/confine/swap-before-apply", Fixture, NULL, fixture_set_up, test_swap_before_apply, fixture_tear_down);
  g_test_add ("/confine/owner-and-links", Fixture, NULL, fixture_set_up, test_owner_and_links, fixture_tear_down);
  g_test_add ("/confine/new-file-owner", Fixture, NULL, fixture_set_up, test_new_file_owner, fixture_tear_down);
  return g_test_run ();
}
