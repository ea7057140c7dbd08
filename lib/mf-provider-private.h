/* mf-provider-private.h: provider loading and matching shared by
 * mf-provider.c and mf-provider-db.c; never installed */
#pragma once

#include "mf-provider.h"
#include "mf-provider-db.h"

G_BEGIN_DECLS

/* the namespace of the mailfix extension inside <emailProvider> */
#define MF_PROVIDER_NS "urn:mailfix:provider:1"

/* no provider description comes anywhere near this; larger files are refused
 * before libxml2 sees them */
#define MF_PROVIDER_MAX_FILE_SIZE (1024 * 1024)

/* the score of an exact (non-wildcard) match; pattern matches score the
 * number of literal labels of the pattern, so a narrower pattern wins */
#define MF_PROVIDER_MATCH_EXACT G_MAXUINT

/* parses a provider description held in memory; filename is only used to
 * name the file in error messages and for mf_provider_get_filename() */
MfProvider *mf_provider_new_from_data  (const gchar *data,
                                        gsize        len,
                                        const gchar *filename,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* parses a clientConfig document that autoconfiguration found for domain
 * at url, with the same limits as a file (no network, no entities, no
 * DTD, 1 MiB). The result serves domain only (its id and only <domain>),
 * never claims accounts by their servers, carries no branding, and no
 * server is more certain than floor. */
MfProvider *mf_provider_new_found      (const gchar     *data,
                                        gsize            len,
                                        const gchar     *domain,
                                        MfProviderOrigin origin,
                                        const gchar     *url,
                                        MfConfidence     floor,
                                        GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* reads and parses one provider file, refusing files over the size limit */
MfProvider *mf_provider_new_from_file  (const gchar *path,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* 0 if the provider does not claim the domain (or host), else a score:
 * MF_PROVIDER_MATCH_EXACT or the literal label count of the best pattern;
 * the input must already be normalised with mf_provider_normalize_name() */
guint       mf_provider_match_domain_score (MfProvider  *self,
                                            const gchar *domain);
guint       mf_provider_match_host_score   (MfProvider  *self,
                                            const gchar *host);

/* lower-cases ASCII, drops one trailing dot and turns IDNs into their
 * ASCII form; NULL if nothing usable is left */
gchar      *mf_provider_normalize_name (const gchar *name) G_GNUC_WARN_UNUSED_RESULT;

/* the part of an address after its last '@', or NULL if either side of
 * the '@' is empty or there is none */
const gchar *mf_provider_address_domain (const gchar *address);

/* TRUE if pattern (whose "*" labels each stand for exactly one label)
 * matches name; both normalised */
gboolean    mf_provider_pattern_matches (const gchar *pattern,
                                         const gchar *name);

/* a directory of the search path left out, and why; takes error */
void        mf_provider_db_add_problem (MfProviderDb *self, GError *error);

/* adds a provider found by autoconfiguration for this run; unlike a
 * file, it never replaces a provider of the same id */
void        mf_provider_db_add_found   (MfProviderDb *self, MfProvider *provider);

G_END_DECLS
