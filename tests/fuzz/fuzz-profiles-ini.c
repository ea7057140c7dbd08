/* fuzz-profiles-ini.c: fuzz target for Thunderbird's profiles.ini and
 * installs.ini reader
 *
 * An input is profiles.ini, then optionally a NUL byte and installs.ini
 * (iniparser reads text lines, so a NUL is nothing either file holds).
 * mf_tb_profiles_read() takes the directory that holds them, so each
 * input is written to a private temporary one first, beside two profile
 * directories the seeds name.
 *
 * Built with -DMF_LIBFUZZER it is a libFuzzer target; without it, main()
 * replays the seed corpus (or the files and directories given) and prints
 * TAP, so plain `make check` runs every seed through the same checks
 */
#include "config.h"

#include "fuzz-replay.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mf-error.h"
#include "mf-ini.h"
#include "mf-tb-profiles.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* the profile directories the seeds point at */
static const gchar *const profile_dirs[] = {
  "Profiles/k3l9x2ab.default",
  "Profiles/q8w7e6rt.default-release",
  NULL
};

static gchar *tmp_dir;

#define fail(what, detail) mf_fuzz_fail ("fuzz-profiles-ini", what, detail)
#define write_file(path, data, size) mf_fuzz_write_file ("fuzz-profiles-ini", path, data, size)

static gchar *
tmp_path (const gchar *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
remove_tmp_dir (void)
{
  g_autofree gchar *profiles = NULL;

  if (tmp_dir == NULL)
    return;
  for (guint i = 0; profile_dirs[i] != NULL; i++) {
    g_autofree gchar *dir = tmp_path (profile_dirs[i]);
    g_rmdir (dir);
  }
  profiles = tmp_path ("Profiles");
  g_rmdir (profiles);
  g_clear_pointer (&tmp_dir, g_free);
}

static void
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;

  tmp_dir = g_dir_make_tmp ("fuzz-profiles-XXXXXX", &error);
  if (tmp_dir == NULL)
    fail ("cannot make a temporary directory", error->message);
  for (guint i = 0; profile_dirs[i] != NULL; i++) {
    g_autofree gchar *dir = tmp_path (profile_dirs[i]);
    if (g_mkdir_with_parents (dir, 0700) != 0)
      fail ("cannot make a profile directory", dir);
  }
  atexit (remove_tmp_dir);
}

/* the sections the reader must account for, one way or the other */
static guint
count_profile_sections (const gchar *ini_path)
{
  g_autoptr(dictionary) dict = mf_ini_load (ini_path, NULL, G_MAXSIZE, NULL);
  guint count = 0;
  gint n;

  if (dict == NULL)
    fail ("profiles.ini read once but not twice", NULL);
  n = iniparser_getnsec (dict);
  for (gint i = 0; i < n; i++) {
    const gchar *section = iniparser_getsecname (dict, i);
    if (section != NULL && g_ascii_strncasecmp (section, "profile", 7) == 0)
      count++;
  }
  return count;
}

static void
check_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++) {
    const GError *problem = g_ptr_array_index (problems, i);

    if (problem->domain != MF_ERROR)
      fail ("a problem outside MF_ERROR", problem->message);
    if (strstr (problem->message, "profiles.ini") == NULL)
      fail ("a problem does not name profiles.ini", problem->message);
    if (!g_utf8_validate (problem->message, -1, NULL))
      fail ("a problem is not UTF-8", NULL);
  }
}

static void
check_entries (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++) {
    const MfTbProfileEntry *entry = g_ptr_array_index (entries, i);

    if (entry->name == NULL || entry->path == NULL)
      fail ("an entry without name or path", NULL);
    if (!g_path_is_absolute (entry->path))
      fail ("a profile path that is not absolute", entry->path);
    if (!g_file_test (entry->path, G_FILE_TEST_IS_DIR))
      fail ("an entry whose directory does not exist", entry->path);
  }
}

/* reading the same files again gives the same answer */
static void
check_again (GPtrArray *entries, guint n_problems)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  again = mf_tb_profiles_read (tmp_dir, problems, &error);
  if (again == NULL)
    fail ("profiles.ini read once but not twice", error->message);
  if (again->len != entries->len || problems->len != n_problems)
    fail ("a second read differs", NULL);
  for (guint i = 0; i < entries->len; i++) {
    const MfTbProfileEntry *a = g_ptr_array_index (entries, i);
    const MfTbProfileEntry *b = g_ptr_array_index (again, i);

    if (g_strcmp0 (a->name, b->name) != 0 || g_strcmp0 (a->path, b->path) != 0 ||
        a->is_default != b->is_default)
      fail ("a second read differs", a->name);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *ini_path = NULL;
  g_autofree gchar *installs_path = NULL;
  const gchar *nul = memchr (data, '\0', size);
  gsize ini_len = nul != NULL ? (gsize) (nul - (const gchar *) data) : size;

  if (tmp_dir == NULL) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    make_tmp_dir ();
  }
  ini_path = tmp_path ("profiles.ini");
  installs_path = tmp_path ("installs.ini");
  write_file (ini_path, (const gchar *) data, ini_len);
  if (nul != NULL)
    write_file (installs_path, (const gchar *) data + ini_len + 1, size - ini_len - 1);
  else
    g_unlink (installs_path);

  entries = mf_tb_profiles_read (tmp_dir, problems, &error);
  if (entries == NULL) {
    mf_fuzz_check_refusal ("fuzz-profiles-ini", error, "profiles.ini");
  } else {
    check_problems (problems);
    check_entries (entries);
    if (entries->len + problems->len != count_profile_sections (ini_path))
      fail ("a [Profile] section was neither read nor reported", NULL);
    check_again (entries, problems->len);
  }
  g_unlink (ini_path);
  g_unlink (installs_path);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "profiles-ini", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
