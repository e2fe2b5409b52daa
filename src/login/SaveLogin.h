#pragma once

#include "auth/Session.h"
#include "cli/Services.h"
#include "core/Domain.h"

namespace astro {

// The steps every login ends with, shared by the CLI and the login window.

// astro's post-login calls, remembering the context's previous organization and
// last used workspace.
Error loadSessionFor(const AstroPlatform& platform, const Config& config, const Domain& domain,
                     const Credentials& credentials, SessionInfo* session);

// Stores the secret, then switches the context (user, organization, workspace), both under
// config.yaml's lock. When the config cannot be written, the previous credentials are put
// back: nothing is lost.
Error saveLogin(Services& s, const Domain& domain, CredentialStore* store,
                const Credentials& credentials, const QString& email, const SessionInfo& session);

} // namespace astro
