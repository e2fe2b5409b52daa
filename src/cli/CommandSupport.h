#pragma once

#include "Services.h"
#include "core/Domain.h"

#include <QCommandLineParser>

namespace astro {

// Prints the error on stderr (one line, prefixed "Error: ") and returns its exit code.
int fail(Services& s, const Error& e);

// The domain a command acts on: the explicit one, else ASTRO_DOMAIN, else the current
// context's, else (only when allowDefault) astronomer.io. A loopback domain is APC when its
// context says `product: apc` (or when `loopbackProduct` is Apc: `login --apc`).
Error resolveDomain(Services& s, const QString& explicitDomain, const Config& config,
                    bool allowDefault, Domain* out, Product loopbackProduct = Product::Astro);

// Parses `args` (without the command words) for `commandPath` ("auth login"). On --help it
// prints help and returns ExitOk through *exitCode; on a bad command line ExitUsage.
bool parseCommandLine(Services& s, QCommandLineParser& parser, const QString& commandPath,
                      const QString& usage, const QString& description, const QStringList& args,
                      int* exitCode);

// ASTRO_API_TOKEN, which wins over any stored login: empty when unset. A value with a line
// break or another control character is refused (ExitUsage); the message never shows it.
Error tokenFromEnvironment(const Services& s, QString* token);

// After parseCommandLine: more than `max` positional arguments is a usage error, printed as
// parseCommandLine prints its errors (false, *exitCode = ExitUsage).
bool checkArgumentCount(Services& s, const QCommandLineParser& parser, const QString& commandPath,
                        int max, int* exitCode);

// For a mistyped command: " Did you mean 'login'?" when some of `commands` is within a
// Levenshtein distance of 2 of `typed` or starts with it (cobra's rule), else empty.
QString commandSuggestion(const QString& typed, const QStringList& commands);

// Reports a revocation as logout does: the revoked tokens on stdout (stderr when
// `toStdout` is false: commands whose stdout is data), a failure or no revocation offered
// on stderr.
void reportRevocation(Services& s, const Revocation& r, bool toStdout);

// "1 hour", "59 minutes", "2 days"
QString humanDuration(qint64 seconds);

} // namespace astro
