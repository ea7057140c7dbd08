/* bench-scan-gen.c: synthetic homes for make bench (tests/bench-scan.py).
 *
 * Every home gets a Thunderbird profile whose prefs.js is a few hundred KB
 * of the kinds of prefs Thunderbird writes, Evolution sources, Windows
 * Mail .oeaccount files and an Outlook registry hive, all found by the
 * stores' own discovery. Names, hosts, keys and sizes differ from home to
 * home (seeded by the home's number: the same DIR and N, the same bytes),
 * and some accounts carry the problems mailfix is for: POP3 on 110, SMTP
 * on 25 without sign-in, the docomo and DTI set-ups.
 *
 * Usage: bench-scan-gen [--seed S] [--prefs-kb K] DIR N
 *
 * DIR/manifest.tsv says what a scan must read and find, one line each:
 *   H <tab> home number <tab> mail accounts written <tab> home path
 *   F <tab> home number <tab> bytes <tab> path of a file a scan reads
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "mf-reg.h"
#include "mf-test-hive.h"

/* ------------------------------------------------------------ one home */

typedef struct {
  GRand *rand;
  guint index;
  gchar *home;
  GString *manifest;
  guint accounts;
  guint64 bytes;
  guint files;
  /* who lives here */
  const gchar *family, *family_kanji, *given, *given_kanji;
  gchar *login;
  /* strings made while writing the home, freed with it */
  GPtrArray *scratch;
} Home;

static const gchar *
home_keep (Home *home, gchar *s)
{
  g_ptr_array_add (home->scratch, s);
  return s;
}

#define KEEP(home, s) home_keep ((home), (s))

static const struct { const gchar *romaji, *kanji; } families[] = {
  { "yamada", "山田" }, { "suzuki", "鈴木" }, { "tanaka", "田中" }, { "sato", "佐藤" },
  { "takahashi", "高橋" }, { "ito", "伊藤" }, { "watanabe", "渡辺" }, { "nakamura", "中村" },
  { "kobayashi", "小林" }, { "kato", "加藤" }, { "yoshida", "吉田" }, { "matsumoto", "松本" },
};

static const struct { const gchar *romaji, *kanji; } givens[] = {
  { "taro", "太郎" }, { "hanako", "花子" }, { "jiro", "次郎" }, { "yuki", "由紀" },
  { "kenji", "健二" }, { "akiko", "明子" }, { "hiroshi", "浩" }, { "megumi", "恵" },
  { "takeshi", "武" }, { "naoko", "直子" }, { "makoto", "誠" }, { "sachiko", "幸子" },
};

#define PICK(rand, array) (&(array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static gchar *
random_hex (GRand *rand, guint digits)
{
  GString *s = g_string_sized_new (digits);
  for (guint i = 0; i < digits; i++)
    g_string_append_c (s, "0123456789abcdef"[g_rand_int_range (rand, 0, 16)]);
  return g_string_free (s, FALSE);
}

static gchar *
random_uuid (GRand *rand)
{
  g_autofree gchar *h = random_hex (rand, 32);
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

/* writes a file of the home; listed in the manifest if a scan reads it */
static void
home_write (Home *home, const gchar *rel, const gchar *data, gsize len, gboolean scanned)
{
  g_autofree gchar *path = g_build_filename (home->home, rel, NULL);
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_error ("cannot create %s: %s", dir, g_strerror (errno));
  /* scratch data: no temporary file and rename per file */
  if (!g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_error ("%s", error->message);
  if (!scanned)
    return;
  g_string_append_printf (home->manifest, "F\t%u\t%" G_GSIZE_FORMAT "\t%s\n", home->index, len, path);
  home->bytes += len;
  home->files++;
}

/* --------------------------------------------------- mail account kinds */

/* one way a mail account is set up, with Thunderbird's numbers: socket
 * 0 plain, 2 STARTTLS, 3 SSL/TLS; auth 1 none, 3 password, 10 OAuth2 */
typedef struct {
  const gchar *label;
  const gchar *domain;
  gboolean login_is_address;
  const gchar *in_type;          /* pop3 or imap */
  const gchar *in_host;
  gint in_port;                  /* 0: left to the default */
  gint in_socket;
  gint in_auth;
  const gchar *out_host;
  gint out_port;
  gint out_socket;
  gint out_auth;
} Setup;

static const Setup setups[] = {
  /* the problems mailfix is for */
  { "DTI", "dream.jp", FALSE, "pop3", "pop.dream.jp", 0, 0, 3, "smtp.dream.jp", 25, 0, 1 },
  { "docomo", "docomo.ne.jp", TRUE, "imap", "imap.spmode.ne.jp", 143, 0, 3, "smtp.spmode.ne.jp", 587, 0, 3 },
  { "OCN", "ocn.ne.jp", FALSE, "pop3", "pop.ocn.ne.jp", 110, 0, 3, "smtp.ocn.ne.jp", 25, 0, 1 },
  { "BIGLOBE", "biglobe.ne.jp", FALSE, "pop3", "mail.biglobe.ne.jp", 110, 0, 3, "mail.biglobe.ne.jp", 587, 0, 3 },
  { "@nifty", "nifty.com", FALSE, "pop3", "pop.nifty.com", 110, 0, 3, "smtp.nifty.com", 587, 0, 3 },
  { "ぷらら", "plala.or.jp", FALSE, "pop3", "msa.plala.or.jp", 110, 0, 3, "msa.plala.or.jp", 25, 0, 1 },
  /* set up well, or signed in elsewhere */
  { "Gmail", "gmail.com", TRUE, "imap", "imap.gmail.com", 993, 3, 10, "smtp.gmail.com", 465, 3, 10 },
  { "example.org", "example.org", TRUE, "imap", "mail.example.org", 993, 3, 3, "mail.example.org", 465, 3, 3 },
  { "example.net", "example.net", TRUE, "imap", "imap.example.net", 143, 2, 3, "smtp.example.net", 587, 2, 3 },
};

/* n different setups, in random order */
static const Setup **
pick_setups (GRand *rand, guint n)
{
  const Setup **order = g_new0 (const Setup *, G_N_ELEMENTS (setups));

  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    order[i] = &setups[i];
  for (guint i = G_N_ELEMENTS (setups) - 1; i > 0; i--) {
    guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
    const Setup *t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  g_assert (n <= G_N_ELEMENTS (setups));
  return order;
}

static gchar *
address_of (Home *home, const Setup *setup)
{
  return g_strdup_printf ("%s@%s", home->login, setup->domain);
}

static gchar *
login_of (Home *home, const Setup *setup)
{
  return setup->login_is_address ? address_of (home, setup) : g_strdup (home->login);
}

static gint
effective_port (const Setup *setup)
{
  if (setup->in_port != 0)
    return setup->in_port;
  if (g_str_equal (setup->in_type, "imap"))
    return setup->in_socket == 3 ? 993 : 143;
  return setup->in_socket == 3 ? 995 : 110;
}

/* ----------------------------------------------------- Thunderbird */

/* name -> the value as prefs.js spells it; Thunderbird writes them sorted */
typedef GHashTable Prefs;

static void G_GNUC_PRINTF (3, 4)
pref_raw (Prefs *prefs, gchar *value, const gchar *fmt, ...)
{
  va_list ap;
  gchar *name;

  va_start (ap, fmt);
  name = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_hash_table_replace (prefs, name, value);
}

static gchar *
quoted (const gchar *value)
{
  GString *s = g_string_new ("\"");
  for (const gchar *p = value; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_c (s, '\\');
    g_string_append_c (s, *p);
  }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

#define PREF_STR(prefs, value, ...) pref_raw ((prefs), quoted (value), __VA_ARGS__)
#define PREF_INT(prefs, value, ...) pref_raw ((prefs), g_strdup_printf ("%d", (gint) (value)), __VA_ARGS__)
#define PREF_BOOL(prefs, value, ...) pref_raw ((prefs), g_strdup ((value) ? "true" : "false"), __VA_ARGS__)

static gint
recent_time (GRand *rand)
{
  return g_rand_int_range (rand, 1700000000, 1765000000);
}

static void
tb_server_extras (Home *home, Prefs *prefs, guint k, const Setup *setup, const gchar *profile_dir)
{
  GRand *r = home->rand;
  gboolean imap = g_str_equal (setup->in_type, "imap");
  const gchar *root = imap ? "ImapMail" : "Mail";

  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s/%s/%s", profile_dir, root, setup->in_host)),
            "mail.server.server%u.directory", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("[ProfD]%s/%s", root, setup->in_host)),
            "mail.server.server%u.directory-rel", k);
  PREF_BOOL (prefs, TRUE, "mail.server.server%u.check_new_mail", k);
  PREF_INT (prefs, g_rand_int_range (r, 1, 30), "mail.server.server%u.check_time", k);
  PREF_BOOL (prefs, g_rand_boolean (r), "mail.server.server%u.login_at_startup", k);
  PREF_BOOL (prefs, g_rand_boolean (r), "mail.server.server%u.download_on_biff", k);
  PREF_INT (prefs, recent_time (r), "mail.server.server%u.lastFilterTime", k);
  PREF_INT (prefs, g_rand_int_range (r, 0, 100), "mail.server.server%u.spamLevel", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s://%s@%s/Junk", imap ? "imap" : "mailbox",
                                                          home->login, setup->in_host)),
            "mail.server.server%u.spamActionTargetFolder", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s://%s@%s", imap ? "imap" : "mailbox",
                                                          home->login, setup->in_host)),
            "mail.server.server%u.spamActionTargetAccount", k);
  PREF_BOOL (prefs, g_rand_boolean (r), "mail.server.server%u.moveOnSpam", k);
  PREF_INT (prefs, g_rand_int_range (r, 0, 4), "mail.server.server%u.moveTargetMode", k);
  PREF_INT (prefs, 1, "mail.server.server%u.storeContractID_is_mbox", k);
  if (imap) {
    PREF_STR (prefs, "\"\"", "mail.server.server%u.namespace.personal", k);
    PREF_STR (prefs, "", "mail.server.server%u.namespace.public", k);
    PREF_INT (prefs, g_rand_int_range (r, 1, 6), "mail.server.server%u.max_cached_connections", k);
    PREF_BOOL (prefs, TRUE, "mail.server.server%u.using_subscription", k);
    PREF_INT (prefs, g_rand_int_range (r, 1, 1 << 30), "mail.server.server%u.cacheCapa.acl", k);
    PREF_INT (prefs, g_rand_int_range (r, 1, 1 << 30), "mail.server.server%u.cacheCapa.quota", k);
    PREF_INT (prefs, g_rand_int_range (r, 1, 1 << 30), "mail.server.server%u.capability", k);
    PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s.%u", "Dovecot", g_rand_int_range (r, 0, 99))),
              "mail.server.server%u.serverIDResponse", k);
    PREF_STR (prefs, "INBOX.", "mail.server.server%u.server_sub_directory", k);
  } else {
    PREF_BOOL (prefs, TRUE, "mail.server.server%u.leave_on_server", k);
    PREF_BOOL (prefs, g_rand_boolean (r), "mail.server.server%u.delete_by_age_from_server", k);
    PREF_INT (prefs, g_rand_int_range (r, 7, 60), "mail.server.server%u.num_days_to_leave_on_server", k);
    PREF_BOOL (prefs, g_rand_boolean (r), "mail.server.server%u.deferred_to_account", k);
  }
}

static void
tb_account (Home *home, Prefs *prefs, guint k, const Setup *setup, const gchar *profile_dir)
{
  g_autofree gchar *address = address_of (home, setup);
  g_autofree gchar *login = login_of (home, setup);
  g_autofree gchar *full = g_strdup_printf ("%s %s", home->family_kanji, home->given_kanji);
  g_autofree gchar *folder = g_strdup_printf ("%s://%s@%s", g_str_equal (setup->in_type, "imap") ? "imap" : "mailbox",
                                              login, setup->in_host);
  GRand *r = home->rand;

  PREF_STR (prefs, KEEP (home, g_strdup_printf ("id%u", k)), "mail.account.account%u.identities", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("server%u", k)), "mail.account.account%u.server", k);

  PREF_STR (prefs, setup->in_host, "mail.server.server%u.hostname", k);
  PREF_STR (prefs, setup->in_type, "mail.server.server%u.type", k);
  PREF_STR (prefs, login, "mail.server.server%u.userName", k);
  PREF_STR (prefs, address, "mail.server.server%u.name", k);
  if (setup->in_port != 0)
    PREF_INT (prefs, setup->in_port, "mail.server.server%u.port", k);
  if (setup->in_socket != 0)
    PREF_INT (prefs, setup->in_socket, "mail.server.server%u.socketType", k);
  if (setup->in_auth != 3)
    PREF_INT (prefs, setup->in_auth, "mail.server.server%u.authMethod", k);
  tb_server_extras (home, prefs, k, setup, profile_dir);

  PREF_STR (prefs, full, "mail.identity.id%u.fullName", k);
  PREF_STR (prefs, address, "mail.identity.id%u.useremail", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("smtp%u", k)), "mail.identity.id%u.smtpServer", k);
  PREF_BOOL (prefs, TRUE, "mail.identity.id%u.valid", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s/Drafts", folder)), "mail.identity.id%u.draft_folder", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s/Sent", folder)), "mail.identity.id%u.fcc_folder", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s/Archives", folder)), "mail.identity.id%u.archive_folder", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s/Templates", folder)), "mail.identity.id%u.stationery_folder", k);
  PREF_BOOL (prefs, g_rand_boolean (r), "mail.identity.id%u.compose_html", k);
  PREF_INT (prefs, g_rand_int_range (r, 0, 2), "mail.identity.id%u.reply_on_top", k);
  PREF_BOOL (prefs, g_rand_boolean (r), "mail.identity.id%u.sig_bottom", k);
  PREF_BOOL (prefs, g_rand_boolean (r), "mail.identity.id%u.attach_signature", k);
  PREF_BOOL (prefs, g_rand_boolean (r), "mail.identity.id%u.doBcc", k);
  PREF_INT (prefs, g_rand_int_range (r, 0, 3), "mail.identity.id%u.archive_granularity", k);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("-- \n%s\n%s", full, address)),
            "mail.identity.id%u.htmlSigText", k);

  PREF_STR (prefs, setup->out_host, "mail.smtpserver.smtp%u.hostname", k);
  PREF_INT (prefs, setup->out_port, "mail.smtpserver.smtp%u.port", k);
  PREF_STR (prefs, setup->label, "mail.smtpserver.smtp%u.description", k);
  if (setup->out_socket != 0)
    PREF_INT (prefs, setup->out_socket, "mail.smtpserver.smtp%u.try_ssl", k);
  /* docomo profiles carry the legacy auth_method pref alone */
  if (g_str_equal (setup->domain, "docomo.ne.jp"))
    PREF_INT (prefs, 0, "mail.smtpserver.smtp%u.auth_method", k);
  else
    PREF_INT (prefs, setup->out_auth, "mail.smtpserver.smtp%u.authMethod", k);
  if (setup->out_auth != 1)
    PREF_STR (prefs, login, "mail.smtpserver.smtp%u.username", k);
}

/* ----- the rest of a real prefs.js: families of prefs Thunderbird keeps */

static const gchar *const printers[] = {
  "Microsoft_Print_to_PDF", "Mozilla_Save_to_PDF", "Canon_MG3600_series", "Brother_HL-L2350DW_series",
  "EPSON_EW-M752T_Series", "HP_LaserJet_Pro_M404", "RICOH_IM_C3000", "Fax", "OneNote_for_Windows_10",
};
static const gchar *const print_settings[] = {
  "bgcolor", "bgimages", "duplex", "edge_bottom", "edge_left", "edge_right", "edge_top", "evenpages",
  "footercenter", "footerleft", "footerright", "headercenter", "headerleft", "headerright", "in_color",
  "margin_bottom", "margin_left", "margin_right", "margin_top", "oddpages", "orientation", "page_delay",
  "paper_data", "paper_height", "paper_id", "paper_size_unit", "paper_width", "resolution", "reversed",
  "scaling", "shrink_to_fit", "to_file", "unwriteable_margin_bottom", "unwriteable_margin_left",
  "unwriteable_margin_right", "unwriteable_margin_top", "printer", "print_page_delay",
};

static guint
family_printer (Home *home, Prefs *prefs, guint serial)
{
  const gchar *printer = *PICK (home->rand, printers);

  for (gsize i = 0; i < G_N_ELEMENTS (print_settings); i++) {
    GRand *r = home->rand;
    switch (i % 3) {
    case 0:
      PREF_STR (prefs, KEEP (home, g_strdup_printf ("%.2f", g_rand_double_range (r, 0, 1))),
                "print.printer_%s_%u.print_%s", printer, serial, print_settings[i]);
      break;
    case 1:
      PREF_INT (prefs, g_rand_int_range (r, 0, 300), "print.printer_%s_%u.print_%s", printer, serial,
                print_settings[i]);
      break;
    default:
      PREF_BOOL (prefs, g_rand_boolean (r), "print.printer_%s_%u.print_%s", printer, serial, print_settings[i]);
    }
  }
  return G_N_ELEMENTS (print_settings);
}

static guint
family_calendar (Home *home, Prefs *prefs, guint serial)
{
  static const gchar *const types[] = { "storage", "caldav", "ics" };
  g_autofree gchar *uuid = random_uuid (home->rand);
  g_autofree gchar *color = random_hex (home->rand, 6);
  GRand *r = home->rand;
  const gchar *type = *PICK (r, types);

  PREF_STR (prefs, KEEP (home, g_strdup_printf ("カレンダー %u", serial)), "calendar.registry.%s.name", uuid);
  PREF_STR (prefs, type, "calendar.registry.%s.type", uuid);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s://calendar.example.jp/dav/%s/%s/",
                                                          g_str_equal (type, "storage") ? "moz-storage-calendar" : "https",
                                                          home->login, uuid)),
            "calendar.registry.%s.uri", uuid);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("#%s", color)), "calendar.registry.%s.color", uuid);
  PREF_BOOL (prefs, g_rand_boolean (r), "calendar.registry.%s.calendar-main-default", uuid);
  PREF_BOOL (prefs, TRUE, "calendar.registry.%s.calendar-main-in-composite", uuid);
  PREF_BOOL (prefs, g_rand_boolean (r), "calendar.registry.%s.cache.enabled", uuid);
  PREF_INT (prefs, g_rand_int_range (r, 5, 120), "calendar.registry.%s.refreshInterval", uuid);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("id%u", g_rand_int_range (r, 1, 5))),
            "calendar.registry.%s.imip.identity.key", uuid);
  PREF_BOOL (prefs, FALSE, "calendar.registry.%s.suppressAlarms", uuid);
  PREF_BOOL (prefs, g_rand_boolean (r), "calendar.registry.%s.readOnly", uuid);
  PREF_STR (prefs, home->login, "calendar.registry.%s.username", uuid);
  return 12;
}

static guint
family_addressbook (Home *home, Prefs *prefs, guint serial)
{
  g_autofree gchar *token = random_hex (home->rand, 40);
  g_autofree gchar *name = g_strdup_printf ("%s_%u", home->family, serial);

  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%s の連絡先 %u", home->family_kanji, serial)),
            "ldap_2.servers.%s.description", name);
  PREF_INT (prefs, 102, "ldap_2.servers.%s.dirType", name);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("abook-%u.sqlite", serial)), "ldap_2.servers.%s.filename", name);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("https://dav.example.jp/addressbooks/%s/%u/",
                                                          home->login, serial)),
            "ldap_2.servers.%s.carddav.url", name);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("http://sabre.io/ns/sync/%s", token)),
            "ldap_2.servers.%s.carddav.token", name);
  PREF_STR (prefs, home->login, "ldap_2.servers.%s.carddav.username", name);
  PREF_INT (prefs, recent_time (home->rand), "ldap_2.servers.%s.carddav.last_sync", name);
  return 7;
}

static guint
family_tag (Home *home, Prefs *prefs, guint serial)
{
  g_autofree gchar *color = random_hex (home->rand, 6);

  PREF_STR (prefs, KEEP (home, g_strdup_printf ("タグ%u", serial)), "mailnews.tags.tag%u_%s.tag", serial, color);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("#%s", color)), "mailnews.tags.tag%u_%s.color", serial, color);
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("~%u", serial)), "mailnews.tags.tag%u_%s.ordinal", serial, color);
  return 3;
}

static const gchar *const collections[] = {
  "addons-manager-settings", "anti-tracking-url-decoration", "cfr", "cookie-banner-rules-list",
  "doh-config", "doh-providers", "fingerprinting-protection-overrides", "hijack-blocklists",
  "language-dictionaries", "message-groups", "nimbus-desktop-experiments", "normandy-recipes-capabilities",
  "partitioning-exempt-urls", "password-recipes", "password-rules", "pioneer-study-addons-v1",
  "public-suffix-list", "query-stripping", "search-config", "search-config-overrides", "search-default-override-allowlist",
  "search-telemetry-v2", "sites-classification", "tippytop", "top-sites", "url-classifier-skip-urls",
  "websites-with-shared-credential-backends", "whats-new-panel", "translations-models", "translations-wasm",
};

static guint
family_services (Home *home, Prefs *prefs, guint serial)
{
  PREF_INT (prefs, recent_time (home->rand), "services.settings.main.%s-%u.last_check",
            *PICK (home->rand, collections), serial);
  return 1;
}

static guint
family_blob (Home *home, Prefs *prefs, guint serial)
{
  GString *json = g_string_new ("{");
  guint n = (guint) g_rand_int_range (home->rand, 8, 30);

  /* a JSON object in a string, as extensions.webextensions.uuids and
   * friends are kept: every quote escaped */
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *id = random_hex (home->rand, 12);
    g_autofree gchar *uuid = random_uuid (home->rand);
    g_string_append_printf (json, "%s\"%s@addons.example.jp\":\"%s\"", i > 0 ? "," : "", id, uuid);
  }
  g_string_append_c (json, '}');
  PREF_STR (prefs, json->str, "extensions.state.blob%u", serial);
  g_string_free (json, TRUE);
  return 1;
}

static const gchar *const settings[] = {
  "mail.pane_config.dynamic", "mail.tabs.drawInTitlebar", "mail.ui.display.dateformat.default",
  "mail.ui.display.dateformat.today", "mail.threadpane.listview", "mail.folderpane.showColumns",
  "mailnews.default_sort_order", "mailnews.default_sort_type", "mailnews.default_view_flags",
  "mailnews.start_page.enabled", "mailnews.mark_message_read.delay", "mail.biff.play_sound",
  "mail.biff.show_alert", "mail.compose.big_attachments.notify", "mail.compose.default_to_paragraph",
  "mail.spellcheck.inline", "mail.openpgp.allow_external_gnupg", "mail.e2ee.auto_enable",
  "mail.shell.checkDefaultClient", "mail.warn_on_shift_delete", "mail.inline_attachments",
  "browser.download.lastDir", "browser.cache.disk.smart_size.enabled", "privacy.donottrackheader.enabled",
  "network.cookie.cookieBehavior", "network.proxy.type", "layout.spellcheckDefault",
  "toolkit.telemetry.previousBuildID", "toolkit.telemetry.reportingpolicy.firstRun",
  "app.update.auto", "app.update.download.attempts", "idle.lastDailyNotification",
  "places.database.lastMaintenance", "storage.vacuum.last.index", "gfx.blacklist.layers.opengl",
  "media.gmp.storage.version.observed", "pdfjs.enabledCache.state", "intl.regional_prefs.use_os_locales",
};

/* prefs add-ons keep under their own branch */
static guint
family_addon (Home *home, Prefs *prefs, guint serial)
{
  static const gchar *const words[] = {
    "quicktext", "sendlater", "cardbook", "lightning", "importexporttools", "filtaquilla", "quickfolders",
    "mailmerge", "dkim_verifier", "signal", "tbsync", "eas4tbsync", "dav4tbsync", "smartTemplate4",
  };
  g_autofree gchar *branch = g_strdup_printf ("extensions.%s%u", *PICK (home->rand, words), serial);
  GRand *r = home->rand;

  PREF_STR (prefs, KEEP (home, g_strdup_printf ("%d.%d.%d", g_rand_int_range (r, 1, 9), g_rand_int_range (r, 0, 20),
                                                g_rand_int_range (r, 0, 9))),
            "%s.lastVersion", branch);
  PREF_INT (prefs, recent_time (r), "%s.installDate", branch);
  PREF_BOOL (prefs, g_rand_boolean (r), "%s.firstRun", branch);
  PREF_STR (prefs, KEEP (home, random_uuid (r)), "%s.instanceId", branch);
  PREF_INT (prefs, g_rand_int_range (r, 0, 1000), "%s.counter", branch);
  return 5;
}

/* the settings a user changed once: one line each */
static void
changed_settings (Home *home, Prefs *prefs)
{
  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++) {
    switch (g_rand_int_range (home->rand, 0, 3)) {
    case 0:
      PREF_INT (prefs, g_rand_int (home->rand) >> 1, "%s", settings[i]);
      break;
    case 1:
      PREF_BOOL (prefs, g_rand_boolean (home->rand), "%s", settings[i]);
      break;
    default:
      PREF_STR (prefs, KEEP (home, random_uuid (home->rand)), "%s", settings[i]);
    }
  }
}

static const gchar *const languages[] = {
  "ja", "x-western", "x-unicode", "zh-CN", "zh-TW", "zh-HK", "ko", "th", "he", "ar", "el", "x-cyrillic",
  "x-armn", "x-beng", "x-cans", "x-ethi", "x-geor", "x-gujr", "x-guru", "x-khmr", "x-knda", "x-mlym",
  "x-orya", "x-sinh", "x-tamil", "x-telu", "x-tibt", "x-devanagari", "x-math",
};

static guint
family_font (Home *home, Prefs *prefs, guint serial)
{
  const gchar *lang = *PICK (home->rand, languages);
  static const gchar *const faces[] = { "Noto Sans CJK JP", "IPAexGothic", "Yu Gothic UI", "Meiryo", "DejaVu Serif" };

  PREF_STR (prefs, *PICK (home->rand, faces), "font.name.serif.%s.%u", lang, serial);
  PREF_STR (prefs, *PICK (home->rand, faces), "font.name.sans-serif.%s.%u", lang, serial);
  PREF_STR (prefs, *PICK (home->rand, faces), "font.name.monospace.%s.%u", lang, serial);
  PREF_INT (prefs, g_rand_int_range (home->rand, 10, 20), "font.size.variable.%s.%u", lang, serial);
  PREF_INT (prefs, g_rand_int_range (home->rand, 10, 20), "font.size.monospace.%s.%u", lang, serial);
  PREF_INT (prefs, g_rand_int_range (home->rand, 0, 12), "font.minimum-size.%s.%u", lang, serial);
  return 6;
}

typedef guint (*Family) (Home *home, Prefs *prefs, guint serial);

static const struct { Family make; guint weight; } families_of_prefs[] = {
  { family_printer, 2 },
  { family_calendar, 6 },
  { family_addressbook, 4 },
  { family_tag, 6 },
  { family_services, 30 },
  { family_blob, 2 },
  { family_addon, 8 },
  { family_font, 10 },
};

/* fills prefs with the other families until their text is about target bytes */
static void
tb_other_prefs (Home *home, Prefs *prefs, gsize target)
{
  guint total_weight = 0;
  gsize size = 0;
  guint serial = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (families_of_prefs); i++)
    total_weight += families_of_prefs[i].weight;
  while (size < target) {
    guint pick = (guint) g_rand_int_range (home->rand, 0, (gint32) total_weight);
    gsize i = 0;
    GHashTableIter iter;
    gpointer name, value;

    while (pick >= families_of_prefs[i].weight)
      pick -= families_of_prefs[i++].weight;
    families_of_prefs[i].make (home, prefs, serial++);
    /* counted afresh only now and then: the table is large */
    if (serial % 64 != 0)
      continue;
    size = 0;
    g_hash_table_iter_init (&iter, prefs);
    while (g_hash_table_iter_next (&iter, &name, &value))
      size += strlen (name) + strlen (value) + sizeof "user_pref(\"\", );\n";
  }
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(const gchar * const *) a, *(const gchar * const *) b);
}

static gchar *
tb_prefs_text (Prefs *prefs, gboolean crlf)
{
  g_autofree gpointer *names = (gpointer *) g_hash_table_get_keys_as_array (prefs, NULL);
  guint n = g_hash_table_size (prefs);
  const gchar *eol = crlf ? "\r\n" : "\n";
  GString *text = g_string_sized_new (512 * 1024);

  g_string_append_printf (text, "// Mozilla User Preferences%s%s"
                          "// DO NOT EDIT THIS FILE.%s//%s"
                          "// If you make changes to this file while the application is running,%s"
                          "// the changes will be overwritten when the application exits.%s//%s"
                          "// To change a preference value, you can either:%s"
                          "// - modify it via the UI (e.g. via about:config in the browser); or%s"
                          "// - set it within a user.js file in your profile.%s%s",
                          eol, eol, eol, eol, eol, eol, eol, eol, eol, eol, eol);
  qsort (names, n, sizeof (gpointer), compare_names);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "user_pref(\"%s\", %s);%s", (const gchar *) names[i],
                            (const gchar *) g_hash_table_lookup (prefs, names[i]), eol);
  return g_string_free (text, FALSE);
}

static void
write_thunderbird (Home *home, gsize prefs_target)
{
  GRand *r = home->rand;
  g_autofree gchar *salt = random_hex (r, 8);
  const gchar *channel = g_rand_boolean (r) ? "default-esr" : "default-release";
  g_autofree gchar *dir_name = g_strdup_printf ("%s.%s", salt, channel);
  g_autofree gchar *install = random_hex (r, 16);
  g_autofree gchar *profiles_ini = NULL;
  g_autofree gchar *installs_ini = NULL;
  g_autofree gchar *profile_dir = g_build_filename (home->home, ".thunderbird", dir_name, NULL);
  g_autoptr(GHashTable) prefs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) accounts = g_string_new (NULL);
  g_autoptr(GString) smtps = g_string_new (NULL);
  g_autoptr(GString) logins = g_string_new ("{\"nextId\":");
  g_autofree const Setup **chosen = NULL;
  g_autofree gchar *prefs_text = NULL;
  g_autofree gchar *rel = NULL;
  guint n = (guint) g_rand_int_range (r, 3, 6);
  guint k = 0, local;

  profiles_ini = g_strdup_printf ("[Profile0]\nName=%s\nIsRelative=1\nPath=%s\nDefault=1\n\n"
                                  "[Install%s]\nDefault=%s\nLocked=1\n\n"
                                  "[General]\nStartWithLastProfile=1\nVersion=2\n",
                                  channel, dir_name, install, dir_name);
  installs_ini = g_strdup_printf ("[%s]\nDefault=%s\nLocked=1\n", install, dir_name);
  home_write (home, ".thunderbird/profiles.ini", profiles_ini, strlen (profiles_ini), TRUE);
  home_write (home, ".thunderbird/installs.ini", installs_ini, strlen (installs_ini), TRUE);

  chosen = pick_setups (r, n);
  g_string_append_printf (logins, "%u,\"logins\":[", n + 1);
  for (guint i = 0; i < n; i++) {
    /* account numbers have gaps where the user deleted one */
    k += (guint) g_rand_int_range (r, 1, 3);
    tb_account (home, prefs, k, chosen[i], profile_dir);
    g_string_append_printf (accounts, "%saccount%u", i > 0 ? "," : "", k);
    g_string_append_printf (smtps, "%ssmtp%u", i > 0 ? "," : "", k);
    g_string_append_printf (logins, "%s{\"id\":%u,\"hostname\":\"%s://%s\",\"httpRealm\":\"%s://%s\","
                            "\"formSubmitURL\":null,\"usernameField\":\"\",\"passwordField\":\"\","
                            "\"encryptedUsername\":\"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA%s\","
                            "\"encryptedPassword\":\"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA%s\","
                            "\"guid\":\"{%s}\",\"encType\":1,\"timeCreated\":%d000,\"timeLastUsed\":%d000,"
                            "\"timePasswordChanged\":%d000,\"timesUsed\":%d}",
                            i > 0 ? "," : "", i + 1,
                            g_str_equal (chosen[i]->in_type, "imap") ? "imap" : "mailbox", chosen[i]->in_host,
                            g_str_equal (chosen[i]->in_type, "imap") ? "imap" : "mailbox", chosen[i]->in_host,
                            KEEP (home, random_hex (r, 24)), KEEP (home, random_hex (r, 24)),
                            KEEP (home, random_uuid (r)), recent_time (r), recent_time (r), recent_time (r),
                            g_rand_int_range (r, 1, 5000));
    home->accounts++;
  }
  g_string_append (logins, "],\"potentiallyVulnerablePasswords\":[],\"dismissedBreachAlertsByLoginGUID\":{},"
                           "\"version\":3}");
  /* Local Folders: an account that is not a mail account */
  local = k + 1;
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("server%u", local)), "mail.account.account%u.server", local);
  PREF_STR (prefs, "Local Folders", "mail.server.server%u.hostname", local);
  PREF_STR (prefs, "ローカルフォルダー", "mail.server.server%u.name", local);
  PREF_STR (prefs, "none", "mail.server.server%u.type", local);
  PREF_STR (prefs, "nobody", "mail.server.server%u.userName", local);
  PREF_STR (prefs, "[ProfD]Mail/Local Folders", "mail.server.server%u.directory-rel", local);
  g_string_append_printf (accounts, ",account%u", local);
  PREF_STR (prefs, accounts->str, "mail.accountmanager.accounts");
  PREF_STR (prefs, "account1", "mail.accountmanager.defaultaccount");
  PREF_STR (prefs, KEEP (home, g_strdup_printf ("server%u", local)), "mail.accountmanager.localfoldersserver");
  PREF_INT (prefs, local, "mail.account.lastKey");
  PREF_STR (prefs, smtps->str, "mail.smtpservers");
  PREF_STR (prefs, "smtp1", "mail.smtp.defaultserver");
  PREF_STR (prefs, KEEP (home, random_uuid (r)), "mailnews.database.global.datastore.id");
  PREF_STR (prefs, KEEP (home, random_uuid (r)), "toolkit.telemetry.cachedClientID");
  PREF_STR (prefs, "128.5.0", "extensions.lastAppVersion");

  changed_settings (home, prefs);
  tb_other_prefs (home, prefs, prefs_target);
  /* a profile carried over from Windows keeps its CRLF line ends */
  prefs_text = tb_prefs_text (prefs, g_rand_int_range (r, 0, 10) == 0);
  rel = g_build_filename (".thunderbird", dir_name, "prefs.js", NULL);
  home_write (home, rel, prefs_text, strlen (prefs_text), TRUE);
  g_free (rel);
  rel = g_build_filename (".thunderbird", dir_name, "logins.json", NULL);
  home_write (home, rel, logins->str, logins->len, TRUE);
  g_free (rel);
  /* what Thunderbird leaves beside them, which a scan need not read */
  rel = g_build_filename (".thunderbird", dir_name, "times.json", NULL);
  home_write (home, rel, "{\"created\":1700000000000,\"firstUse\":null}\n", 42, FALSE);
}

/* ------------------------------------------------------------ Evolution */

static gchar *
evo_uid (Home *home, guint n)
{
  return g_strdup_printf ("%u.%u.%u@pc%02u", (guint) recent_time (home->rand), (guint) g_rand_int_range (home->rand, 900, 40000),
                          n, home->index % 100);
}

static void
evo_write (Home *home, const gchar *uid, const gchar *text)
{
  g_autofree gchar *rel = g_strdup_printf (".config/evolution/sources/%s.source", uid);
  home_write (home, rel, text, strlen (text), TRUE);
}

static void
evo_account (Home *home, const Setup *setup, guint n)
{
  g_autofree gchar *account_uid = evo_uid (home, 3 * n + 1);
  g_autofree gchar *identity_uid = evo_uid (home, 3 * n + 2);
  g_autofree gchar *transport_uid = evo_uid (home, 3 * n + 3);
  g_autofree gchar *address = address_of (home, setup);
  g_autofree gchar *login = login_of (home, setup);
  gboolean pop = g_str_equal (setup->in_type, "pop3");
  const gchar *const security[] = { "none", "none", "starttls-on-standard-port", "ssl-on-alternate-port" };
  g_autofree gchar *account = NULL;
  g_autofree gchar *identity = NULL;
  g_autofree gchar *transport = NULL;

  account = g_strdup_printf ("[Data Source]\nDisplayName=%s\nEnabled=true\nParent=\n\n"
                             "[Mail Account]\nBackendName=%s\nIdentityUid=%s\nArchiveFolder=\n"
                             "NeedsInitialSetup=false\nMarkSeen=inconsistent\nMarkSeenTimeout=1500\nBuiltin=false\n\n"
                             "[Authentication]\nHost=%s\nMethod=none\nPort=%d\nProxyUid=system-proxy\n"
                             "RememberPassword=true\nUser=%s\nCredentialName=\nIsExternal=false\n\n"
                             "[Refresh]\nEnabled=true\nIntervalMinutes=%d\n\n"
                             "[Security]\nMethod=%s\n\n%s",
                             address, pop ? "pop" : "imapx", identity_uid, setup->in_host, effective_port (setup),
                             login, g_rand_int_range (home->rand, 5, 60), security[setup->in_socket],
                             pop ? "[Pop Backend]\nKeepOnServer=true\nDeleteAfterDays=7\nDeleteExpunged=false\n"
                                   "DisableExtensions=false\nAutoFetch=true\nEnableUtf8=true\nFilterInbox=true\n"
                                   "StoreChangesInterval=3\nLastCacheExpunge=0\n"
                                 : "[Imapx Backend]\nUseIdle=true\nUseQresync=false\nConcurrentConnections=3\n"
                                   "CheckAll=false\nCheckSubscribed=false\nUseSubscriptions=false\nFilterInbox=true\n"
                                   "FilterAll=false\nFilterJunk=false\nFilterJunkInbox=false\nUseNamespace=false\n"
                                   "Namespace=\nLimitByAge=false\nLimitUnit=years\nLimitValue=1\n"
                                   "StoreChangesInterval=3\n");
  identity = g_strdup_printf ("[Data Source]\nDisplayName=%s\nEnabled=true\nParent=%s\n\n"
                              "[Mail Identity]\nAddress=%s\nAliases=\nName=%s %s\nOrganization=\nReplyTo=\n"
                              "SignatureUid=none\n\n"
                              "[Mail Submission]\nSentFolder=folder://local/Sent\nTransportUid=%s\n"
                              "RepliesToOriginFolder=false\nUseSentFolder=true\n\n"
                              "[Mail Composition]\nBcc=\nCc=\nDraftsFolder=folder://local/Drafts\nReplyStyle=default\n"
                              "SignImip=true\nTemplatesFolder=folder://local/Templates\n",
                              address, account_uid, address, home->family_kanji, home->given_kanji, transport_uid);
  transport = g_strdup_printf ("[Data Source]\nDisplayName=%s\nEnabled=true\nParent=%s\n\n"
                               "[Authentication]\nHost=%s\nMethod=%s\nPort=%d\nProxyUid=system-proxy\n"
                               "RememberPassword=true\nUser=%s\nCredentialName=\nIsExternal=false\n\n"
                               "[Mail Transport]\nBackendName=smtp\n\n[Security]\nMethod=%s\n\n"
                               "[Smtp Backend]\nReencodeData=false\n",
                               address, account_uid, setup->out_host, setup->out_auth == 1 ? "none" : "PLAIN",
                               setup->out_port, setup->out_auth == 1 ? "" : login, security[setup->out_socket]);
  evo_write (home, account_uid, account);
  evo_write (home, identity_uid, identity);
  evo_write (home, transport_uid, transport);
  home->accounts++;
}

static void
write_evolution (Home *home)
{
  static const guint kinds[] = { 0, 2, 5, 8 };   /* DTI, OCN, plala, example.net */
  guint n = (guint) g_rand_int_range (home->rand, 1, 3);
  guint first = (guint) g_rand_int_range (home->rand, 0, G_N_ELEMENTS (kinds));
  g_autofree gchar *calendar_uid = evo_uid (home, 90);
  g_autofree gchar *calendar = NULL;

  for (guint i = 0; i < n; i++)
    evo_account (home, &setups[kinds[(first + i) % G_N_ELEMENTS (kinds)]], i);
  /* sources that are not mail accounts: read, and passed over */
  evo_write (home, "system-proxy", "[Data Source]\nDisplayName=Default Proxy Settings\nEnabled=true\nParent=\n\n"
                                   "[Proxy]\nMethod=default\nAutoconfigUrl=\nIgnoreHosts=localhost;127.0.0.0/8;::1;\n"
                                   "FtpHost=\nFtpPort=0\nHttpAuthPassword=\nHttpAuthUser=\nHttpHost=\nHttpPort=8080\n"
                                   "HttpUseAuth=false\nHttpsHost=\nHttpsPort=0\nSocksHost=\nSocksPort=0\n");
  calendar = g_strdup_printf ("[Data Source]\nDisplayName=%s の予定\nEnabled=true\nParent=webcal-stub\n\n"
                              "[Calendar]\nBackendName=webcal\nColor=#%s\nSelected=true\n\n"
                              "[Refresh]\nEnabled=true\nIntervalMinutes=30\n\n[Security]\nMethod=tls\n\n"
                              "[WebDAV Backend]\nDisplayName=\nResourcePath=/%s/calendar.ics\nResourceQuery=\n",
                              home->family_kanji, KEEP (home, random_hex (home->rand, 6)), home->login);
  evo_write (home, calendar_uid, calendar);
}

/* ------------------------------------------------------- Windows Mail */

static void
oe_value (GString *xml, const gchar *name, const gchar *type, const gchar *value)
{
  g_string_append_printf (xml, "\t<%s type=\"%s\">%s</%s>\r\n", name, type, value, name);
}

static void
oe_dword (GString *xml, const gchar *name, guint32 value)
{
  g_autofree gchar *hex = g_strdup_printf ("%08x", value);
  oe_value (xml, name, "DWORD", hex);
}

static void
write_oe_account (Home *home, const gchar *folder, const Setup *setup)
{
  g_autofree gchar *guid = g_ascii_strup (KEEP (home, random_uuid (home->rand)), -1);
  g_autofree gchar *address = address_of (home, setup);
  g_autofree gchar *login = login_of (home, setup);
  g_autofree gchar *rel = g_strdup_printf ("%s/{%s}/account{%s}.oeaccount", folder, guid, guid);
  g_autofree gchar *utf16 = NULL;
  g_autofree gchar *display = g_strdup_printf ("%s %s", home->family_kanji, home->given_kanji);
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-16\" ?>\r\n<MessageAccount>\r\n");
  g_autoptr(GString) file = g_string_new_len ("\xff\xfe", 2);
  const gchar *proto = g_str_equal (setup->in_type, "imap") ? "IMAP" : "POP3";
  gsize len = 0;

  oe_value (xml, "Account_Name", "SZ", setup->label);
  oe_dword (xml, "Connection_Type", 3);
  oe_value (xml, KEEP (home, g_strdup_printf ("%s_Server", proto)), "SZ", setup->in_host);
  oe_value (xml, KEEP (home, g_strdup_printf ("%s_User_Name", proto)), "SZ", login);
  oe_value (xml, KEEP (home, g_strdup_printf ("%s_Password2", proto)), "BINARY",
            KEEP (home, random_hex (home->rand, 96)));
  oe_dword (xml, KEEP (home, g_strdup_printf ("%s_Port", proto)), (guint32) effective_port (setup));
  oe_dword (xml, KEEP (home, g_strdup_printf ("%s_Secure_Connection", proto)), setup->in_socket == 3);
  if (g_str_equal (proto, "POP3"))
    oe_dword (xml, "Leave_Mail_On_Server", 1);
  oe_value (xml, "SMTP_Server", "SZ", setup->out_host);
  oe_dword (xml, "SMTP_Port", (guint32) setup->out_port);
  oe_dword (xml, "SMTP_Secure_Connection", setup->out_socket != 0);
  /* Sicily 0: sends without signing in; 2: with the incoming login */
  oe_dword (xml, "SMTP_Use_Sicily", setup->out_auth == 1 ? 0 : 2);
  oe_value (xml, "SMTP_Display_Name", "SZ", display);
  oe_value (xml, "SMTP_Email_Address", "SZ", address);
  g_string_append (xml, "</MessageAccount>\r\n");
  utf16 = g_convert (xml->str, (gssize) xml->len, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  g_assert (utf16 != NULL);
  g_string_append_len (file, utf16, (gssize) len);
  home_write (home, rel, file->str, file->len, TRUE);
  home->accounts++;
}

static void
write_windows_mail (Home *home)
{
  static const guint kinds[] = { 0, 7, 2 };   /* DTI, example.org, OCN */
  const gchar *folder = g_rand_boolean (home->rand) ? "AppData/Local/Microsoft/Windows Live Mail"
                                                    : "AppData/Local/Microsoft/Windows Mail/Local Folders";
  guint n = (guint) g_rand_int_range (home->rand, 1, 3);
  guint first = (guint) g_rand_int_range (home->rand, 0, G_N_ELEMENTS (kinds));

  for (guint i = 0; i < n; i++)
    write_oe_account (home, folder, &setups[kinds[(first + i) % G_N_ELEMENTS (kinds)]]);
}

/* ------------------------------------------------------------- Outlook */

#define O16_ACCOUNTS "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676"
#define O16_PROFILE "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook"

/* the entries point at strings the home keeps */
typedef struct {
  GArray *entries;       /* MfTestHiveEntry */
} Hive;

static void
hive_add (Hive *hive, const gchar *key, const gchar *name, guint32 type, const gchar *text, guint32 dword,
          const gchar *hex)
{
  MfTestHiveEntry e = { key, name, type, text, dword, hex };
  g_array_append_val (hive->entries, e);
}

static void
outlook_account (Home *home, Hive *hive, guint n, const Setup *setup)
{
  const gchar *key = KEEP (home, g_strdup_printf (O16_ACCOUNTS "\\%08u", n + 2));
  const gchar *proto = g_str_equal (setup->in_type, "imap") ? "IMAP" : "POP3";

  hive_add (hive, key, "Account Name", MF_REG_BINARY, setup->label, 0, NULL);
  hive_add (hive, key, "Email", MF_REG_BINARY, KEEP (home, address_of (home, setup)), 0, NULL);
  hive_add (hive, key, "Display Name", MF_REG_BINARY,
            KEEP (home, g_strdup_printf ("%s %s", home->family_kanji, home->given_kanji)), 0, NULL);
  hive_add (hive, key, KEEP (home, g_strdup_printf ("%s Server", proto)), MF_REG_BINARY, setup->in_host, 0, NULL);
  hive_add (hive, key, KEEP (home, g_strdup_printf ("%s User", proto)), MF_REG_BINARY,
            KEEP (home, login_of (home, setup)), 0, NULL);
  hive_add (hive, key, KEEP (home, g_strdup_printf ("%s Password", proto)), MF_REG_BINARY, NULL, 0,
            KEEP (home, random_hex (home->rand, 120)));
  hive_add (hive, key, KEEP (home, g_strdup_printf ("%s Port", proto)), MF_REG_DWORD, NULL,
            (guint32) effective_port (setup), NULL);
  hive_add (hive, key, KEEP (home, g_strdup_printf ("%s Use SSL", proto)), MF_REG_DWORD, NULL,
            setup->in_socket == 3, NULL);
  hive_add (hive, key, "SMTP Server", MF_REG_BINARY, setup->out_host, 0, NULL);
  hive_add (hive, key, "SMTP Port", MF_REG_DWORD, NULL, (guint32) setup->out_port, NULL);
  hive_add (hive, key, "SMTP Use Auth", MF_REG_DWORD, NULL, setup->out_auth != 1, NULL);
  hive_add (hive, key, "SMTP Secure Connection", MF_REG_DWORD, NULL, (guint32) (setup->out_socket == 3 ? 1 : 0), NULL);
  /* DTI users were told to "log on to incoming mail server before sending" */
  if (g_str_equal (setup->domain, "dream.jp"))
    hive_add (hive, key, "SMTP Auth Method", MF_REG_DWORD, NULL, 2, NULL);
  hive_add (hive, key, "clsid", MF_REG_SZ, "{ED475411-B0D6-11D2-8C3B-00104B2A6676}", 0, NULL);
  home->accounts++;
}

static void
write_outlook (Home *home, const gchar *path)
{
  static const guint kinds[] = { 0, 3, 7, 4 };   /* DTI, BIGLOBE, example.org, nifty */
  Hive hive = { g_array_new (FALSE, TRUE, sizeof (MfTestHiveEntry)) };
  guint n = (guint) g_rand_int_range (home->rand, 1, 3);
  guint first = (guint) g_rand_int_range (home->rand, 0, G_N_ELEMENTS (kinds));
  guint sections = (guint) g_rand_int_range (home->rand, 6, 14);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  for (guint i = 0; i < n; i++)
    outlook_account (home, &hive, i, &setups[kinds[(first + i) % G_N_ELEMENTS (kinds)]]);
  /* the profile's other MAPI sections: binary properties nobody reads */
  for (guint i = 0; i < sections; i++) {
    const gchar *key = KEEP (home, g_strdup_printf (O16_PROFILE "\\%s",
                                                          KEEP (home, random_hex (home->rand, 32))));
    for (guint j = 0; j < 6; j++)
      hive_add (&hive, key, KEEP (home, g_strdup_printf ("%04x%04x", 0x0102 + j, 0x3d00 + j)), MF_REG_BINARY,
                NULL, 0, KEEP (home, random_hex (home->rand, 2 * (guint) g_rand_int_range (home->rand, 4, 128))));
  }
  hive_add (&hive, "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer", "ShellState", MF_REG_BINARY, NULL, 0,
            KEEP (home, random_hex (home->rand, 72)));
  hive_add (&hive, "Control Panel\\International", "LocaleName", MF_REG_SZ, "ja-JP", 0, NULL);
  hive_add (&hive, "Control Panel\\Desktop", "Wallpaper", MF_REG_SZ,
            KEEP (home, g_strdup_printf ("C:\\Users\\%s\\Pictures\\%u.jpg", home->login, home->index)), 0, NULL);
  if (!mf_test_hive_build (path, (const MfTestHiveEntry *) (gpointer) hive.entries->data, hive.entries->len, &error))
    g_error ("%s", error->message);
  if (g_stat (path, &st) != 0)
    g_error ("cannot stat %s: %s", path, g_strerror (errno));
  g_string_append_printf (home->manifest, "F\t%u\t%" G_GINT64_FORMAT "\t%s\n", home->index, (gint64) st.st_size, path);
  home->bytes += (guint64) st.st_size;
  home->files++;
  g_array_unref (hive.entries);
}

/* ----------------------------------------------------------------- main */

static void
write_home (const gchar *dir, guint index, guint32 seed, gsize prefs_kb, GString *manifest,
            guint64 *accounts, guint64 *files, guint64 *bytes)
{
  Home home = { 0 };
  g_autofree gchar *hive = NULL;
  gsize target;
  guint family, given;

  home.rand = g_rand_new_with_seed (seed ^ (index * 2654435761u));
  home.index = index;
  home.home = g_strdup_printf ("%s/home-%05u", dir, index);
  home.manifest = manifest;
  home.scratch = g_ptr_array_new_with_free_func (g_free);
  family = (guint) g_rand_int_range (home.rand, 0, G_N_ELEMENTS (families));
  given = (guint) g_rand_int_range (home.rand, 0, G_N_ELEMENTS (givens));
  home.family = families[family].romaji;
  home.family_kanji = families[family].kanji;
  home.given = givens[given].romaji;
  home.given_kanji = givens[given].kanji;
  home.login = g_strdup_printf ("%s.%s%u", home.given, home.family, index);
  if (g_mkdir_with_parents (home.home, 0700) != 0)
    g_error ("cannot create %s: %s", home.home, g_strerror (errno));

  /* "a few hundred KB": prefs_kb on average, give or take a third */
  target = prefs_kb * 1024 * (gsize) g_rand_int_range (home.rand, 67, 134) / 100;
  write_thunderbird (&home, target);
  write_evolution (&home);
  write_windows_mail (&home);
  hive = g_build_filename (home.home, "NTUSER.DAT", NULL);
  write_outlook (&home, hive);

  g_string_append_printf (manifest, "H\t%u\t%u\t%s\n", index, home.accounts, home.home);
  *accounts += home.accounts;
  *files += home.files;
  *bytes += home.bytes;
  g_rand_free (home.rand);
  g_free (home.home);
  g_free (home.login);
  g_ptr_array_unref (home.scratch);
}

int
main (int argc, char **argv)
{
  gint seed = 20261123;
  gint prefs_kb = 300;
  GOptionEntry options[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the homes' contents", "S" },
    { "prefs-kb", 0, 0, G_OPTION_ARG_INT, &prefs_kb, "Average size of a prefs.js in KB", "K" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR N - write N synthetic homes into DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autofree gchar *manifest_path = NULL;
  guint64 accounts = 0, files = 0, bytes = 0, n;
  const gchar *dir;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 ||
      !g_ascii_string_to_unsigned (argv[2], 10, 1, 1000000, &n, NULL) || prefs_kb < 1) {
    g_printerr ("%s\n", error != NULL ? error->message : "usage: bench-scan-gen [--seed S] [--prefs-kb K] DIR N");
    return 2;
  }
  dir = argv[1];
  if (g_mkdir_with_parents (dir, 0700) != 0) {
    g_printerr ("cannot create %s: %s\n", dir, g_strerror (errno));
    return 1;
  }
  for (guint i = 0; i < n; i++)
    write_home (dir, i, (guint32) seed, (gsize) prefs_kb, manifest, &accounts, &files, &bytes);
  manifest_path = g_build_filename (dir, "manifest.tsv", NULL);
  if (!g_file_set_contents (manifest_path, manifest->str, (gssize) manifest->len, &error)) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  g_print ("homes=%" G_GUINT64_FORMAT " accounts=%" G_GUINT64_FORMAT " files=%" G_GUINT64_FORMAT
           " bytes=%" G_GUINT64_FORMAT "\n", n, accounts, files, bytes);
  return 0;
}
