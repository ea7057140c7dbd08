/* mf-store-thunderbird.h: the Thunderbird store; private */
#pragma once

#include "mf-store.h"

G_BEGIN_DECLS

#define MF_TYPE_STORE_THUNDERBIRD (mf_store_thunderbird_get_type ())
G_DECLARE_FINAL_TYPE (MfStoreThunderbird, mf_store_thunderbird, MF, STORE_THUNDERBIRD, MfStore)

MfStore *mf_store_thunderbird_new (void);

G_END_DECLS
