/* mf-diagnosis.h: what is wrong with an account and what it should become */
#pragma once

#include <glib-object.h>

#include "mf-account.h"
#include "mf-finding.h"
#include "mf-provider-db.h"
#include "mf-remedy.h"

G_BEGIN_DECLS

#define MF_TYPE_DIAGNOSIS (mf_diagnosis_get_type ())
G_DECLARE_FINAL_TYPE (MfDiagnosis, mf_diagnosis, MF, DIAGNOSIS, GObject)

MfDiagnosis *mf_diagnosis_new          (MfAccount *account, MfProviderDb *db);
MfAccount   *mf_diagnosis_get_account  (MfDiagnosis *self);
MfProvider  *mf_diagnosis_get_provider (MfDiagnosis *self);
GPtrArray   *mf_diagnosis_get_findings (MfDiagnosis *self);
MfRemedy    *mf_diagnosis_get_remedy   (MfDiagnosis *self);
gboolean     mf_diagnosis_has_finding  (MfDiagnosis *self, MfFindingCode code);

G_END_DECLS
