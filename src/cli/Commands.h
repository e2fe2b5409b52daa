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

// The entry point: dispatches `astro <command> ...` (argv without the program name).
int runCli(Services& s, const QStringList& argv);

} // namespace astro
