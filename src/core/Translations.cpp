#include "Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QTranslator>
#include <memory>

namespace astro {
namespace {

// "de_DE.UTF-8@euro" -> "de_DE", "de-DE" -> "de_DE", "C.UTF-8" -> "C"; empty stays empty.
QString localeName(const QString& value)
{
    QString v = value.trimmed();
    const int cut = v.indexOf(QRegularExpression(QStringLiteral("[.@]")));
    if (cut >= 0)
        v.truncate(cut);
    v.replace(QLatin1Char('-'), QLatin1Char('_'));
    if (v == QLatin1String("POSIX"))
        v = QStringLiteral("C");
    return v;
}

std::unique_ptr<QTranslator>& astroTranslator()
{
    static std::unique_ptr<QTranslator> t;
    return t;
}

std::unique_ptr<QTranslator>& qtTranslator()
{
    static std::unique_ptr<QTranslator> t;
    return t;
}

bool g_defaultLocaleSet = false;

void uninstall(std::unique_ptr<QTranslator>& t)
{
    if (t) {
        QCoreApplication::removeTranslator(t.get());
        t.reset();
    }
}

} // namespace

QString translationLanguage(const QProcessEnvironment& env)
{
    const QString override = localeName(env.value(QStringLiteral("ASTRO_LANG")));
    if (!override.isEmpty())
        return override;
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const QString v = localeName(env.value(QLatin1String(var)));
        if (!v.isEmpty())
            return v;
    }
    const QLocale system = QLocale::system();
    return system.language() == QLocale::C ? QStringLiteral("C") : system.name();
}

QString installTranslations(const QProcessEnvironment& env)
{
    uninstall(astroTranslator());
    uninstall(qtTranslator());
    if (g_defaultLocaleSet) {
        QLocale::setDefault(QLocale::system());
        g_defaultLocaleSet = false;
    }

    const QString language = translationLanguage(env);
    if (language.isEmpty() || language == QLatin1String("C"))
        return QString();
    const QLocale locale(language);
    if (locale.language() == QLocale::English)
        return QString(); // the source texts are English
    const QString astroLang = env.value(QStringLiteral("ASTRO_LANG")).trimmed();
    const QString problem =
        astroLang.isEmpty()
            ? QString()
            : QStringLiteral("ASTRO_LANG=%1 names no language astro speaks (de, en, fr, ja); it "
                             "speaks English.")
                  .arg(astroLang.left(40));
    if (locale.language() == QLocale::C)
        return problem;

    auto translator = std::make_unique<QTranslator>();
    bool loaded = translator->load(locale, QStringLiteral("astro"), QStringLiteral("_"),
                                   QStringLiteral(":/i18n"));
    if (!loaded) {
        // A catalogue that is not built in, installed next to the program by a packager.
        const QString installed = QDir(QCoreApplication::applicationDirPath())
                                      .filePath(QStringLiteral("../share/astro-auth/translations"));
        if (QDir(installed).exists())
            loaded =
                translator->load(locale, QStringLiteral("astro"), QStringLiteral("_"), installed);
    }
    if (!loaded)
        return problem;
    QCoreApplication::installTranslator(translator.get());
    astroTranslator() = std::move(translator);
    // Texts the user sees from Qt itself (QCommandLineParser's errors and "Options:").
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        qtTranslator() = std::move(qt);
    }
    // The login pages' <html lang> and anything else that asks QLocale() follow the language.
    QLocale::setDefault(locale);
    g_defaultLocaleSet = true;
    return QString();
}

} // namespace astro
