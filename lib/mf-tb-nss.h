/* mf-tb-nss.h: Thunderbird's password encryption (NSS SDR), with NSS loaded
 * at run time; private
 *
 * NSS keeps its state for the whole process, so only one profile can be
 * open at a time: mf_tb_nss_open() fails while another MfTbNss is open,
 * and every call is serialised by one lock. Open a profile only while
 * holding Thunderbird's profile lock: NSS must never work on a key4.db
 * that a running Thunderbird has open.
 *
 * Opening may write to the profile's key4.db: NSS creates it when it is
 * missing, an uninitialised one gets the empty password Thunderbird would
 * give it, and the first encryption creates the default SDR key. Open a
 * copy of the profile when nothing may change.
 *
 * A loaded NSS stays loaded for the life of the process. Different NSS
 * builds share sonames (libnssutil3.so ...), so a Thunderbird NSS that
 * needs a newer libnssutil3 than one loaded before it cannot load: it is
 * then passed over, and errors that it would have avoided name it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MfTbNss MfTbNss;

/* the profile's key database, through the first NSS that loads: the
 * directory in MAILFIX_NSS_DIR, the Thunderbird install that last ran the
 * profile (compatibility.ini), the usual Thunderbird install directories,
 * then the system's libnss3. MF_ERROR_NOT_FOUND when none loads,
 * MF_ERROR_UNSUPPORTED when a primary password protects the key database */
MfTbNss     *mf_tb_nss_open          (const gchar *profile_dir, GError **error);

/* encrypts and decrypts a probe: FALSE, naming the NSS used, when this NSS
 * cannot write with the profile's key (an older NSS than the Thunderbird
 * that made key4.db fails with SEC_ERROR_INVALID_KEY) */
gboolean     mf_tb_nss_can_encrypt   (MfTbNss *self, GError **error);

/* base64 of the SDR encryption of the UTF-8 text plain, as logins.json holds it */
gchar       *mf_tb_nss_encrypt       (MfTbNss *self, const gchar *plain, GError **error);
/* the text of a logins.json value; free it with mf_tb_nss_secret_free(),
 * which wipes it */
gchar       *mf_tb_nss_decrypt       (MfTbNss *self, const gchar *b64, GError **error);

/* path of the libnss3 in use, for messages */
const gchar *mf_tb_nss_get_library   (MfTbNss *self);
const gchar *mf_tb_nss_get_profile_dir (MfTbNss *self);

void         mf_tb_nss_close         (MfTbNss *self);

/* wipes and frees a decrypted string */
void         mf_tb_nss_secret_free   (gchar *secret);

/* a decrypted string, for g_autoptr(MfTbSecret) */
typedef gchar MfTbSecret;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTbNss, mf_tb_nss_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTbSecret, mf_tb_nss_secret_free)

#ifdef MF_UNIT_TEST
/* the directories searched for a Thunderbird NSS, in order */
GPtrArray   *mf_tb_nss_candidate_dirs (const gchar *profile_dir);
#endif

G_END_DECLS
