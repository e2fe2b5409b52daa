#include "Session.h"

#include <QCoreApplication>

namespace astro {

void chooseOrganization(const QList<Organization>& orgs, const QString& previousOrg,
                        Organization* out)
{
    *out = orgs.value(0);
    for (const Organization& o : orgs) {
        if (o.id == previousOrg) {
            *out = o;
            return;
        }
    }
}

void chooseWorkspace(const QList<Workspace>& workspaces, const QString& lastUsed,
                     SessionInfo* session)
{
    session->workspaces = workspaces;
    session->workspace = Workspace();
    session->fromLastUsed = false;
    if (workspaces.size() == 1) {
        session->workspace = workspaces.first();
        return;
    }
    for (const Workspace& w : workspaces) {
        if (!lastUsed.isEmpty() && w.id == lastUsed) {
            session->workspace = w;
            session->fromLastUsed = true;
            return;
        }
    }
}

Error loadSession(const AstroPlatform& platform, const QString& accessToken,
                  const QString& previousOrg, const QString& lastUsedWorkspace, SessionInfo* out)
{
    if (Error e = platform.selfUser(accessToken))
        return e;
    QList<Organization> orgs;
    if (Error e = platform.organizations(accessToken, &orgs))
        return e;
    if (orgs.isEmpty())
        return Error::make(ExitFailure,
                           QCoreApplication::translate(
                               "Session", "no organization found. Please contact your Astro "
                                          "Organization Owner to be invited to the organization"));
    SessionInfo s;
    chooseOrganization(orgs, previousOrg, &s.organization);
    QList<Workspace> workspaces;
    if (Error e = platform.workspaces(accessToken, s.organization.id, &workspaces))
        return e;
    chooseWorkspace(workspaces, lastUsedWorkspace, &s);
    *out = s;
    return Error::none();
}

} // namespace astro
