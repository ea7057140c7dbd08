/* mf-store-oeaccount.h: the Windows (Live) Mail store; private */
#pragma once

#include "mf-store.h"

G_BEGIN_DECLS

#define MF_TYPE_STORE_OEACCOUNT (mf_store_oeaccount_get_type ())
G_DECLARE_FINAL_TYPE (MfStoreOeaccount, mf_store_oeaccount, MF, STORE_OEACCOUNT, MfStore)

MfStore *mf_store_oeaccount_new (void);

G_END_DECLS
