/* mf-test-utils.h: helpers shared by the test programs */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the sample home the README's quick start scans, as a path below
 * tests/fixtures for mf_test_copy_fixture(): the tests use the very files
 * users see first */
#define MF_TEST_SAMPLE_HOME "../../data/sample-home"

/* a fresh directory under the build tree, removed by mf_test_rmtree() */
gchar   *mf_test_make_tempdir     (const gchar *tag);
void     mf_test_rmtree           (const gchar *path);

/* copies a fixture tree (tests/fixtures/<rel>) into dest, keeping modes */
void     mf_test_copy_fixture     (const gchar *rel, const gchar *dest);

/* path of a file below tests/ in the source tree */
gchar   *mf_test_srcpath          (const gchar *first, ...) G_GNUC_NULL_TERMINATED;

/* reads a whole file or fails the test */
gchar   *mf_test_read_file        (const gchar *path, gsize *len);
void     mf_test_write_file       (const gchar *path, const gchar *data);

/* TRUE if both files exist and hold the same bytes */
gboolean mf_test_files_equal      (const gchar *a, const gchar *b);

/* snapshot of every regular file below a directory: relative path -> contents */
GHashTable *mf_test_snapshot_tree (const gchar *root);
/* asserts two snapshots are identical, naming the first difference */
void     mf_test_assert_same_tree (GHashTable *before, GHashTable *after);

/* compares text with tests/<golden>; MF_TEST_REGENERATE=1 rewrites the golden file */
void     mf_test_assert_golden    (const gchar *text, const gchar *golden_rel);

/* stands in for a running Thunderbird: a child process takes the profile's
 * fcntl lock and holds it until mf_test_release_lock() */
/* ends a forked child with status, through an exec (see mf-test-utils.c) */
void     mf_test_child_exit       (int status) G_GNUC_NORETURN;
gint     mf_test_hold_lock        (const gchar *profile_dir, gint *release_fd);
void     mf_test_release_lock     (gint pid, gint release_fd);

/* a session that has scanned home, with the provider database db (may be
 * NULL); fails the test if the scan fails */
gpointer mf_test_scan_home        (gpointer db, const gchar *home);

/* the shipped providers plus the test provider example.jp */
gpointer mf_test_provider_db      (void);
/* a directory holding both, for the command-line tests; free with mf_test_rmtree() */
gchar   *mf_test_providers_dir    (void);

/* a PRF (CRLF line ends, as Outlook writes them) read by GLib's key-file
 * reader rather than mailfix's iniparser; fails the test if it cannot */
GKeyFile *mf_test_load_prf        (const gchar *path);

G_END_DECLS
