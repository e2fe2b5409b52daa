#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace astro {

// The language astro speaks, as a locale name ("de_DE", "fr", "ja_JP") or "C" for the
// built-in English: ASTRO_LANG when set (an override), else the first non-empty of LC_ALL,
// LC_MESSAGES and LANG (POSIX order; "C" and "POSIX", with any ".codeset" or "@modifier",
// mean English), else QLocale::system().
QString translationLanguage(const QProcessEnvironment& env);

// Loads astro's translation for translationLanguage(env) into a QTranslator installed on
// QCoreApplication (and Qt's own qtbase translation when one is installed). The catalogues
// are embedded (:/i18n/astro_<lang>.qm); <prefix>/share/astro-auth/translations, next to the
// executable's bin/, is tried for languages that are not. English needs nothing. Call it once
// after creating the QCoreApplication; calling it again replaces the previous translation.
// Returns what is wrong with ASTRO_LANG when it names a language astro has no catalogue for
// (English is then spoken), for a warning; empty otherwise.
QString installTranslations(const QProcessEnvironment& env);

} // namespace astro
