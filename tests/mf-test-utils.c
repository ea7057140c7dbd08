/* mf-test-utils.c: helpers shared by the test programs */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "mf-provider-db.h"
#include "mf-session.h"
#include "mf-test-utils.h"

gchar *
mf_test_make_tempdir (const gchar *tag)
{
  const gchar *base = g_getenv ("G_TEST_BUILDDIR");
  g_autofree gchar *tmpl = NULL;
  gchar *dir;

  if (base == NULL)
    base = g_get_tmp_dir ();
  tmpl = g_strdup_printf ("%s/tmp-%s-XXXXXX", base, tag);
  dir = g_mkdtemp (g_steal_pointer (&tmpl));
  g_assert_nonnull (dir);
  return dir;
}

void
mf_test_rmtree (const gchar *path)
{
  g_autoptr(GDir) dir = NULL;
  const gchar *name;
  struct stat st;

  if (path == NULL || lstat (path, &st) != 0)
    return;
  if (!S_ISDIR (st.st_mode)) {
    g_unlink (path);
    return;
  }
  /* a test may have made a directory unreadable on purpose */
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    g_autofree gchar *child = g_build_filename (path, name, NULL);
    mf_test_rmtree (child);
  }
  g_rmdir (path);
}

static void
copy_tree (const gchar *src, const gchar *dest)
{
  g_autoptr(GDir) dir = g_dir_open (src, 0, NULL);
  const gchar *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dest, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree gchar *s = g_build_filename (src, name, NULL);
    g_autofree gchar *d = g_build_filename (dest, name, NULL);
    struct stat st;

    g_assert_cmpint (lstat (s, &st), ==, 0);
    if (S_ISDIR (st.st_mode)) {
      copy_tree (s, d);
    } else if (S_ISLNK (st.st_mode)) {
      g_autofree gchar *target = g_file_read_link (s, NULL);
      g_assert_cmpint (symlink (target, d), ==, 0);
    } else {
      g_autofree gchar *data = NULL;
      gsize len = 0;
      g_assert_true (g_file_get_contents (s, &data, &len, NULL));
      /* mail clients keep their profiles private; a checkout or a release
       * tarball does not keep that mode, so the copy restores it */
      g_assert_true (g_file_set_contents_full (d, data, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    }
  }
}

void
mf_test_copy_fixture (const gchar *rel, const gchar *dest)
{
  g_autofree gchar *src = g_test_build_filename (G_TEST_DIST, "fixtures", rel, NULL);
  copy_tree (src, dest);
}

gchar *
mf_test_srcpath (const gchar *first, ...)
{
  va_list ap;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const gchar *srcdir = g_getenv ("G_TEST_SRCDIR");
  const gchar *p;

  g_ptr_array_add (parts, (gpointer) (srcdir != NULL ? srcdir : "."));
  va_start (ap, first);
  for (p = first; p != NULL; p = va_arg (ap, const gchar *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (ap);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((gchar **) parts->pdata);
}

gchar *
mf_test_read_file (const gchar *path, gsize *len)
{
  g_autoptr(GError) error = NULL;
  gchar *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

void
mf_test_write_file (const gchar *path, const gchar *data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, data, -1, &error);
  g_assert_no_error (error);
}

gboolean
mf_test_files_equal (const gchar *a, const gchar *b)
{
  g_autofree gchar *da = NULL;
  g_autofree gchar *db = NULL;
  gsize la = 0, lb = 0;

  if (!g_file_get_contents (a, &da, &la, NULL) || !g_file_get_contents (b, &db, &lb, NULL))
    return FALSE;
  return la == lb && memcmp (da, db, la) == 0;
}

static void
snapshot_into (GHashTable *table, const gchar *root, const gchar *rel)
{
  g_autofree gchar *path = rel[0] != '\0' ? g_build_filename (root, rel, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const gchar *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree gchar *child_rel = rel[0] != '\0' ? g_build_filename (rel, name, NULL) : g_strdup (name);
    g_autofree gchar *child = g_build_filename (root, child_rel, NULL);
    struct stat st;

    if (lstat (child, &st) != 0)
      continue;
    if (S_ISDIR (st.st_mode)) {
      snapshot_into (table, root, child_rel);
    } else if (S_ISREG (st.st_mode)) {
      gchar *data = NULL;
      gsize len = 0;
      if (g_file_get_contents (child, &data, &len, NULL))
        g_hash_table_insert (table, g_steal_pointer (&child_rel), g_bytes_new_take (data, len));
    }
  }
}

GHashTable *
mf_test_snapshot_tree (const gchar *root)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_bytes_unref);
  snapshot_into (table, root, "");
  return table;
}

void
mf_test_assert_same_tree (GHashTable *before, GHashTable *after)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    GBytes *other = g_hash_table_lookup (after, key);
    if (other == NULL)
      g_error ("file %s disappeared", (const gchar *) key);
    if (!g_bytes_equal (value, other))
      g_error ("file %s changed", (const gchar *) key);
  }
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    if (!g_hash_table_contains (before, key))
      g_error ("file %s appeared", (const gchar *) key);
  }
}

void
mf_test_assert_golden (const gchar *text, const gchar *golden_rel)
{
  g_autofree gchar *path = mf_test_srcpath (golden_rel, NULL);
  g_autofree gchar *expected = NULL;

  if (g_strcmp0 (g_getenv ("MF_TEST_REGENERATE"), "1") == 0) {
    mf_test_write_file (path, text);
    return;
  }
  expected = mf_test_read_file (path, NULL);
  g_assert_cmpstr (text, ==, expected);
}

static gchar *
shipped_providers_dir (void)
{
  const gchar *dir = g_getenv ("MAILFIX_PROVIDERS_DIR");
  return dir != NULL ? g_strdup (dir) : mf_test_srcpath ("..", "data", "providers", NULL);
}

gpointer
mf_test_provider_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *shipped = shipped_providers_dir ();
  g_autofree gchar *extra = g_test_build_filename (G_TEST_DIST, "fixtures", "thunderbird", "providers",
                                                   "example.jp.xml", NULL);
  MfProviderDb *db = mf_provider_db_new ();

  g_assert_true (mf_provider_db_load_dir (db, shipped, &error) || error != NULL);
  g_assert_no_error (error);
  g_assert_true (mf_provider_db_load_file (db, extra, &error) || error != NULL);
  g_assert_no_error (error);
  return db;
}

gchar *
mf_test_providers_dir (void)
{
  g_autofree gchar *shipped = shipped_providers_dir ();
  g_autofree gchar *extra = g_test_build_filename (G_TEST_DIST, "fixtures", "thunderbird", "providers", NULL);
  gchar *dir = mf_test_make_tempdir ("providers");
  const gchar *sources[] = { shipped, extra };

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++) {
    g_autoptr(GDir) d = g_dir_open (sources[i], 0, NULL);
    const gchar *name;
    g_assert_nonnull (d);
    while ((name = g_dir_read_name (d)) != NULL) {
      g_autofree gchar *from = g_build_filename (sources[i], name, NULL);
      g_autofree gchar *to = g_build_filename (dir, name, NULL);
      g_autofree gchar *data = NULL;
      if (!g_str_has_suffix (name, ".xml"))
        continue;
      data = mf_test_read_file (from, NULL);
      mf_test_write_file (to, data);
    }
  }
  return dir;
}

void
mf_test_child_exit (int status)
{
  gchar code[16];

  /* the memory image goes with the exec: a checker such as valgrind would
   * otherwise judge the parent's memory the child holds at _exit() */
  g_snprintf (code, sizeof code, "exit %d", status);
  execl ("/bin/sh", "sh", "-c", code, (char *) NULL);
  _exit (status);
}

gint
mf_test_hold_lock (const gchar *profile_dir, gint *release_fd)
{
  g_autofree gchar *lock = g_build_filename (profile_dir, ".parentlock", NULL);
  int ready[2], release[2];
  pid_t pid;
  char c;

  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (release), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0) {
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    int fd = open (lock, O_RDWR | O_CREAT, 0644);
    close (ready[0]);
    close (release[1]);
    if (fd < 0 || fcntl (fd, F_SETLK, &fl) != 0)
      mf_test_child_exit (1);
    if (write (ready[1], "x", 1) != 1)
      mf_test_child_exit (1);
    /* hold until the parent closes its end */
    while (read (release[0], &c, 1) > 0)
      ;
    mf_test_child_exit (0);
  }
  close (ready[1]);
  close (release[0]);
  g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
  close (ready[0]);
  *release_fd = release[1];
  return pid;
}

void
mf_test_release_lock (gint pid, gint release_fd)
{
  int status = 0;

  close (release_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
}

gpointer
mf_test_scan_home (gpointer db, const gchar *home)
{
  g_autoptr(GError) error = NULL;
  MfSession *session = mf_session_new ();

  if (db != NULL)
    mf_session_set_provider_db (session, db);
  mf_session_add_home (session, home);
  g_assert_true (mf_session_scan (session, &error));
  g_assert_no_error (error);
  return session;
}

/* a PRF read by GLib's key-file reader rather than iniparser; GKeyFile
 * knows only # comments, Outlook's files use ; */
GKeyFile *
mf_test_load_prf (const gchar *path)
{
  g_autofree gchar *data = mf_test_read_file (path, NULL);
  g_auto(GStrv) lines = g_strsplit (data, "\r\n", -1);
  g_autoptr(GString) kept = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GKeyFile *file = g_key_file_new ();

  for (guint i = 0; lines[i] != NULL; i++) {
    g_assert_null (strchr (lines[i], '\n'));   /* CRLF throughout */
    if (lines[i][0] != ';')
      g_string_append_printf (kept, "%s\n", lines[i]);
  }
  g_assert_true (g_key_file_load_from_data (file, kept->str, kept->len, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  return file;
}
