#pragma once

#include "Services.h"

namespace astro {

// Reads config.yaml for a command. First it takes over the tokens astro-cli keeps there in
// plain text (`token`, `refreshtoken`, `expiresin`, in any context; also an ASTRO_API_TOKEN
// astro-cli persisted): when nothing is stored for the context's domain they move into the
// credential store, as a login's would, and leave config.yaml in the same locked, atomic write;
// when a login is stored, the plaintext copy is revoked at the server (RFC 7009, when offered:
// the lean astro hands over for that) and removed. Tokens the store cannot take stay where
// they were, with a warning. Nothing to take over costs one pass over the parsed file.
Error readConfig(Services& s, Config* out);

// For `auth status`: a sentence saying that `key`'s context still holds a token in plain
// text, or empty when it does not.
QString plaintextTokenProblem(const Services& s, const Config& config, const QString& key);

} // namespace astro
