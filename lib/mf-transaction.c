/* mf-transaction.c: all-or-nothing rewrites of several files
 *
 * A commit checks that every file still holds what the plan was made
 * from, copies the originals into a fresh backup directory, writes a journal
 * that says what is about to happen, then replaces the files one by one.  If
 * any step of the writing fails, the files already written are put back, so
 * the caller sees either every change or none.  The journal stays behind so
 * that mf_backup_restore() can undo a committed transaction later. */
#include "config.h"

/* openat() and its kin are POSIX.1-2008, which -std=c11 alone hides */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-fault.h"
#include "mf-private.h"
#include "mf-transaction.h"

#define JOURNAL_VERSION  1
#define NEW_FILE_MODE    0600
#define BACKUP_FILE_MODE 0600
#define BACKUP_DIR_MODE  0700
#define ID_ATTEMPTS      100
/* a backup keeps at most this many characters of the original's name, so
 * "NNN-NAME" and its temporary name stay within NAME_MAX */
#define BACKUP_NAME_KEEP 60
#define TIME_FORMAT      "%Y-%m-%dT%H:%M:%S.%f%:z"

typedef struct {
  gchar       *path;
  GBytes      *expected_old;
  GBytes      *new_contents;
  gboolean     has_attrs;
  guint        mode;
  uid_t        uid;
  gid_t        gid;
  struct stat  st;            /* the original, as the first check found it */
} TxnFile;

struct _MfTransaction {
  gchar     *backup_root;
  gchar     *label;
  GPtrArray *files;           /* TxnFile */
  MfJournal *journal;         /* once the backup directory exists */
  guint      fail_at;
  guint      fail_put_back_at;
  guint      n_writes;
  guint      n_put_backs;
  guint      n_attempted;     /* files whose write was started */
  gboolean   committing;
  /* the backup directory, locked while the change is under way: a
   * "prepared" journal nobody holds is a change that was cut short */
  int        busy_fd;
};

static void
txn_file_free (gpointer data)
{
  TxnFile *f = data;

  g_free (f->path);
  g_clear_pointer (&f->expected_old, g_bytes_unref);
  g_clear_pointer (&f->new_contents, g_bytes_unref);
  g_free (f);
}

static void
journal_file_free (gpointer data)
{
  MfJournalFile *jf = data;

  g_free (jf->path);
  g_free (jf->backup);
  g_free (jf->old_sha256);
  g_free (jf->new_sha256);
  g_free (jf);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfJournalFile, journal_file_free)

void
mf_journal_free (MfJournal *journal)
{
  if (journal == NULL)
    return;
  g_free (journal->dir);
  g_free (journal->id);
  g_free (journal->label);
  g_clear_pointer (&journal->created, g_date_time_unref);
  g_free (journal->state);
  g_clear_pointer (&journal->files, g_ptr_array_unref);
  g_free (journal);
}

/* ---- writing the journal ---- */

static void
add_string_or_null (JsonBuilder *builder, const gchar *member, const gchar *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int_or_null (JsonBuilder *builder, const gchar *member, gboolean present, gint64 value)
{
  json_builder_set_member_name (builder, member);
  if (present)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_file (JsonBuilder *builder, MfJournalFile *jf)
{
  json_builder_begin_object (builder);
  add_string_or_null (builder, "path", jf->path);
  add_string_or_null (builder, "backup", jf->backup);
  json_builder_set_member_name (builder, "existed");
  json_builder_add_boolean_value (builder, jf->existed);
  add_int_or_null (builder, "mode", jf->existed, jf->mode);
  add_int_or_null (builder, "uid", jf->existed, jf->uid);
  add_int_or_null (builder, "gid", jf->existed, jf->gid);
  add_string_or_null (builder, "old_sha256", jf->old_sha256);
  add_string_or_null (builder, "new_sha256", jf->new_sha256);
  json_builder_set_member_name (builder, "written");
  json_builder_add_boolean_value (builder, jf->written);
  json_builder_end_object (builder);
}

static JsonNode *
journal_to_node (MfJournal *journal)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree gchar *created = g_date_time_format (journal->created, TIME_FORMAT);
  guint i;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, JOURNAL_VERSION);
  add_string_or_null (builder, "id", journal->id);
  add_string_or_null (builder, "label", journal->label);
  add_string_or_null (builder, "created", created);
  add_string_or_null (builder, "state", journal->state);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (i = 0; i < journal->files->len; i++)
    add_file (builder, g_ptr_array_index (journal->files, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
mf_journal_save (MfJournal *journal, GError **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = journal_to_node (journal);
  g_autofree gchar *path = g_build_filename (journal->dir, MF_JOURNAL_NAME, NULL);
  g_autofree gchar *text = NULL;
  gsize len = 0;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  /* no explicit owner: as root the journal takes its directory's */
  return mf_atomic_file_replace_as (path, (const guint8 *) text, len, BACKUP_FILE_MODE,
                                    (uid_t) -1, (gid_t) -1, error);
}

gboolean
mf_journal_set_state (MfJournal *journal, const gchar *state, GError **error)
{
  g_autofree gchar *previous = g_steal_pointer (&journal->state);

  journal->state = g_strdup (state);
  if (mf_journal_save (journal, error))
    return TRUE;
  /* what is in memory keeps matching what is on disk */
  g_free (journal->state);
  journal->state = g_steal_pointer (&previous);
  return FALSE;
}

/* ---- reading the journal ---- */

static gboolean
wrong_member (const gchar *member, GError **error)
{
  g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
               _("member %s is missing or has the wrong type"), member);
  return FALSE;
}

static gboolean
read_string (JsonObject *obj, const gchar *member, gboolean nullable, gchar **out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node != NULL && nullable && JSON_NODE_HOLDS_NULL (node)) {
    *out = NULL;
    return TRUE;
  }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_member (member, error);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_bool (JsonObject *obj, const gchar *member, gboolean *out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_member (member, error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* an integer in 0..max, or null (read as 0) when nullable */
static gboolean
read_uint (JsonObject *obj, const gchar *member, gint64 max, gboolean nullable,
           gint64 *out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node != NULL && nullable && JSON_NODE_HOLDS_NULL (node)) {
    *out = 0;
    return TRUE;
  }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    return wrong_member (member, error);
  *out = json_node_get_int (node);
  return TRUE;
}

/* a backup's name is looked up inside the backup directory only */
static gboolean
is_plain_name (const gchar *name)
{
  return name != NULL && name[0] != '\0' && strchr (name, G_DIR_SEPARATOR) == NULL &&
         g_strcmp0 (name, ".") != 0 && g_strcmp0 (name, "..") != 0;
}

static gboolean
file_is_consistent (MfJournalFile *jf, GError **error)
{
  if (!g_path_is_absolute (jf->path)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("path %s is not absolute"), jf->path);
    return FALSE;
  }
  if (jf->existed != (jf->backup != NULL) || jf->existed != (jf->old_sha256 != NULL) ||
      (jf->backup != NULL && !is_plain_name (jf->backup))) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("the entry for %s does not hold together"), jf->path);
    return FALSE;
  }
  return TRUE;
}

static MfJournalFile *
file_from_node (JsonNode *node, GError **error)
{
  g_autoptr(MfJournalFile) jf = g_new0 (MfJournalFile, 1);
  JsonObject *obj;
  gint64 mode = 0, uid = 0, gid = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    wrong_member ("files", error);
    return NULL;
  }
  obj = json_node_get_object (node);
  if (!read_string (obj, "path", FALSE, &jf->path, error) ||
      !read_string (obj, "backup", TRUE, &jf->backup, error) ||
      !read_bool (obj, "existed", &jf->existed, error) ||
      !read_uint (obj, "mode", 07777, !jf->existed, &mode, error) ||
      !read_uint (obj, "uid", G_MAXUINT32, !jf->existed, &uid, error) ||
      !read_uint (obj, "gid", G_MAXUINT32, !jf->existed, &gid, error) ||
      !read_string (obj, "old_sha256", TRUE, &jf->old_sha256, error) ||
      !read_string (obj, "new_sha256", TRUE, &jf->new_sha256, error) ||
      !read_bool (obj, "written", &jf->written, error) ||
      !file_is_consistent (jf, error))
    return NULL;
  jf->mode = (guint) mode;
  jf->uid = (uid_t) uid;
  jf->gid = (gid_t) gid;
  return g_steal_pointer (&jf);
}

static gboolean
is_known_state (const gchar *state)
{
  const gchar *known[] = {
    MF_JOURNAL_STATE_PREPARED, MF_JOURNAL_STATE_COMMITTED, MF_JOURNAL_STATE_ROLLED_BACK,
    MF_JOURNAL_STATE_INCOMPLETE, MF_JOURNAL_STATE_RESTORED, NULL
  };

  return g_strv_contains (known, state);
}

static gboolean
read_header (JsonObject *obj, MfJournal *journal, GError **error)
{
  g_autofree gchar *created = NULL;
  gint64 version = 0;

  if (!read_uint (obj, "version", G_MAXINT, FALSE, &version, error))
    return FALSE;
  if (version != JOURNAL_VERSION) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("it has version %lld, which this mailfix cannot read"), (long long) version);
    return FALSE;
  }
  if (!read_string (obj, "id", FALSE, &journal->id, error) ||
      !read_string (obj, "label", FALSE, &journal->label, error) ||
      !read_string (obj, "created", FALSE, &created, error) ||
      !read_string (obj, "state", FALSE, &journal->state, error))
    return FALSE;
  if (!is_known_state (journal->state)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("state %s is unknown"), journal->state);
    return FALSE;
  }
  journal->created = g_date_time_new_from_iso8601 (created, NULL);
  if (journal->created == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("time %s is not an ISO 8601 time with an offset"), created);
    return FALSE;
  }
  return TRUE;
}

static MfJournal *
journal_from_node (JsonNode *root, const gchar *dir, GError **error)
{
  g_autoptr(MfJournal) journal = g_new0 (MfJournal, 1);
  g_autofree gchar *dir_name = g_path_get_basename (dir);
  JsonObject *obj;
  JsonNode *files;
  guint i;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_PARSE, _("it is not a JSON object"));
    return NULL;
  }
  obj = json_node_get_object (root);
  journal->dir = g_strdup (dir);
  journal->files = g_ptr_array_new_with_free_func (journal_file_free);
  if (!read_header (obj, journal, error))
    return NULL;
  /* a journal copied into another backup's directory must not act there */
  if (g_strcmp0 (journal->id, dir_name) != 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("it belongs to backup %s, not %s"), journal->id, dir_name);
    return NULL;
  }
  files = json_object_get_member (obj, "files");
  if (files == NULL || !JSON_NODE_HOLDS_ARRAY (files)) {
    wrong_member ("files", error);
    return NULL;
  }
  for (i = 0; i < json_array_get_length (json_node_get_array (files)); i++) {
    JsonNode *node = json_array_get_element (json_node_get_array (files), i);
    MfJournalFile *jf = file_from_node (node, error);

    if (jf == NULL)
      return NULL;
    g_ptr_array_add (journal->files, jf);
  }
  return g_steal_pointer (&journal);
}

MfJournal *
mf_journal_load (const gchar *dir, GError **error)
{
  g_autofree gchar *path = g_build_filename (dir, MF_JOURNAL_NAME, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error_local = NULL;
  MfJournal *journal;
  const gchar *text;
  gsize len = 0;

  data = mf_atomic_file_read (path, MF_MAX_FILE_SIZE, NULL, error);
  if (data == NULL)
    return NULL;
  text = g_bytes_get_data (data, &len);
  if (len == 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("journal %s is empty"), path);
    return NULL;
  }
  if (!json_parser_load_from_data (parser, text, (gssize) len, &error_local)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("journal %s is damaged: %s"), path, error_local->message);
    return NULL;
  }
  journal = journal_from_node (json_parser_get_root (parser), dir, &error_local);
  if (journal == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("journal %s is damaged: %s"), path, error_local->message);
    return NULL;
  }
  return journal;
}

/* ---- the transaction ---- */

MfTransaction *
mf_transaction_new (const gchar *backup_root, const gchar *label)
{
  MfTransaction *self;
  const gchar *fail_at = g_getenv ("MAILFIX_FAIL_AT_WRITE");
  guint64 nth = 0;

  g_return_val_if_fail (backup_root != NULL, NULL);
  g_return_val_if_fail (label != NULL && g_utf8_validate (label, -1, NULL), NULL);

  mf_i18n_init ();
  self = g_new0 (MfTransaction, 1);
  self->backup_root = g_canonicalize_filename (backup_root, NULL);
  self->label = g_strdup (label);
  self->files = g_ptr_array_new_with_free_func (txn_file_free);
  self->busy_fd = -1;
  if (fail_at != NULL && g_ascii_string_to_unsigned (fail_at, 10, 0, G_MAXUINT, &nth, NULL))
    self->fail_at = (guint) nth;
  return self;
}

/* lets go of the backup directory: the change is no longer under way */
static void
release_backup_dir (MfTransaction *self)
{
  if (self->busy_fd >= 0)
    close (self->busy_fd);
  self->busy_fd = -1;
}

void
mf_transaction_free (MfTransaction *self)
{
  if (self == NULL)
    return;
  g_free (self->backup_root);
  g_free (self->label);
  g_ptr_array_unref (self->files);
  mf_journal_free (self->journal);
  release_backup_dir (self);
  g_free (self);
}

static TxnFile *
add_file_entry (MfTransaction *self, const gchar *path, GBytes *expected_old, GBytes *new_contents)
{
  TxnFile *f = g_new0 (TxnFile, 1);

  f->path = g_canonicalize_filename (path, NULL);
  f->expected_old = expected_old != NULL ? g_bytes_ref (expected_old) : NULL;
  f->new_contents = new_contents != NULL ? g_bytes_ref (new_contents) : NULL;
  g_ptr_array_add (self->files, f);
  return f;
}

void
mf_transaction_add (MfTransaction *self, const gchar *path, GBytes *expected_old, GBytes *new_contents)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (!self->committing);

  add_file_entry (self, path, expected_old, new_contents);
}

void
mf_transaction_add_with_attrs (MfTransaction *self, const gchar *path, GBytes *expected_old,
                               GBytes *new_contents, guint mode, uid_t uid, gid_t gid)
{
  TxnFile *f;

  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (!self->committing);

  f = add_file_entry (self, path, expected_old, new_contents);
  f->has_attrs = TRUE;
  f->mode = mode;
  f->uid = uid;
  f->gid = gid;
}

void
mf_transaction_set_fail_at (MfTransaction *self, guint nth_write)
{
  g_return_if_fail (self != NULL);
  self->fail_at = nth_write;
}

void
mf_transaction_set_fail_put_back_at (MfTransaction *self, guint nth_put_back)
{
  g_return_if_fail (self != NULL);
  self->fail_put_back_at = nth_put_back;
}

const gchar *
mf_transaction_get_id (MfTransaction *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->journal != NULL ? self->journal->id : NULL;
}

const gchar *
mf_transaction_get_backup_dir (MfTransaction *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->journal != NULL ? self->journal->dir : NULL;
}

/* every path once, and each one storable in the UTF-8 journal */
static gboolean
check_plan (MfTransaction *self, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint i;

  for (i = 0; i < self->files->len; i++) {
    TxnFile *f = g_ptr_array_index (self->files, i);

    if (!g_utf8_validate (f->path, -1, NULL)) {
      g_autofree gchar *shown = g_filename_display_name (f->path);
      g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                   _("%s is not a UTF-8 path; mailfix cannot record it in its journal"), shown);
      return FALSE;
    }
    if (!g_hash_table_add (seen, f->path)) {
      g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                   _("%s appears twice in one transaction"), f->path);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
conflict (TxnFile *f, GError **error)
{
  g_set_error (error, MF_ERROR, MF_ERROR_CONFLICT,
               _("%s changed since the plan was made; plan again"), f->path);
  return FALSE;
}

/* whether the file still is what the plan was made from; fills st with the
 * original's attributes when st is not NULL */
static gboolean
verify_file (TxnFile *f, struct stat *st, GError **error)
{
  g_autoptr(GError) error_local = NULL;
  g_autoptr(GBytes) now = NULL;
  struct stat lst;

  if (f->expected_old == NULL) {
    /* anything at all at the path, even a dangling link, is a conflict */
    if (lstat (f->path, &lst) == 0)
      return conflict (f, error);
    if (errno != ENOENT)
      return mf_fail_errno (error, errno, _("cannot examine %s"), f->path);
    return TRUE;
  }
  now = mf_atomic_file_read (f->path, MF_MAX_FILE_SIZE, st, &error_local);
  if (now == NULL && g_error_matches (error_local, MF_ERROR, MF_ERROR_NOT_FOUND))
    return conflict (f, error);
  if (now == NULL) {
    g_propagate_error (error, g_steal_pointer (&error_local));
    return FALSE;
  }
  if (!g_bytes_equal (now, f->expected_old))
    return conflict (f, error);
  return TRUE;
}

static gboolean
verify_all (MfTransaction *self, GError **error)
{
  guint i;

  for (i = 0; i < self->files->len; i++) {
    TxnFile *f = g_ptr_array_index (self->files, i);

    if (!verify_file (f, &f->st, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
set_dir_attrs (int fd, int parentfd)
{
  struct stat pst;

  if (fchmod (fd, BACKUP_DIR_MODE) != 0)
    return FALSE;
  if (geteuid () != 0)
    return TRUE;
  return fstat (parentfd, &pst) == 0 && fchown (fd, pst.st_uid, pst.st_gid) == 0;
}

/* makes parent/name a 0700 directory whatever the umask; as root it takes
 * the parent's owner, so backups below /home/alice belong to alice.  FALSE
 * with errno set, and nothing left behind */
static gboolean
mkdir_private (int parentfd, const gchar *name)
{
  g_auto(MfFd) fd = -1;
  gint errsv;

  if (!mf_fault_step ("mkdir", NULL) || mkdirat (parentfd, name, BACKUP_DIR_MODE) != 0)
    return FALSE;
  fd = openat (parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 && set_dir_attrs (fd, parentfd) &&
      (fsync (parentfd) == 0 || errno == EINVAL))
    return TRUE;
  errsv = errno;
  unlinkat (parentfd, name, AT_REMOVEDIR);
  errno = errsv;
  return FALSE;
}

/* opens the backup root, making it and any missing parents first; inside
 * a confined home no link on the way is followed out of it */
static int
open_backup_root (const gchar *root, GError **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *existing = g_strdup (root);
  g_auto(MfFd) fd = -1;
  guint i;

  while ((fd = mf_confine_open (existing, O_RDONLY | O_DIRECTORY, 0)) < 0) {
    gint errsv = errno;
    g_autofree gchar *parent = g_path_get_dirname (existing);

    if (errsv != ENOENT || g_strcmp0 (parent, existing) == 0) {
      mf_confine_fail_open (error, errsv, existing);
      return -1;
    }
    g_ptr_array_add (missing, g_path_get_basename (existing));
    g_free (existing);
    existing = g_steal_pointer (&parent);
  }
  for (i = missing->len; i > 0; i--) {
    const gchar *name = g_ptr_array_index (missing, i - 1);
    int child;

    /* EEXIST: another mailfix made it meanwhile, which is as good */
    if (!mkdir_private (fd, name) && errno != EEXIST) {
      mf_fail_errno (error, errno, _("cannot create %s"), root);
      return -1;
    }
    child = openat (fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (child < 0) {
      mf_fail_errno (error, errno, _("cannot open %s"), root);
      return -1;
    }
    mf_fd_close (fd);
    fd = child;
  }
  return mf_fd_steal (&fd);
}

static MfJournal *
journal_new (MfTransaction *self, const gchar *id, GDateTime *created)
{
  MfJournal *journal = g_new0 (MfJournal, 1);

  journal->dir = g_build_filename (self->backup_root, id, NULL);
  journal->id = g_strdup (id);
  journal->label = g_strdup (self->label);
  journal->created = g_date_time_ref (created);
  journal->state = g_strdup (MF_JOURNAL_STATE_PREPARED);
  journal->files = g_ptr_array_new_with_free_func (journal_file_free);
  return journal;
}

static gboolean
make_backup_dir (MfTransaction *self, GError **error)
{
  g_auto(MfFd) rootfd = open_backup_root (self->backup_root, error);
  guint attempt;

  if (rootfd < 0)
    return FALSE;
  for (attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
    g_autofree gchar *id = g_strdup_printf ("%s-%04x", stamp, (guint) g_random_int_range (0, 0x10000));

    if (mkdir_private (rootfd, id)) {
      self->journal = journal_new (self, id, now);
      /* a lock on an open directory, not on the journal, which each save
       * replaces; it ends with the process however that ends */
      self->busy_fd = openat (rootfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (self->busy_fd >= 0)
        flock (self->busy_fd, LOCK_EX | LOCK_NB);
      return TRUE;
    }
    if (errno != EEXIST)
      return mf_fail_errno (error, errno, _("cannot create a backup directory in %s"),
                            self->backup_root);
  }
  g_set_error (error, MF_ERROR, MF_ERROR_IO,
               _("cannot find a free backup name in %s"), self->backup_root);
  return FALSE;
}

static gchar *
backup_name (guint n, const gchar *path)
{
  g_autofree gchar *base = g_path_get_basename (path);
  g_autofree gchar *kept = g_utf8_substring (base, 0, MIN (g_utf8_strlen (base, -1), BACKUP_NAME_KEEP));

  return g_strdup_printf ("%03u-%s", n, kept);
}

static MfJournalFile *
journal_file_new (TxnFile *f)
{
  MfJournalFile *jf = g_new0 (MfJournalFile, 1);

  jf->path = g_strdup (f->path);
  jf->existed = f->expected_old != NULL;
  if (jf->existed) {
    jf->mode = f->st.st_mode & 07777;
    jf->uid = f->st.st_uid;
    jf->gid = f->st.st_gid;
    jf->old_sha256 = mf_sha256_bytes (f->expected_old);
  }
  if (f->new_contents != NULL)
    jf->new_sha256 = mf_sha256_bytes (f->new_contents);
  return jf;
}

static gboolean
copy_original (MfJournal *journal, MfJournalFile *jf, GBytes *contents, GError **error)
{
  g_autofree gchar *dest = g_build_filename (journal->dir, jf->backup, NULL);
  /* as root the copy belongs to the original's owner; otherwise to us */
  uid_t uid = geteuid () == 0 ? jf->uid : (uid_t) -1;
  gid_t gid = geteuid () == 0 ? jf->gid : (gid_t) -1;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (contents, &len);

  return mf_atomic_file_replace_as (dest, data, len, BACKUP_FILE_MODE, uid, gid, error);
}

static gboolean
copy_originals (MfTransaction *self, GError **error)
{
  guint n_copies = 0;
  guint i;

  for (i = 0; i < self->files->len; i++) {
    TxnFile *f = g_ptr_array_index (self->files, i);
    MfJournalFile *jf = journal_file_new (f);

    g_ptr_array_add (self->journal->files, jf);
    if (!jf->existed)
      continue;
    jf->backup = backup_name (++n_copies, f->path);
    /* the bytes were just checked against the file, so they are the original */
    if (!copy_original (self->journal, jf, f->expected_old, error))
      return FALSE;
  }
  return TRUE;
}

/* a backup that never got a complete journal would only confuse a later
 * restore: remove it, as far as possible */
static void
discard_backup_dir (MfTransaction *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->journal->dir, 0, NULL);
  const gchar *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    g_autofree gchar *path = g_build_filename (self->journal->dir, name, NULL);
    g_unlink (path);
  }
  g_rmdir (self->journal->dir);
  g_clear_pointer (&self->journal, mf_journal_free);
}

static gboolean
prepare_backup (MfTransaction *self, GError **error)
{
  if (!make_backup_dir (self, error))
    return FALSE;
  if (!copy_originals (self, error) || !mf_journal_save (self->journal, error)) {
    discard_backup_dir (self);
    return FALSE;
  }
  return TRUE;
}

static gboolean
inject_failure (GError **error)
{
  g_set_error_literal (error, MF_ERROR, MF_ERROR_IO, _("injected failure"));
  return FALSE;
}

static gboolean
write_file (MfTransaction *self, TxnFile *f, GError **error)
{
  const guint8 *data;
  gsize len = 0;

  if (++self->n_writes == self->fail_at)
    return inject_failure (error);
  if (f->new_contents == NULL)
    return mf_atomic_file_delete (f->path, error);
  data = g_bytes_get_data (f->new_contents, &len);
  if (f->has_attrs)
    return mf_atomic_file_replace_as (f->path, data, len, f->mode, f->uid, f->gid, error);
  return mf_atomic_file_replace (f->path, data, len, NEW_FILE_MODE, error);
}

static gboolean
write_files (MfTransaction *self, GError **error)
{
  guint i;

  for (i = 0; i < self->files->len; i++) {
    TxnFile *f = g_ptr_array_index (self->files, i);
    MfJournalFile *jf = g_ptr_array_index (self->journal->files, i);

    /* the client may have written the file while the backups were made */
    if (!verify_file (f, NULL, error))
      return FALSE;
    self->n_attempted = i + 1;
    if (!write_file (self, f, error)) {
      g_prefix_error (error, "%s: ", f->path);
      return FALSE;
    }
    jf->written = TRUE;
    if (!mf_journal_save (self->journal, error))
      return FALSE;
  }
  return TRUE;
}

/* a file written before the failure goes back; so does the one that
 * failed if it got as far as the rename (say only the directory sync failed) */
static gboolean
needs_put_back (MfTransaction *self, guint i)
{
  TxnFile *f = g_ptr_array_index (self->files, i);
  MfJournalFile *jf = g_ptr_array_index (self->journal->files, i);
  g_autoptr(GBytes) now = NULL;
  g_autoptr(GError) error_local = NULL;

  if (jf->written)
    return TRUE;
  if (i + 1 != self->n_attempted)
    return FALSE;
  now = mf_atomic_file_read (f->path, MF_MAX_FILE_SIZE, NULL, &error_local);
  if (f->new_contents == NULL)
    return g_error_matches (error_local, MF_ERROR, MF_ERROR_NOT_FOUND);
  return now != NULL && g_bytes_equal (now, f->new_contents);
}

static gboolean
put_back (MfTransaction *self, guint i, GError **error)
{
  TxnFile *f = g_ptr_array_index (self->files, i);
  MfJournalFile *jf = g_ptr_array_index (self->journal->files, i);
  const guint8 *data;
  gsize len = 0;

  if (++self->n_put_backs == self->fail_put_back_at)
    return inject_failure (error);
  if (!jf->existed)
    return mf_atomic_file_delete (f->path, error);
  data = g_bytes_get_data (f->expected_old, &len);
  return mf_atomic_file_replace_as (f->path, data, len, jf->mode, jf->uid, jf->gid, error);
}

static void
roll_back (MfTransaction *self, GError *cause, GError **error)
{
  g_autoptr(GError) cause_owned = cause;
  g_autoptr(GError) error_journal = NULL;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *joined = NULL;
  const gchar *state;
  guint i;

  for (i = 0; i < self->n_attempted; i++) {
    g_autoptr(GError) error_local = NULL;
    MfJournalFile *jf = g_ptr_array_index (self->journal->files, i);

    if (!needs_put_back (self, i))
      continue;
    if (!put_back (self, i, &error_local)) {
      /* keep going: every file put back is one less to mend by hand */
      g_ptr_array_add (failures, g_strdup_printf ("%s: %s", jf->path, error_local->message));
      continue;
    }
    jf->written = FALSE;
  }
  state = failures->len == 0 ? MF_JOURNAL_STATE_ROLLED_BACK : MF_JOURNAL_STATE_INCOMPLETE;
  if (!mf_journal_set_state (self->journal, state, &error_journal))
    g_warning ("cannot record state %s in %s: %s", state, self->journal->dir, error_journal->message);
  if (failures->len == 0) {
    g_propagate_error (error, g_steal_pointer (&cause_owned));
    return;
  }
  g_ptr_array_add (failures, NULL);
  joined = g_strjoinv ("; ", (gchar **) failures->pdata);
  g_set_error (error, MF_ERROR,
               cause->domain == MF_ERROR ? cause->code : MF_ERROR_IO,
               _("%s; putting the files back failed too (%s): restore them by hand from %s"),
               cause->message, joined, self->journal->dir);
}

gboolean
mf_transaction_commit (MfTransaction *self, GError **error)
{
  g_autoptr(GError) error_local = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->committing, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->committing = TRUE;
  if (!check_plan (self, error) || !verify_all (self, error) || !prepare_backup (self, error))
    return FALSE;
  /* a commit that cannot be recorded as such is undone as well, so the
   * journal never says less than what happened */
  if (!write_files (self, &error_local) ||
      !mf_journal_set_state (self->journal, MF_JOURNAL_STATE_COMMITTED, &error_local)) {
    roll_back (self, g_steal_pointer (&error_local), error);
    release_backup_dir (self);
    return FALSE;
  }
  release_backup_dir (self);
  return TRUE;
}

/* a journal still "prepared" whose backup directory no process holds:
 * the change was cut short (killed, or the machine went down) */
gboolean
mf_journal_is_interrupted (MfJournal *journal)
{
  g_auto(MfFd) fd = -1;

  if (g_strcmp0 (journal->state, MF_JOURNAL_STATE_PREPARED) != 0)
    return FALSE;
  fd = mf_confine_open (journal->dir, O_RDONLY | O_DIRECTORY, 0);
  if (fd < 0)
    return FALSE;
  return flock (fd, LOCK_SH | LOCK_NB) == 0;
}
