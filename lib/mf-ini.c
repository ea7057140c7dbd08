/* mf-ini.c: loading INI files with iniparser, with its messages as a GError */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-ini.h"
#include "mf-private.h"

/* iniparser reports syntax errors through one process-wide callback */
static GMutex ini_mutex;
static GString *ini_errors;

static int
collect_ini_error (const char *format, ...)
{
  va_list ap;

  if (ini_errors == NULL)
    return 0;
  va_start (ap, format);
  g_string_append_vprintf (ini_errors, format, ap);
  va_end (ap);
  return 0;
}

dictionary *
mf_ini_load (const gchar *path, const gchar *name, gsize max_size, GError **error)
{
  g_auto(MfFd) fd = -1;
  g_autofree gchar *fd_path = NULL;
  struct stat st;
  dictionary *dict;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mf_i18n_init ();
  if (name == NULL)
    name = path;
  /* iniparser opens a path itself: it is given this descriptor's, so what
   * it reads is the regular file checked here, not a fifo or a file
   * swapped in since */
  fd = mf_confine_open (path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0) {
    gint errsv = errno;
    if (errsv == EXDEV) {
      mf_confine_fail_open (error, errsv, path);
    } else {
      g_set_error (error, MF_ERROR, mf_error_from_errno (errsv),
                   _("cannot read %s: %s"), name, g_strerror (errsv));
    }
    return NULL;
  }
  if (fstat (fd, &st) != 0) {
    gint errsv = errno;
    g_set_error (error, MF_ERROR, mf_error_from_errno (errsv),
                 _("cannot read %s: %s"), name, g_strerror (errsv));
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s is not a regular file"), name);
    return NULL;
  }
  if (!mf_confine_check_file (path, &st, error))
    return NULL;
  /* only profiles.ini meets this limit: PRF files are checked before
   * they are decoded into the copy read here */
  if ((guint64) st.st_size > max_size) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE, _("%s is too large to be a profile list"), name);
    return NULL;
  }
  fd_path = g_strdup_printf ("/proc/self/fd/%d", fd);
  locker = g_mutex_locker_new (&ini_mutex);
  ini_errors = g_string_new (NULL);
  iniparser_set_error_callback (collect_ini_error);
  dict = iniparser_load (fd_path);
  /* iniparser drops the whole dictionary on a syntax error: what it said
   * is the better message then, unless it could not even open the file */
  if (dict == NULL && (ini_errors->len == 0 || strstr (ini_errors->str, "cannot open") != NULL)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("cannot read %s"), name);
  } else if (ini_errors->len > 0) {
    g_autofree gchar *said = NULL;

    g_string_replace (ini_errors, fd_path, name, 0);
    g_strchomp (ini_errors->str);
    /* iniparser quotes the line as read, in whatever encoding it is */
    said = g_utf8_make_valid (ini_errors->str, -1);
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s is malformed: %s"), name, said);
    g_clear_pointer (&dict, iniparser_freedict);
  }
  g_string_free (g_steal_pointer (&ini_errors), TRUE);
  return dict;
}

/* iniparser stores "section:key" lower-cased and lower-cases the lookup too */
const gchar *
mf_ini_get (dictionary *dict, const gchar *section, const gchar *key)
{
  g_autofree gchar *lookup = NULL;

  g_return_val_if_fail (dict != NULL, NULL);
  g_return_val_if_fail (section != NULL && key != NULL, NULL);

  lookup = g_strdup_printf ("%s:%s", section, key);
  return iniparser_getstring (dict, lookup, NULL);
}
