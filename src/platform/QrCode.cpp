#include "QrCode.h"

#ifdef ASTRO_HAVE_QRENCODE
#include <qrencode.h>
#endif

namespace astro::platform {

QString renderQrCode(const QString& text)
{
#ifdef ASTRO_HAVE_QRENCODE
    const QByteArray utf8 = text.toUtf8();
    QRcode* code = QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_L, QR_MODE_8, 1);
    if (!code)
        return {};
    const int w = code->width;
    const int quiet = 2;
    auto dark = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= w || y >= w)
            return false;
        return (code->data[y * w + x] & 1) != 0;
    };
    // Light modules are drawn as blocks so the code reads on dark terminals too.
    QString out;
    for (int y = -quiet; y < w + quiet; y += 2) {
        for (int x = -quiet; x < w + quiet; ++x) {
            const bool top = dark(x, y), bottom = dark(x, y + 1);
            if (!top && !bottom)
                out += QChar(0x2588); // █
            else if (!top)
                out += QChar(0x2580); // ▀
            else if (!bottom)
                out += QChar(0x2584); // ▄
            else
                out += QLatin1Char(' ');
        }
        out += QLatin1Char('\n');
    }
    QRcode_free(code);
    return out;
#else
    Q_UNUSED(text);
    return {};
#endif
}

} // namespace astro::platform
