/* mf-autoconfig-cache.c: what autoconfiguration found, kept for a while
 * in the user's cache directory (one JSON file per mail domain) */
#include "config.h"

#include <json-glib/json-glib.h>

#include "mf-autoconfig-private.h"
#include "mf-provider-private.h"

/* the cache file's own format; another number is read as no entry */
#define MF_AUTOCONFIG_CACHE_VERSION 1

void
mf_autoconfig_cache_entry_free (MfAutoconfigCacheEntry *entry)
{
  g_free (entry->url);
  g_free (entry->config);
  g_free (entry);
}

gchar *
mf_autoconfig_cache_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "mailfix", "autoconfig", NULL);
}

static gchar *
mf_cache_path (const gchar *dir, const gchar *domain)
{
  g_autofree gchar *name = g_strconcat (domain, ".json", NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
mf_origin_from_string (const gchar *name, MfProviderOrigin *origin)
{
  static const MfProviderOrigin found[] = {
    MF_PROVIDER_ORIGIN_AUTOCONFIG, MF_PROVIDER_ORIGIN_WELL_KNOWN, MF_PROVIDER_ORIGIN_ISPDB,
    MF_PROVIDER_ORIGIN_MX_AUTOCONFIG, MF_PROVIDER_ORIGIN_MX_ISPDB, MF_PROVIDER_ORIGIN_DNS_SRV,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (found); i++) {
    if (g_strcmp0 (name, mf_provider_origin_to_string (found[i])) == 0) {
      *origin = found[i];
      return TRUE;
    }
  }
  return FALSE;
}

static const gchar *
mf_member_string (JsonObject *object, const gchar *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* an entry that is damaged, of another version or for another domain is
 * no entry: the cache only ever saves a lookup */
static MfAutoconfigCacheEntry *
mf_cache_parse (const gchar *data, gsize len, const gchar *domain)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MfAutoconfigCacheEntry) entry = g_new0 (MfAutoconfigCacheEntry, 1);
  JsonObject *object;
  JsonNode *fetched;

  /* an empty file parses, to no root at all */
  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL) || json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  fetched = json_object_get_member (object, "fetched");
  if (json_object_get_int_member_with_default (object, "version", 0) != MF_AUTOCONFIG_CACHE_VERSION ||
      g_strcmp0 (mf_member_string (object, "domain"), domain) != 0 ||
      fetched == NULL || !JSON_NODE_HOLDS_VALUE (fetched) || json_node_get_value_type (fetched) != G_TYPE_INT64)
    return NULL;
  entry->fetched = json_node_get_int (fetched);
  entry->found = json_object_get_boolean_member_with_default (object, "found", FALSE);
  if (!entry->found)
    return g_steal_pointer (&entry);
  if (!mf_origin_from_string (mf_member_string (object, "origin"), &entry->origin) ||
      mf_member_string (object, "url") == NULL || mf_member_string (object, "config") == NULL)
    return NULL;
  entry->url = g_strdup (mf_member_string (object, "url"));
  entry->config = g_strdup (mf_member_string (object, "config"));
  return g_steal_pointer (&entry);
}

MfAutoconfigCacheEntry *
mf_autoconfig_cache_load (const gchar *dir, const gchar *domain, gint64 now)
{
  g_autofree gchar *path = mf_cache_path (dir, domain);
  g_autofree gchar *data = NULL;
  g_autoptr(MfAutoconfigCacheEntry) entry = NULL;
  gsize len = 0;
  gint64 age;

  if (!g_file_get_contents (path, &data, &len, NULL) || len > 2 * MF_PROVIDER_MAX_FILE_SIZE)
    return NULL;
  entry = mf_cache_parse (data, len, domain);
  if (entry == NULL)
    return NULL;
  age = now - entry->fetched;
  /* an entry from the future (a clock set back) is stale too */
  if (age < 0 || age > (entry->found ? MF_AUTOCONFIG_CACHE_TTL : MF_AUTOCONFIG_CACHE_NEGATIVE_TTL))
    return NULL;
  return g_steal_pointer (&entry);
}

void
mf_autoconfig_cache_store (const gchar *dir, const gchar *domain, const MfAutoconfigCacheEntry *entry)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree gchar *path = mf_cache_path (dir, domain);
  g_autofree gchar *text = NULL;
  gsize len = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, MF_AUTOCONFIG_CACHE_VERSION);
  json_builder_set_member_name (b, "domain");
  json_builder_add_string_value (b, domain);
  json_builder_set_member_name (b, "fetched");
  json_builder_add_int_value (b, entry->fetched);
  json_builder_set_member_name (b, "found");
  json_builder_add_boolean_value (b, entry->found);
  if (entry->found) {
    json_builder_set_member_name (b, "origin");
    json_builder_add_string_value (b, mf_provider_origin_to_string (entry->origin));
    json_builder_set_member_name (b, "url");
    json_builder_add_string_value (b, entry->url);
    json_builder_set_member_name (b, "config");
    json_builder_add_string_value (b, entry->config);
  }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, &len);
  /* the domains a user has mail at are theirs alone: 0700 and 0600 */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return;
  g_file_set_contents_full (path, text, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}
