#pragma once

#include "Services.h"

#include <QStringList>
#include <QVector>

namespace astro {

// Each command parses its own flags and does its work with the given services.
// `args` excludes the command words ("auth", "login").
int runLogin(Services& s, const QStringList& args);
int runLogout(Services& s, const QStringList& args);
int runToken(Services& s, const QStringList& args);
int runStatus(Services& s, const QStringList& args);
int runContextList(Services& s, const QStringList& args);
int runContextSwitch(Services& s, const QStringList& args);
int runContextDelete(Services& s, const QStringList& args);
int runCompletion(Services& s, const QStringList& args);
int runExec(Services& s, const QStringList& args);
int runConfigureDocker(Services& s, const QStringList& args);
// `docker-credential-astro get|store|erase|list|version` (the docker-credential-helpers
// protocol). `networkToken` fetches a token through astro-network when a refresh is due.
int runDockerCredentialHelper(
    Services& s, const QStringList& args,
    const std::function<Error(const Domain& domain, QString* token)>& networkToken);

// One command of the table that the help, the dispatch and the suggestions all read.
struct CommandInfo
{
    const char* group;    // "" at the top level, else "auth" or "context"
    const char* name;     // "login"
    const char* synopsis; // "[DOMAIN]", as the help lists it
    const char* summary;  // one line (translated in context "Cli" where printed)
    int (*run)(Services& s, const QStringList& args); // args: the words after the name
    bool listedInGlobalHelp; // false for "auth": its commands are listed one by one
};
const QVector<CommandInfo>& commandTable();
// The names of the commands of `group` ("" for the top level), in the table's order.
QStringList commandNames(const QString& group);

// The entry point: dispatches `astro <command> ...` (argv without the program name).
int runCli(Services& s, const QStringList& argv);

} // namespace astro
