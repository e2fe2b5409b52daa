#pragma once

#include "AstroPlatform.h"

namespace astro {

// What astro does right after a login: make sure the user exists, pick an organization
// and, when it can, a workspace.
struct SessionInfo
{
    Organization organization;
    QList<Workspace> workspaces;
    Workspace workspace;       // empty id: none chosen
    bool fromLastUsed = false; // chosen because it was the last one used
    bool needsChoice() const { return workspace.id.isEmpty() && workspaces.size() > 1; }
};

// Picks the organization (the previous one when still available, else the first) and the
// workspace (the only one, else the last used one). Pure, for tests.
void chooseOrganization(const QList<Organization>& orgs, const QString& previousOrg,
                        Organization* out);
void chooseWorkspace(const QList<Workspace>& workspaces, const QString& lastUsed,
                     SessionInfo* session);

// Runs the platform calls. Fails with astro's message when the user has no organization.
Error loadSession(const AstroPlatform& platform, const QString& accessToken,
                  const QString& previousOrg, const QString& lastUsedWorkspace, SessionInfo* out);

} // namespace astro
