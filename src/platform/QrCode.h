#pragma once

#include <QString>

namespace astro::platform {

// `text` as a QR code drawn with Unicode half blocks for a terminal, or an empty string
// when this build has no libqrencode.
QString renderQrCode(const QString& text);

} // namespace astro::platform
