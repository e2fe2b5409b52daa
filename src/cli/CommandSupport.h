#pragma once

#include "Services.h"
#include "core/Domain.h"

#include <QCommandLineParser>

namespace astro {

// Prints the error on stderr (one line, prefixed "Error: ") and returns its exit code.
int fail(Services& s, const Error& e);

// A domain as the user typed it on the command line: a DOMAIN argument or a -d/--domain
// value. Not given means "the usual one" (ASTRO_DOMAIN, the current context...); given, it
// must not be blank: `logout ''` never means the current context.
struct DomainArgument
{
    QString text;
    QString name; // for messages: "DOMAIN", "--domain"; empty: not given
    bool given() const { return !name.isEmpty(); }
};
// The positional DOMAIN argument at `index`, and the value of a -d/--domain option.
DomainArgument domainArgument(const QCommandLineParser& parser, int index = 0);
DomainArgument domainArgument(const QCommandLineParser& parser, const QCommandLineOption& option);
// The one rule for every domain the user gives: a blank one is a usage error naming it.
Error checkDomainArgument(const DomainArgument& argument);
// checkDomainArgument, then Domain::parse (a usage error when invalid).
Error parseDomainArgument(const DomainArgument& argument, Domain* out);

// The domain a command acts on: the given one (see DomainArgument), else ASTRO_DOMAIN, else
// the current context's, else (only when allowDefault) astronomer.io. A loopback domain is
// APC when its context says `product: apc` (or when `loopbackProduct` is Apc: `login --apc`).
Error resolveDomain(Services& s, const DomainArgument& argument, const Config& config,
                    bool allowDefault, Domain* out, Product loopbackProduct = Product::Astro);
// The same for a DOMAIN argument that the caller has checked already: empty is not given.
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
