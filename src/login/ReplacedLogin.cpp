#include "ReplacedLogin.h"

#include "cli/CommandSupport.h"

#include <QCoreApplication>

namespace astro {

// Texts of this file for Qt Linguist (context "ReplacedLogin").
struct ReplacedLoginText
{
    Q_DECLARE_TR_FUNCTIONS(ReplacedLogin)
};

void revokeReplacedLogin(Services& s, const Domain& domain, const Credentials& replaced,
                         const Credentials& current)
{
    Credentials revoke;
    revoke.product = replaced.product; // an APC login has nothing to revoke
    if (replaced.accessToken != current.accessToken)
        revoke.accessToken = replaced.accessToken;
    if (replaced.refreshToken != current.refreshToken)
        revoke.refreshToken = replaced.refreshToken;
    if ((revoke.accessToken.isEmpty() && !revoke.canRefresh()) || !s.revokeTokens)
        return;
    const Revocation r = s.revokeTokens(domain, revoke);
    if (r.outcome != Revocation::Houston) // Houston's: only that there is nothing to revoke
        s.console->err(ReplacedLoginText::tr("Revoking the tokens of the previous login to %1.\n")
                           .arg(domain.name()));
    reportRevocation(s, r, false);
}

} // namespace astro
