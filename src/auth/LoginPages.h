#pragma once

#include <QByteArray>

namespace astro {

// The static pages the loopback listener shows in the browser: our own HTML from
// resources/pages, no external resources, texts through tr() (context "LoginPages").
struct LoginPages
{
    QByteArray success;
    QByteArray failure;
    QByteArray rejected;
    static LoginPages build();
};

} // namespace astro
