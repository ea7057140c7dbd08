/* mf-tb-nss.c: Thunderbird's password encryption through NSS, loaded with
 * dlopen() so that libmailfix neither links to NSS nor needs its headers.
 *
 * Why at run time: the NSS that matters is the one the profile's key4.db
 * was made with. Debian 12's NSS 3.87 decrypts what Thunderbird 153 wrote
 * but cannot encrypt with its key (SEC_ERROR_INVALID_KEY), while the NSS
 * that Thunderbird ships beside itself can. So the Thunderbird install is
 * tried first and the system library last. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-private.h"
#include "mf-tb-nss.h"

/* The few NSS types used here, laid out as in NSS's own headers (secitem.h,
 * seccomon.h); NSS has kept them stable since 3.0. */
typedef struct {
  int type;                 /* SECItemType; siBuffer is 0 */
  unsigned char *data;
  unsigned int len;
} MfSecItem;

typedef int MfSecStatus;    /* SECSuccess is 0, SECFailure -1 */
#define MF_SEC_SUCCESS 0

typedef struct _MfPk11Slot MfPk11Slot;   /* PK11SlotInfo, opaque */

/* nss.h */
#define MF_NSS_INIT_READONLY   0x01
#define MF_NSS_INIT_NOMODDB    0x04
#define MF_NSS_INIT_NOROOTINIT 0x10

/* secerr.h: SEC_ERROR_BASE + 40 */
#define MF_SEC_ERROR_INVALID_KEY (-0x2000 + 40)

typedef struct {
  gchar *path;
  gpointer handle;
  GPtrArray *deps;          /* handles of the libraries preloaded from the same directory */
  MfSecStatus (*initialize) (const char *configdir, const char *cert_prefix, const char *key_prefix,
                             const char *secmod_name, guint32 flags);
  int (*is_initialized) (void);
  MfSecStatus (*shutdown) (void);
  MfPk11Slot *(*get_internal_key_slot) (void);
  void (*free_slot) (MfPk11Slot *slot);
  int (*need_login) (MfPk11Slot *slot);
  int (*need_user_init) (MfPk11Slot *slot);
  MfSecStatus (*init_pin) (MfPk11Slot *slot, const char *sso_password, const char *user_password);
  MfSecStatus (*sdr_encrypt) (MfSecItem *keyid, MfSecItem *data, MfSecItem *result, void *cx);
  MfSecStatus (*sdr_decrypt) (MfSecItem *data, MfSecItem *result, void *cx);
  void (*free_item) (MfSecItem *item, int free_item_itself);
  int (*get_error) (void);
  const char *(*error_to_name) (int code);   /* NSPR's, optional */
} MfNssLib;

struct _MfTbNss {
  gchar *profile_dir;
  MfNssLib *lib;            /* not owned: libraries stay loaded for the process */
  gchar *passed_over;       /* why Thunderbird's NSS was not used, or NULL */
};

/* NSS's state is global to the process: this lock serialises every call
 * into it and guards the two variables below */
/* compatibility.ini is a few lines; anything larger is not one */
#define MF_TB_MAX_COMPAT_INI_SIZE (64 * 1024)

static GMutex nss_mutex;
/* every libnss3 loaded so far. NSS is never unloaded: its shutdown leaves
 * NSPR running, and dlclose() under it is not safe */
static GPtrArray *nss_libs;
/* the one MfTbNss that has NSS initialised, or NULL */
static MfTbNss *nss_current;

/* Thunderbird's own libraries that its libnss3.so and libsoftokn3.so need
 * by bare name; loading them first from the same directory keeps the
 * system's older copies (same sonames) out. Dependencies first. */
static const gchar * const tb_dependencies[] = {
  "libnspr4.so", "libplc4.so", "libplds4.so", "libnssutil3.so", "libmozsqlite3.so", NULL,
};

static void
add_candidate (GPtrArray *dirs, const gchar *dir)
{
  if (dir == NULL || *dir == '\0')
    return;
  for (guint i = 0; i < dirs->len; i++)
    if (g_strcmp0 (g_ptr_array_index (dirs, i), dir) == 0)
      return;
  g_ptr_array_add (dirs, g_strdup (dir));
}

/* a directory named by compatibility.ini is only a hint written into the
 * profile: libraries are loaded from it only when neither its owner nor
 * anyone else but the one running mailfix (or root) could have put them
 * there, so a hostile profile cannot make root load its code */
static gboolean
trusted_dir (const gchar *dir)
{
  struct stat st;

  return stat (dir, &st) == 0 && S_ISDIR (st.st_mode) && (st.st_uid == 0 || st.st_uid == geteuid ()) &&
         (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

MF_TESTABLE GPtrArray *
mf_tb_nss_candidate_dirs (const gchar *profile_dir)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *ini_path = g_build_filename (profile_dir, "compatibility.ini", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GBytes) ini_bytes = NULL;
  const gchar *home = g_get_home_dir ();
  static const gchar * const system_dirs[] = {
    "/usr/lib/thunderbird", "/usr/lib64/thunderbird", "/usr/local/lib/thunderbird",
    "/opt/thunderbird", NULL,
  };
  static const gchar * const home_dirs[] = {
    ".local/share/thunderbird", ".local/opt/thunderbird", ".local/lib/thunderbird", "thunderbird", NULL,
  };

  add_candidate (dirs, g_getenv ("MAILFIX_NSS_DIR"));
  /* the install that last ran this profile wrote key4.db, so its NSS fits
   * best; a damaged or missing compatibility.ini only loses that hint */
  ini_bytes = mf_atomic_file_read (ini_path, MF_TB_MAX_COMPAT_INI_SIZE, NULL, NULL);
  if (ini_bytes != NULL &&
      g_key_file_load_from_data (ini, g_bytes_get_data (ini_bytes, NULL), g_bytes_get_size (ini_bytes),
                                 G_KEY_FILE_NONE, NULL)) {
    g_autofree gchar *platform = g_key_file_get_string (ini, "Compatibility", "LastPlatformDir", NULL);
    g_autofree gchar *app = g_key_file_get_string (ini, "Compatibility", "LastAppDir", NULL);
    if (platform != NULL && g_path_is_absolute (platform) && trusted_dir (platform))
      add_candidate (dirs, platform);
    if (app != NULL && g_path_is_absolute (app) && trusted_dir (app))
      add_candidate (dirs, app);
  }
  for (guint i = 0; system_dirs[i] != NULL; i++)
    add_candidate (dirs, system_dirs[i]);
  for (guint i = 0; home != NULL && home_dirs[i] != NULL; i++) {
    g_autofree gchar *dir = g_build_filename (home, home_dirs[i], NULL);
    add_candidate (dirs, dir);
  }
  return dirs;
}

/* in a home root works on for its owner, NSS runs with the owner's file
 * access rights: it opens its databases by name and follows links, and a
 * link swapped in there must not reach what the owner could not reach.
 * The file-system identity is the calling thread's own. */
typedef struct {
  gboolean switched;
} FsIdentity;

static FsIdentity
fs_enter (const gchar *profile_dir)
{
  FsIdentity id = { FALSE };
  uid_t uid;
  gid_t gid;

  if (mf_confine_lookup (profile_dir, &uid, &gid)) {
    setfsgid (gid);
    setfsuid (uid);
    id.switched = TRUE;
  }
  return id;
}

static void
fs_leave (FsIdentity *id)
{
  if (id->switched) {
    setfsuid (geteuid ());
    setfsgid (getegid ());
  }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FsIdentity, fs_leave)

/* NSS opens these by name: inside a confined home each must be a plain
 * file of the home's owner with one link, or absent */
static gboolean
check_databases (const gchar *profile_dir, GError **error)
{
  static const gchar * const names[] = { "key4.db", "cert9.db", "pkcs11.txt", "key4.db-journal", "cert9.db-journal" };
  g_auto(MfFd) dirfd = -1;

  if (!mf_confine_lookup (profile_dir, NULL, NULL))
    return TRUE;
  dirfd = mf_confine_open (profile_dir, O_RDONLY | O_DIRECTORY, 0);
  if (dirfd < 0)
    return mf_confine_fail_open (error, errno, profile_dir);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree gchar *path = g_build_filename (profile_dir, names[i], NULL);
    struct stat st;

    if (fstatat (dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT)
        continue;
      return mf_fail_errno (error, errno, _("cannot examine %s"), path);
    }
    if (!S_ISREG (st.st_mode)) {
      g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED, _("%s is not a regular file"), path);
      return FALSE;
    }
    if (!mf_confine_check_file (path, &st, error))
      return FALSE;
  }
  return TRUE;
}

static void
close_handle (gpointer handle)
{
  dlclose (handle);
}

static void
nss_lib_free (MfNssLib *lib)
{
  if (lib->handle != NULL)
    dlclose (lib->handle);
  g_clear_pointer (&lib->deps, g_ptr_array_unref);
  g_free (lib->path);
  g_free (lib);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfNssLib, nss_lib_free)

static gboolean
resolve (MfNssLib *lib, const gchar *name, gpointer *slot, GError **error)
{
  *slot = dlsym (lib->handle, name);
  if (*slot == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s has no %s"), lib->path, name);
    return FALSE;
  }
  return TRUE;
}

/* resolves what this module calls; a library that lacks any of it is not
 * an NSS that can be used */
static gboolean
resolve_all (MfNssLib *lib, GError **error)
{
  gpointer fn;

#define RESOLVE(field, name)                                    \
  G_STMT_START {                                                \
    if (!resolve (lib, name, &fn, error))                       \
      return FALSE;                                             \
    lib->field = (__typeof__ (lib->field)) fn;                  \
  } G_STMT_END

  RESOLVE (initialize, "NSS_Initialize");
  RESOLVE (is_initialized, "NSS_IsInitialized");
  RESOLVE (shutdown, "NSS_Shutdown");
  RESOLVE (get_internal_key_slot, "PK11_GetInternalKeySlot");
  RESOLVE (free_slot, "PK11_FreeSlot");
  RESOLVE (need_login, "PK11_NeedLogin");
  RESOLVE (need_user_init, "PK11_NeedUserInit");
  RESOLVE (init_pin, "PK11_InitPin");
  RESOLVE (sdr_encrypt, "PK11SDR_Encrypt");
  RESOLVE (sdr_decrypt, "PK11SDR_Decrypt");
  RESOLVE (get_error, "PORT_GetError");
#undef RESOLVE

  /* the zeroing free wipes decrypted passwords; the plain one is a fallback */
  fn = dlsym (lib->handle, "SECITEM_ZfreeItem");
  if (fn == NULL && !resolve (lib, "SECITEM_FreeItem", &fn, error))
    return FALSE;
  lib->free_item = (__typeof__ (lib->free_item)) fn;
  lib->error_to_name = (__typeof__ (lib->error_to_name)) dlsym (lib->handle, "PR_ErrorToName");
  return TRUE;
}

static MfNssLib *
find_loaded (const gchar *path)
{
  for (guint i = 0; nss_libs != NULL && i < nss_libs->len; i++) {
    MfNssLib *lib = g_ptr_array_index (nss_libs, i);
    if (g_strcmp0 (lib->path, path) == 0)
      return lib;
  }
  return NULL;
}

static MfNssLib *
remember (MfNssLib *lib)
{
  if (nss_libs == NULL)
    nss_libs = g_ptr_array_new ();
  g_ptr_array_add (nss_libs, lib);
  return lib;
}

static gboolean
load_failed (GError **error, const gchar *path)
{
  const char *why = dlerror ();

  g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("cannot load %s: %s"), path,
               why != NULL ? why : _("unknown error"));
  return FALSE;
}

/* libnss3.so from a Thunderbird install directory; NULL and no error
 * when the directory has none */
static MfNssLib *
load_from_dir (const gchar *dir, GError **error)
{
  g_autofree gchar *path = g_build_filename (dir, "libnss3.so", NULL);
  g_autoptr(MfNssLib) lib = NULL;
  MfNssLib *known;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  known = find_loaded (path);
  if (known != NULL)
    return known;

  lib = g_new0 (MfNssLib, 1);
  lib->path = g_steal_pointer (&path);
  lib->deps = g_ptr_array_new_with_free_func (close_handle);
  for (guint i = 0; tb_dependencies[i] != NULL; i++) {
    g_autofree gchar *dep = g_build_filename (dir, tb_dependencies[i], NULL);
    gpointer handle;

    if (!g_file_test (dep, G_FILE_TEST_IS_REGULAR))
      continue;
    handle = dlopen (dep, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
      load_failed (error, dep);
      return NULL;
    }
    /* the handles are closed in reverse order if libnss3 fails */
    g_ptr_array_insert (lib->deps, 0, handle);
  }
  lib->handle = dlopen (lib->path, RTLD_NOW | RTLD_LOCAL);
  if (lib->handle == NULL) {
    load_failed (error, lib->path);
    return NULL;
  }
  if (!resolve_all (lib, error))
    return NULL;
  return remember (g_steal_pointer (&lib));
}

/* the system's libnss3, found by the dynamic linker under the name that
 * Debian, Fedora and Arch give the runtime library */
static MfNssLib *
load_system (GError **error)
{
  g_autoptr(MfNssLib) lib = g_new0 (MfNssLib, 1);
  Dl_info info;
  MfNssLib *known;

  lib->path = g_strdup ("libnss3.so");
  lib->handle = dlopen (lib->path, RTLD_NOW | RTLD_LOCAL);
  if (lib->handle == NULL) {
    load_failed (error, lib->path);
    return NULL;
  }
  if (!resolve_all (lib, error))
    return NULL;
  /* the file the linker chose, for messages */
  memset (&info, 0, sizeof info);
  if (dladdr ((gpointer) lib->initialize, &info) != 0 && info.dli_fname != NULL)
    mf_set_str (&lib->path, info.dli_fname);
  known = find_loaded (lib->path);
  if (known != NULL)
    return known;
  return remember (g_steal_pointer (&lib));
}

static MfNssLib *
load_nss (const gchar *profile_dir, gchar **passed_over, GError **error)
{
  g_autoptr(GPtrArray) dirs = mf_tb_nss_candidate_dirs (profile_dir);
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autoptr(GError) local = NULL;
  MfNssLib *lib = NULL;

  for (guint i = 0; lib == NULL && i < dirs->len; i++) {
    g_clear_error (&local);
    lib = load_from_dir (g_ptr_array_index (dirs, i), &local);
    if (local != NULL)
      g_string_append_printf (failures, "%s%s", failures->len > 0 ? "; " : "", local->message);
  }
  if (lib == NULL) {
    g_clear_error (&local);
    lib = load_system (&local);
  }
  if (lib == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("%s: no NSS library can be loaded to store Thunderbird's passwords (%s%s%s)"),
                 profile_dir, local->message, failures->len > 0 ? "; " : "", failures->str);
    return NULL;
  }
  *passed_over = failures->len > 0 ? g_strdup (failures->str) : NULL;
  return lib;
}

/* NSS's last error as its name and number, for messages */
static gchar *
nss_error_text (MfNssLib *lib)
{
  int code = lib->get_error ();
  const char *name = lib->error_to_name != NULL ? lib->error_to_name (code) : NULL;

  if (name != NULL)
    return g_strdup_printf ("%s, %d", name, code);
  return g_strdup_printf ("NSS error %d", code);
}

static void
shutdown_nss (MfNssLib *lib)
{
  if (lib->shutdown () != MF_SEC_SUCCESS) {
    g_autofree gchar *why = nss_error_text (lib);
    /* only a reference left behind by this module can cause this */
    g_warning ("NSS shutdown failed: %s", why);
  }
}

/* no module database: a smart-card module listed in pkcs11.txt must not be
 * loaded, or prompt; no root certificates, which SDR does not need.
 * NSS_INIT_NOCERTDB would be apt too, but it makes the key slot read-only. */
#define MF_NSS_FLAGS (MF_NSS_INIT_NOMODDB | MF_NSS_INIT_NOROOTINIT)

/* TRUE if an existing key4.db has a primary password, found without
 * writing to it: an NSS newer than the one that made the database updates
 * it when it opens it for writing, and a profile mailfix cannot use must
 * be left as it was */
static gboolean
has_primary_password (MfNssLib *lib, const gchar *configdir)
{
  MfPk11Slot *slot;
  gboolean locked = FALSE;

  /* a key4.db that does not exist yet cannot be opened read-only */
  if (lib->initialize (configdir, "", "", "secmod.db", MF_NSS_FLAGS | MF_NSS_INIT_READONLY) != MF_SEC_SUCCESS)
    return FALSE;
  slot = lib->get_internal_key_slot ();
  if (slot != NULL) {
    /* an uninitialised database claims to need a login too */
    locked = lib->need_user_init (slot) == 0 && lib->need_login (slot) != 0;
    lib->free_slot (slot);
  }
  shutdown_nss (lib);
  return locked;
}

static gboolean
refuse_primary_password (const gchar *profile_dir, GError **error)
{
  g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
               _("%s: Thunderbird's saved passwords are protected by a primary password, "
                 "so mailfix cannot store the new password; Thunderbird will ask for it"),
               profile_dir);
  return FALSE;
}

/* initialises NSS on the profile and checks its key slot; called with the
 * lock held */
static gboolean
start_nss (MfNssLib *lib, const gchar *profile_dir, GError **error)
{
  g_autofree gchar *configdir = g_strdup_printf ("sql:%s", profile_dir);
  MfPk11Slot *slot;
  gboolean locked;

  if (lib->is_initialized ()) {
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                 _("%s: %s is already in use elsewhere in this process"), profile_dir, lib->path);
    return FALSE;
  }
  if (has_primary_password (lib, configdir))
    return refuse_primary_password (profile_dir, error);
  if (lib->initialize (configdir, "", "", "secmod.db", MF_NSS_FLAGS) != MF_SEC_SUCCESS) {
    g_autofree gchar *why = nss_error_text (lib);
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                 _("%s: cannot open the key database key4.db with %s (%s)"), profile_dir, lib->path, why);
    return FALSE;
  }
  slot = lib->get_internal_key_slot ();
  if (slot == NULL) {
    g_autofree gchar *why = nss_error_text (lib);
    shutdown_nss (lib);
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                 _("%s: the key database has no internal key slot in %s (%s)"), profile_dir, lib->path, why);
    return FALSE;
  }
  /* a new key4.db gets the empty password Thunderbird gives it, so that
   * Thunderbird does not take it for a primary password to be set up; an
   * uninitialised database also claims to need a login, so this comes first */
  if (lib->need_user_init (slot) != 0 && lib->init_pin (slot, "", "") != MF_SEC_SUCCESS) {
    g_autofree gchar *why = nss_error_text (lib);
    lib->free_slot (slot);
    shutdown_nss (lib);
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                 _("%s: cannot initialise the key database with %s (%s)"), profile_dir, lib->path, why);
    return FALSE;
  }
  locked = lib->need_login (slot) != 0;
  lib->free_slot (slot);
  /* the read-only look above has seen this already, unless the file
   * changed in between */
  if (locked) {
    shutdown_nss (lib);
    return refuse_primary_password (profile_dir, error);
  }
  return TRUE;
}

MfTbNss *
mf_tb_nss_open (const gchar *profile_dir, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree gchar *passed_over = NULL;
  g_auto(FsIdentity) fs = { FALSE };
  MfTbNss *self;
  MfNssLib *lib;

  g_return_val_if_fail (profile_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (profile_dir, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s: the profile directory does not exist"), profile_dir);
    return NULL;
  }
  if (!check_databases (profile_dir, error))
    return NULL;
  locker = g_mutex_locker_new (&nss_mutex);
  if (nss_current != NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                 _("%s: cannot open the saved passwords while those of %s are open"),
                 profile_dir, nss_current->profile_dir);
    return NULL;
  }
  lib = load_nss (profile_dir, &passed_over, error);
  if (lib == NULL)
    return NULL;
  fs = fs_enter (profile_dir);
  if (!start_nss (lib, profile_dir, error))
    return NULL;
  self = g_new0 (MfTbNss, 1);
  self->profile_dir = g_strdup (profile_dir);
  self->lib = lib;
  self->passed_over = g_steal_pointer (&passed_over);
  nss_current = self;
  return self;
}

/* encrypts under the lock; the caller holds it */
static gchar *
encrypt_locked (MfTbNss *self, const gchar *plain, gsize len, GError **error)
{
  MfNssLib *lib = self->lib;
  MfSecItem keyid = { 0, NULL, 0 };
  MfSecItem data = { 0, (unsigned char *) plain, (unsigned int) len };
  MfSecItem out = { 0, NULL, 0 };
  gchar *b64;

  /* an empty key id means the default SDR key, which NSS creates on first use */
  if (lib->sdr_encrypt (&keyid, &data, &out, NULL) != MF_SEC_SUCCESS) {
    int code = lib->get_error ();
    g_autofree gchar *why = nss_error_text (lib);

    if (out.data != NULL)
      lib->free_item (&out, 0);
    if (code == MF_SEC_ERROR_INVALID_KEY) {
      g_autofree gchar *hint = NULL;

      if (self->passed_over != NULL)
        hint = g_strdup_printf (_("; Thunderbird's own NSS could not be used: %s"), self->passed_over);
      /* TRANSLATORS: MAILFIX_NSS_DIR is an environment variable; keep it as it is */
      g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                   _("%s: the NSS in %s cannot encrypt with the key in key4.db (%s); it is probably "
                     "older than the Thunderbird that made the profile: set MAILFIX_NSS_DIR to the "
                     "directory of Thunderbird's libnss3.so%s"),
                   self->profile_dir, lib->path, why, hint != NULL ? hint : "");
    } else
      g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                   _("%s: cannot encrypt with key4.db using %s (%s)"), self->profile_dir, lib->path, why);
    return NULL;
  }
  b64 = g_base64_encode (out.data, out.len);
  lib->free_item (&out, 0);
  return b64;
}

static gboolean
is_base64 (const gchar *text)
{
  gsize len = strlen (text);
  gsize pad = 0;

  if (len == 0 || len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++) {
    gchar c = text[i];
    if (c == '=') {
      pad++;
      continue;
    }
    /* '=' only at the end */
    if (pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
      return FALSE;
  }
  return pad <= 2;
}

static gchar *
decrypt_locked (MfTbNss *self, const gchar *b64, GError **error)
{
  MfNssLib *lib = self->lib;
  g_autofree guchar *raw = NULL;
  gsize raw_len = 0;
  MfSecItem in = { 0, NULL, 0 };
  MfSecItem out = { 0, NULL, 0 };
  gchar *plain;

  if (!is_base64 (b64)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("%s: an encrypted value in logins.json is not base64"), self->profile_dir);
    return NULL;
  }
  raw = g_base64_decode (b64, &raw_len);
  in.data = raw;
  in.len = (unsigned int) raw_len;
  if (lib->sdr_decrypt (&in, &out, NULL) != MF_SEC_SUCCESS) {
    g_autofree gchar *why = nss_error_text (lib);

    if (out.data != NULL)
      lib->free_item (&out, 0);
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                 _("%s: cannot decrypt a value of logins.json with key4.db using %s (%s)"),
                 self->profile_dir, lib->path, why);
    return NULL;
  }
  /* Thunderbird stores UTF-8 text; anything else is not one of its values */
  if (memchr (out.data, '\0', out.len) != NULL || !g_utf8_validate ((const gchar *) out.data, out.len, NULL)) {
    lib->free_item (&out, 0);
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("%s: a decrypted value of logins.json is not UTF-8 text"), self->profile_dir);
    return NULL;
  }
  plain = g_malloc (out.len + 1);
  memcpy (plain, out.data, out.len);
  plain[out.len] = '\0';
  lib->free_item (&out, 0);
  return plain;
}

gchar *
mf_tb_nss_encrypt (MfTbNss *self, const gchar *plain, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(FsIdentity) fs = { FALSE };

  g_return_val_if_fail (self != NULL && plain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&nss_mutex);
  g_return_val_if_fail (self == nss_current, NULL);
  fs = fs_enter (self->profile_dir);
  return encrypt_locked (self, plain, strlen (plain), error);
}

gchar *
mf_tb_nss_decrypt (MfTbNss *self, const gchar *b64, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(FsIdentity) fs = { FALSE };

  g_return_val_if_fail (self != NULL && b64 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&nss_mutex);
  g_return_val_if_fail (self == nss_current, NULL);
  fs = fs_enter (self->profile_dir);
  return decrypt_locked (self, b64, error);
}

gboolean
mf_tb_nss_can_encrypt (MfTbNss *self, GError **error)
{
  /* non-ASCII on purpose: the passwords written may be Japanese */
  static const gchar probe[] = "mailfix probe \xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89";
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(FsIdentity) fs = { FALSE };
  g_autofree gchar *sealed = NULL;
  g_autoptr(MfTbSecret) opened = NULL;
  GError *local = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&nss_mutex);
  g_return_val_if_fail (self == nss_current, FALSE);
  fs = fs_enter (self->profile_dir);
  sealed = encrypt_locked (self, probe, strlen (probe), error);
  if (sealed == NULL)
    return FALSE;
  opened = decrypt_locked (self, sealed, &local);
  if (opened == NULL) {
    g_propagate_error (error, local);
    return FALSE;
  }
  if (strcmp (opened, probe) != 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                 _("%s: %s does not decrypt what it encrypted with key4.db"),
                 self->profile_dir, self->lib->path);
    return FALSE;
  }
  return TRUE;
}

const gchar *
mf_tb_nss_get_library (MfTbNss *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->lib->path;
}

const gchar *
mf_tb_nss_get_profile_dir (MfTbNss *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->profile_dir;
}

void
mf_tb_nss_close (MfTbNss *self)
{
  if (self == NULL)
    return;
  if (self->lib != NULL) {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&nss_mutex);

    if (nss_current == self) {
      g_auto(FsIdentity) fs = fs_enter (self->profile_dir);
      shutdown_nss (self->lib);
      nss_current = NULL;
    }
  }
  g_free (self->profile_dir);
  g_free (self->passed_over);
  g_free (self);
}

void
mf_tb_nss_secret_free (gchar *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}
