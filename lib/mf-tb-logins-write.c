/* mf-tb-logins-write.c: storing and forgetting mail passwords in
 * logins.json, the way Thunderbird 153's JSON login storage does
 * (storage-json.sys.mjs, LoginStore.sys.mjs), keeping what it does not know */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "mf-error.h"
#include "mf-private.h"
#include "mf-tb-logins-write.h"

/* LoginStore's kDataVersion in Thunderbird 153 */
#define MF_TB_LOGINS_VERSION 3
/* nsILoginManagerCrypto.ENCTYPE_SDR */
#define MF_TB_ENCTYPE_SDR 1

typedef struct {
  gchar *path;              /* for messages */
  JsonNode *root;
  JsonObject *top;
  JsonArray *logins;
} LoginsDoc;

static void
logins_doc_free (LoginsDoc *doc)
{
  g_free (doc->path);
  g_clear_pointer (&doc->root, json_node_unref);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoginsDoc, logins_doc_free)

static gchar *
logins_path (MfTbNss *nss)
{
  if (nss == NULL)
    return g_strdup ("logins.json");
  return g_build_filename (mf_tb_nss_get_profile_dir (nss), "logins.json", NULL);
}

/* an int member, or fallback when it is missing or not an integer */
static gint64
int_member (JsonObject *object, const gchar *name, gint64 fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static const gchar *
string_member (JsonObject *object, const gchar *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* json-glib reads an integer beyond 64 bits as a wrapped-around one, which
 * would silently change a member mailfix does not know; such a number is
 * found first, outside strings, and the file refused. NULL when there is none. */
static gboolean
is_number_char (gchar c)
{
  return c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
}

static gchar *
find_unkeepable_number (const gchar *data, gsize len)
{
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++) {
    gchar c = data[i];
    gsize end = i;
    gboolean integer = TRUE;
    g_autofree gchar *token = NULL;

    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = FALSE;
      continue;
    }
    if (c == '"') {
      in_string = TRUE;
      continue;
    }
    if (c != '-' && !g_ascii_isdigit (c))
      continue;
    /* the whole number token, so that its fraction or exponent is not
     * taken for another number */
    while (end < len && (g_ascii_isdigit (data[end]) || is_number_char (data[end]))) {
      if (data[end] == '.' || data[end] == 'e' || data[end] == 'E' || (data[end] == '+') ||
          (data[end] == '-' && end > i))
        integer = FALSE;
      end++;
    }
    token = g_strndup (data + i, end - i);
    if (integer && g_ascii_isdigit (token[strlen (token) - 1]) &&
        !g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, NULL, NULL))
      return g_steal_pointer (&token);
    i = end - 1;
  }
  return NULL;
}

static LoginsDoc *
logins_doc_new (GBytes *old_json, MfTbNss *nss, GError **error)
{
  g_autoptr(LoginsDoc) doc = g_new0 (LoginsDoc, 1);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree gchar *huge = NULL;
  JsonNode *member;
  const gchar *data;
  gsize len = 0;

  doc->path = logins_path (nss);
  if (old_json == NULL) {
    /* what LoginStore starts an empty store with */
    doc->top = json_object_new ();
    json_object_set_int_member (doc->top, "nextId", 1);
    json_object_set_array_member (doc->top, "logins", json_array_new ());
    json_object_set_array_member (doc->top, "potentiallyVulnerablePasswords", json_array_new ());
    json_object_set_int_member (doc->top, "version", MF_TB_LOGINS_VERSION);
    doc->root = json_node_init_object (json_node_alloc (), doc->top);
    json_object_unref (doc->top);
    doc->logins = json_object_get_array_member (doc->top, "logins");
    return g_steal_pointer (&doc);
  }

  data = g_bytes_get_data (old_json, &len);
  huge = find_unkeepable_number (data, len);
  if (huge != NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("%s holds the number %s, which is too large for mailfix to keep unchanged"), doc->path, huge);
    return NULL;
  }
  parser = json_parser_new ();
  if (len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, &local)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s is not valid JSON: %s"), doc->path,
                 local != NULL ? local->message : _("the file is empty"));
    return NULL;
  }
  doc->root = json_parser_steal_root (parser);
  if (doc->root == NULL || !JSON_NODE_HOLDS_OBJECT (doc->root)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s does not hold a JSON object"), doc->path);
    return NULL;
  }
  doc->top = json_node_get_object (doc->root);
  member = json_object_get_member (doc->top, "logins");
  if (member == NULL || JSON_NODE_HOLDS_NULL (member)) {
    /* as LoginStore does with a file that has no logins yet */
    json_object_set_array_member (doc->top, "logins", json_array_new ());
  } else if (!JSON_NODE_HOLDS_ARRAY (member)) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s: \"logins\" is not an array"), doc->path);
    return NULL;
  }
  doc->logins = json_object_get_array_member (doc->top, "logins");
  return g_steal_pointer (&doc);
}

static GBytes *
logins_doc_to_bytes (LoginsDoc *doc)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len = 0;
  gchar *text;

  /* compact, as JSON.stringify() writes it */
  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, doc->root);
  text = json_generator_to_data (generator, &len);
  return g_bytes_new_take (text, len);
}

/* the logins of origin, as the mail code looks them up: hostname and
 * httpRealm are both the origin; a tombstone of a deleted login has neither */
static gboolean
login_has_origin (JsonObject *login, const gchar *origin)
{
  return g_strcmp0 (string_member (login, "hostname"), origin) == 0 &&
         g_strcmp0 (string_member (login, "httpRealm"), origin) == 0;
}

/* TRUE if the encrypted member name decrypts to expected. A value that does
 * not decrypt is not a match: Thunderbird skips such logins as well. */
static gboolean
member_decrypts_to (MfTbNss *nss, JsonObject *login, const gchar *name, const gchar *expected)
{
  const gchar *sealed = string_member (login, name);
  g_autoptr(MfTbSecret) plain = NULL;

  if (sealed == NULL || int_member (login, "encType", -1) != MF_TB_ENCTYPE_SDR)
    return FALSE;
  plain = mf_tb_nss_decrypt (nss, sealed, NULL);
  return plain != NULL && strcmp (plain, expected) == 0;
}

static JsonObject *
login_at (LoginsDoc *doc, guint index)
{
  JsonNode *node = json_array_get_element (doc->logins, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* the next free id: nextId, unless a hand-edited file already uses it */
static gint64
take_next_id (LoginsDoc *doc)
{
  gint64 id = int_member (doc->top, "nextId", 1);

  for (guint i = 0; i < json_array_get_length (doc->logins); i++) {
    JsonObject *login = login_at (doc, i);
    if (login != NULL)
      id = MAX (id, int_member (login, "id", 0) + 1);
  }
  json_object_set_int_member (doc->top, "nextId", id + 1);
  return id;
}

static gboolean
add_login (LoginsDoc *doc, MfTbNss *nss, const gchar *origin, const gchar *username,
           const gchar *password, gint64 now, GError **error)
{
  g_autofree gchar *enc_user = mf_tb_nss_encrypt (nss, username, error);
  g_autofree gchar *enc_password = NULL;
  g_autofree gchar *uuid = g_uuid_string_random ();
  g_autofree gchar *guid = NULL;
  JsonObject *login;

  if (enc_user == NULL)
    return FALSE;
  enc_password = mf_tb_nss_encrypt (nss, password, error);
  if (enc_password == NULL)
    return FALSE;
  guid = g_strdup_printf ("{%s}", uuid);

  /* the members and their order of storage-json's addLogin; the login
   * manager counts a new login as one change to sync (syncCounter 1) */
  login = json_object_new ();
  json_object_set_int_member (login, "id", take_next_id (doc));
  json_object_set_string_member (login, "hostname", origin);
  json_object_set_string_member (login, "httpRealm", origin);
  json_object_set_null_member (login, "formSubmitURL");
  json_object_set_string_member (login, "usernameField", "");
  json_object_set_string_member (login, "passwordField", "");
  json_object_set_string_member (login, "encryptedUsername", enc_user);
  json_object_set_string_member (login, "encryptedPassword", enc_password);
  json_object_set_string_member (login, "guid", guid);
  json_object_set_int_member (login, "encType", MF_TB_ENCTYPE_SDR);
  json_object_set_int_member (login, "timeCreated", now);
  json_object_set_int_member (login, "timeLastUsed", now);
  json_object_set_int_member (login, "timePasswordChanged", now);
  json_object_set_int_member (login, "timesUsed", 1);
  json_object_set_int_member (login, "syncCounter", 1);
  json_object_set_boolean_member (login, "everSynced", FALSE);
  json_object_set_null_member (login, "encryptedUnknownFields");
  json_array_add_object_element (doc->logins, login);
  return TRUE;
}

/* what storage-json's modifyLogin changes when only the password does */
static gboolean
change_password (JsonObject *login, MfTbNss *nss, const gchar *password, gint64 now, GError **error)
{
  g_autofree gchar *enc_password = mf_tb_nss_encrypt (nss, password, error);
  JsonNode *counter = json_object_get_member (login, "syncCounter");

  if (enc_password == NULL)
    return FALSE;
  json_object_set_string_member (login, "encryptedPassword", enc_password);
  json_object_set_int_member (login, "timePasswordChanged", now);
  /* a changed password is a change to sync; a file too old to count
   * changes is left without the counter */
  if (counter != NULL && JSON_NODE_HOLDS_VALUE (counter) && json_node_get_value_type (counter) == G_TYPE_INT64)
    json_object_set_int_member (login, "syncCounter", json_node_get_int (counter) + 1);
  return TRUE;
}

GBytes *
mf_tb_logins_set (GBytes *old_json, MfTbNss *nss, const gchar *origin, const gchar *username,
                  const gchar *password, GError **error)
{
  g_autoptr(LoginsDoc) doc = NULL;
  gint64 now = g_get_real_time () / 1000;
  gboolean found = FALSE;
  gboolean changed = FALSE;

  g_return_val_if_fail (nss != NULL, NULL);
  g_return_val_if_fail (origin != NULL && username != NULL && password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = logins_doc_new (old_json, nss, error);
  if (doc == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (doc->logins); i++) {
    JsonObject *login = login_at (doc, i);

    if (login == NULL || !login_has_origin (login, origin) ||
        !member_decrypts_to (nss, login, "encryptedUsername", username))
      continue;
    found = TRUE;
    /* the same password again is no change: applying twice plans nothing */
    if (member_decrypts_to (nss, login, "encryptedPassword", password))
      continue;
    if (!change_password (login, nss, password, now, error))
      return NULL;
    changed = TRUE;
  }
  if (!found) {
    if (!add_login (doc, nss, origin, username, password, now, error))
      return NULL;
    changed = TRUE;
  }
  if (!changed)
    return g_bytes_ref (old_json);
  /* "version" stays as it was: below 3, Thunderbird still has to repair
   * the dates of the older logins when it next loads the file */
  return logins_doc_to_bytes (doc);
}

GBytes *
mf_tb_logins_remove (GBytes *old_json, MfTbNss *nss, const gchar *origin, const gchar *username, GError **error)
{
  g_autoptr(LoginsDoc) doc = NULL;
  gboolean removed = FALSE;

  g_return_val_if_fail (old_json != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);
  g_return_val_if_fail (username == NULL || nss != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = logins_doc_new (old_json, nss, error);
  if (doc == NULL)
    return NULL;
  for (guint i = json_array_get_length (doc->logins); i > 0; i--) {
    JsonObject *login = login_at (doc, i - 1);

    if (login == NULL || !login_has_origin (login, origin))
      continue;
    if (username != NULL && !member_decrypts_to (nss, login, "encryptedUsername", username))
      continue;
    json_array_remove_element (doc->logins, i - 1);
    removed = TRUE;
  }
  if (!removed)
    return g_bytes_ref (old_json);
  return logins_doc_to_bytes (doc);
}
