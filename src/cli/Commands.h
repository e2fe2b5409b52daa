#pragma once

#include "Services.h"

#include <QStringList>

namespace astro {

// Each command parses its own flags and does its work with the given services.
// `args` excludes the command words ("auth", "login").
int runLogin(Services& s, const QStringList& args);
int runLogout(Services& s, const QStringList& args);
int runToken(Services& s, const QStringList& args);
int runStatus(Services& s, const QStringList& args);
int runContext(Services& s, const QStringList& args);
int runCompletion(Services& s, const QStringList& args);
int runExec(Services& s, const QStringList& args);
int runConfigureDocker(Services& s, const QStringList& args);
// `docker-credential-astro get|store|erase|list|version` (the docker-credential-helpers
// protocol). `networkToken` fetches a token through astro-network when a refresh is due.
int runDockerCredentialHelper(
    Services& s, const QStringList& args,
    const std::function<Error(const Domain& domain, QString* token)>& networkToken);

// The entry point: dispatches `astro <command> ...` (argv without the program name).
int runCli(Services& s, const QStringList& argv);

} // namespace astro
