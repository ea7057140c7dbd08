/* mailfix.h: the public API of libmailfix; front ends include only this */
#pragma once

#define MAILFIX_INSIDE

#include "mf-version.h"
#include "mf-error.h"
#include "mf-enums.h"
#include "mf-server.h"
#include "mf-identity.h"
#include "mf-profile.h"
#include "mf-account.h"
#include "mf-finding.h"
#include "mf-provider.h"
#include "mf-provider-db.h"
#include "mf-remedy.h"
#include "mf-diagnosis.h"
#include "mf-plan.h"
#include "mf-backup.h"
#include "mf-session.h"
#include "mf-verify.h"
#include "mf-advice.h"
#include "mf-export.h"
#include "mf-autoconfig.h"

#undef MAILFIX_INSIDE
