// libFuzzer target: Houston's answers to every GraphQL call astro makes for an APC login
// (auth config, createToken, self, workspaces, paginatedWorkspaces, version), as a hostile
// or broken Houston could send them. Input: two bytes for the HTTP status (as in
// fuzz_token_response: "20{...}" is a 200), then the body, which answers every call.
// Properties: every failure is explained; no text astro would show (the error, a user's or a
// workspace's fields, the providers' names) carries a character a terminal acts on; a token
// astro accepts is well formed.
#include "auth/Houston.h"
#include "fakes/FakeNetwork.h"

#include <QCoreApplication>
#include <cstddef>
#include <cstdint>

namespace {

bool dangerous(uint c)
{
    return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void requireShowable(const QString& text, bool oneLine)
{
    for (const uint c : text.toUcs4()) {
        if (dangerous(c) || (oneLine && (c == '\n' || c == '\t')))
            __builtin_trap();
    }
}

void requireExplained(const astro::Error& e)
{
    if (!e.ok()) {
        if (e.message.isEmpty())
            __builtin_trap();
        requireShowable(e.message, false);
    }
}

void requireShowable(const astro::HoustonUser& u)
{
    requireShowable(u.id, true);
    requireShowable(u.fullName, true);
    requireShowable(u.username, true);
    requireShowable(u.status, true);
}

// A well-formed token for the calls that need one (astro checks its own before sending it).
const QString kToken =
    QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJ1dWlkIjoidSIsImV4cCI6OTk5OTk5OTk5OX0.c2ln");

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    static QCoreApplication app(*argc, *argv); // Http's calls spin an event loop
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2 || size > 256 * 1024)
        return 0;
    const int status = uint8_t(data[0] - '0') % 10 * 100 + uint8_t(data[1] - '0') % 100;
    const QByteArray body(reinterpret_cast<const char*>(data) + 2, int(size - 2));

    astro::Domain domain;
    QString why;
    if (!astro::Domain::parse(QStringLiteral("127.0.0.1:4000"), &domain, &why, astro::Product::Apc))
        __builtin_trap();
    astro::FakeNetwork net;
    net.expect("POST", domain.houstonUrl().toString(), status, body).times = -1;
    const astro::HoustonClient houston{astro::Http(&net), domain};

    astro::HoustonAuthConfig config;
    requireExplained(houston.authConfig(QStringLiteral("http://localhost:12345/"), &config));
    for (const astro::HoustonAuthProvider& p : config.providers) {
        requireShowable(p.name, true);
        requireShowable(p.displayName, true);
    }

    astro::HoustonToken token;
    const astro::Error created =
        houston.createBasicToken(QStringLiteral("u@houston.test"), QStringLiteral("pw"), &token);
    requireExplained(created);
    if (created.ok()) {
        if (!astro::HoustonClient::isWellFormedToken(token.value))
            __builtin_trap();
        requireShowable(token.user);
    }

    astro::HoustonUser user;
    const astro::Error self = houston.self(kToken, &user);
    requireExplained(self);
    if (self.ok())
        requireShowable(user);

    for (const bool paginated : {true, false}) {
        QList<astro::HoustonWorkspace> workspaces;
        const astro::Error e = houston.workspaces(kToken, paginated, 100, &workspaces);
        requireExplained(e);
        for (const astro::HoustonWorkspace& w : workspaces) {
            requireShowable(w.id, true);
            requireShowable(w.label, true);
            requireShowable(w.description, true);
        }
    }

    QString version;
    if (houston.version(&version).ok())
        requireShowable(version, true);
    return 0;
}
