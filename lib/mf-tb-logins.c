/* mf-tb-logins.c: when a stored password last changed, from logins.json.
 * Origins and timestamps are stored in clear; only user names and
 * passwords are encrypted, so this needs no key and no NSS. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "mf-account.h"
#include "mf-atomic-file.h"
#include "mf-private.h"
#include "mf-tb-logins.h"

/* logins.json holds a few KB per saved password */
#define MF_TB_MAX_LOGINS_SIZE (16 * 1024 * 1024)

static gchar *
origin_of (MfServer *server)
{
  const gchar *scheme = mf_server_get_protocol (server) == MF_PROTOCOL_IMAP ? "imap" : "mailbox";
  return g_strdup_printf ("%s://%s", scheme, mf_server_get_host (server));
}

JsonArray *
mf_tb_logins_parse (JsonParser *parser, GBytes *bytes)
{
  gsize len = 0;
  const gchar *data;
  JsonNode *member;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  /* checked, not assumed: the file comes from someone else's disk */
  member = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "logins");
  return member != NULL && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
}

void
mf_tb_logins_read_times (const gchar *profile_dir, GPtrArray *accounts)
{
  g_autofree gchar *path = g_build_filename (profile_dir, "logins.json", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *logins;

  /* a damaged password store only means no dates to compare */
  bytes = mf_atomic_file_read (path, MF_TB_MAX_LOGINS_SIZE, NULL, NULL);
  logins = mf_tb_logins_parse (parser, bytes);
  if (logins == NULL)
    return;
  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    MfServer *incoming = mf_account_get_incoming (account);
    g_autofree gchar *origin = NULL;
    gint64 newest = 0;

    if (incoming == NULL || mf_server_get_host (incoming) == NULL)
      continue;
    origin = origin_of (incoming);
    for (guint j = 0; j < json_array_get_length (logins); j++) {
      JsonNode *node = json_array_get_element (logins, j);
      JsonObject *login = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      if (login != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (login, "hostname", NULL), origin) == 0)
        newest = MAX (newest, json_object_get_int_member_with_default (login, "timePasswordChanged", 0));
    }
    if (newest > 0) {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (newest / 1000);
      mf_account_set_password_changed (account, when);
    }
  }
}
