// astro::installTranslations(): the language comes from ASTRO_LANG, else LC_ALL, LC_MESSAGES,
// LANG; the embedded catalogues translate real messages; "C" (and no catalogue) is English.
#include "cli/CommandSupport.h"
#include "cli/Commands.h"
#include "core/QtCompat.h"
#include "core/Translations.h"
#include "fakes/MemoryStore.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

namespace {

const char* const kContext = "TokenCommand";
const char* const kSource = "Print a valid access token for scripts, and nothing else, on stdout.";

QProcessEnvironment env(std::initializer_list<std::pair<const char*, const char*>> vars)
{
    QProcessEnvironment e; // empty: nothing from the test's own environment leaks in
    for (const auto& [k, v] : vars)
        e.insert(QLatin1String(k), QString::fromUtf8(v));
    return e;
}

QString translated()
{
    return QCoreApplication::translate(kContext, kSource);
}

// A command run with fake I/O, an isolated config and a memory store (as in tst_cli).
struct Run
{
    QTemporaryDir dir;
    QBuffer out, err;
    astro::Console console{&out, &err, astro::Console::Input{}};
    astro::ConfigFile config{dir.filePath(QStringLiteral(".astro/config.yaml"))};
    astro::MemoryStore store;
    astro::Services s;
    int code = -1;

    explicit Run(const QString& cmdline, bool loggedIn = false)
    {
        out.open(QIODevice::WriteOnly);
        err.open(QIODevice::WriteOnly);
        s.console = &console;
        s.config = &config;
        s.store = [this](astro::Error*) { return &store; };
        s.network = []() -> QNetworkAccessManager* {
            qFatal("this command must not touch the network");
            return nullptr;
        };
        const QDateTime now = astro::utcFromSecsSinceEpoch(1800000000);
        s.now = [now] { return now; };
        if (loggedIn) {
            astro::Credentials c;
            c.accessToken = QStringLiteral("a.b.c");
            c.refreshToken = QStringLiteral("r");
            c.expiresAt = now.addSecs(7200);
            store.items.insert(QStringLiteral("x.io"), c);
            const bool ok =
                config
                    .update([](astro::Config& cfg) {
                        cfg.setContextField(QStringLiteral("x_io"), QStringLiteral("domain"),
                                            QStringLiteral("x.io"));
                        cfg.setContextField(QStringLiteral("x_io"), QStringLiteral("user_email"),
                                            QStringLiteral("u@x.io"));
                        cfg.setCurrentContext(QStringLiteral("x_io"));
                    })
                    .ok();
            if (!ok)
                qFatal("cannot write the test config");
        }
        code = astro::runCli(s, cmdline.split(QLatin1Char(' '), Qt::SkipEmptyParts));
    }
    QString stdoutText() const { return QString::fromUtf8(out.data()); }
    QString stderrText() const { return QString::fromUtf8(err.data()); }
};

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup()
    {
        astro::installTranslations(env({{"LANG", "C"}})); // back to English
    }

    void catalogues_are_embedded()
    {
        for (const char* lang : {"de", "fr", "ja"}) {
            const QString path = QStringLiteral(":/i18n/astro_%1.qm").arg(QLatin1String(lang));
            QVERIFY2(QFile::exists(path), qPrintable(path));
        }
    }

    void language_choice_data()
    {
        QTest::addColumn<QProcessEnvironment>("environment");
        QTest::addColumn<QString>("language");
        QTest::newRow("ASTRO_LANG") << env({{"ASTRO_LANG", "de"}}) << "de";
        QTest::newRow("ASTRO_LANG beats LC_ALL")
            << env({{"ASTRO_LANG", "ja_JP.UTF-8"}, {"LC_ALL", "fr_FR.UTF-8"}}) << "ja_JP";
        QTest::newRow("ASTRO_LANG=C beats LANG")
            << env({{"ASTRO_LANG", "C"}, {"LANG", "de_DE.UTF-8"}}) << "C";
        QTest::newRow("LC_ALL beats LC_MESSAGES and LANG") << env({{"LC_ALL", "fr_FR.UTF-8"},
                                                                   {"LC_MESSAGES", "de_DE.UTF-8"},
                                                                   {"LANG", "ja_JP.UTF-8"}})
                                                           << "fr_FR";
        QTest::newRow("LC_MESSAGES beats LANG")
            << env({{"LC_MESSAGES", "de_DE.UTF-8"}, {"LANG", "ja_JP.UTF-8"}}) << "de_DE";
        QTest::newRow("empty ones are skipped")
            << env({{"ASTRO_LANG", ""}, {"LC_ALL", ""}, {"LANG", "fr_CA.UTF-8"}}) << "fr_CA";
        QTest::newRow("modifier") << env({{"LANG", "de_DE@euro"}}) << "de_DE";
        QTest::newRow("dash") << env({{"ASTRO_LANG", "ja-JP"}}) << "ja_JP";
        QTest::newRow("C.UTF-8") << env({{"LANG", "C.UTF-8"}}) << "C";
        QTest::newRow("POSIX") << env({{"LC_ALL", "POSIX"}, {"LANG", "de_DE.UTF-8"}}) << "C";
    }
    void language_choice()
    {
        QFETCH(QProcessEnvironment, environment);
        QFETCH(QString, language);
        QCOMPARE(astro::translationLanguage(environment), language);
    }

    void translates_data()
    {
        QTest::addColumn<QProcessEnvironment>("environment");
        QTest::addColumn<QString>("expected");
        const QString de = QStringLiteral(
            "Ein gültiges Zugriffstoken für Skripte auf stdout ausgeben, und sonst nichts.");
        const QString fr = QStringLiteral(
            "Afficher sur stdout un jeton d'accès valide pour les scripts, et rien d'autre.");
        const QString ja =
            QStringLiteral("スクリプト用に、有効なアクセストークンだけを stdout に出力します。");
        const QString en = QString::fromUtf8(kSource);
        QTest::newRow("ASTRO_LANG=de") << env({{"ASTRO_LANG", "de"}}) << de;
        QTest::newRow("LANG=de_DE.UTF-8") << env({{"LANG", "de_DE.UTF-8"}}) << de;
        QTest::newRow("ASTRO_LANG=fr") << env({{"ASTRO_LANG", "fr"}}) << fr;
        QTest::newRow("LANG=fr_FR.UTF-8") << env({{"LANG", "fr_FR.UTF-8"}}) << fr;
        QTest::newRow("LANG=fr_CA.UTF-8 (falls back to fr)")
            << env({{"LANG", "fr_CA.UTF-8"}}) << fr;
        QTest::newRow("ASTRO_LANG=ja") << env({{"ASTRO_LANG", "ja"}}) << ja;
        QTest::newRow("LANG=ja_JP.UTF-8") << env({{"LANG", "ja_JP.UTF-8"}}) << ja;
        QTest::newRow("LC_ALL=ja_JP.UTF-8, LANG=de")
            << env({{"LC_ALL", "ja_JP.UTF-8"}, {"LANG", "de_DE.UTF-8"}}) << ja;
        QTest::newRow("LANG=C") << env({{"LANG", "C"}}) << en;
        QTest::newRow("LANG=C.UTF-8") << env({{"LANG", "C.UTF-8"}}) << en;
        QTest::newRow("ASTRO_LANG=C over LANG=de")
            << env({{"ASTRO_LANG", "C"}, {"LANG", "de_DE.UTF-8"}}) << en;
        QTest::newRow("ASTRO_LANG=en over LANG=ja")
            << env({{"ASTRO_LANG", "en"}, {"LANG", "ja_JP.UTF-8"}}) << en;
        QTest::newRow("no catalogue (es)") << env({{"LANG", "es_ES.UTF-8"}}) << en;
    }
    void translates()
    {
        QFETCH(QProcessEnvironment, environment);
        QFETCH(QString, expected);
        astro::installTranslations(environment);
        QCOMPARE(translated(), expected);
    }

    // ASTRO_LANG is astro's own setting: one it cannot follow is said, not ignored. The
    // system's LANG is not astro's to judge.
    void unknownAstroLangIsReported_data()
    {
        QTest::addColumn<QProcessEnvironment>("environment");
        QTest::addColumn<bool>("reported");
        QTest::newRow("ASTRO_LANG=xx") << env({{"ASTRO_LANG", "xx"}}) << true;
        QTest::newRow("ASTRO_LANG=es (no catalogue)") << env({{"ASTRO_LANG", "es"}}) << true;
        QTest::newRow("ASTRO_LANG=de_CH.UTF-8") << env({{"ASTRO_LANG", "de_CH.UTF-8"}}) << false;
        QTest::newRow("ASTRO_LANG=en") << env({{"ASTRO_LANG", "en"}}) << false;
        QTest::newRow("ASTRO_LANG=C") << env({{"ASTRO_LANG", "C"}}) << false;
        QTest::newRow("LANG=xx") << env({{"LANG", "xx"}}) << false;
        QTest::newRow("LANG=es_ES.UTF-8") << env({{"LANG", "es_ES.UTF-8"}}) << false;
    }
    void unknownAstroLangIsReported()
    {
        QFETCH(QProcessEnvironment, environment);
        QFETCH(bool, reported);
        const QString problem = astro::installTranslations(environment);
        QCOMPARE(!problem.isEmpty(), reported);
        if (reported) {
            QVERIFY2(problem.contains(QStringLiteral("ASTRO_LANG=")), qPrintable(problem));
            QVERIFY2(problem.contains(QStringLiteral("de, en, fr, ja")), qPrintable(problem));
        }
        astro::installTranslations(env({{"LANG", "C"}}));
    }
    void switching_back_to_english()
    {
        astro::installTranslations(env({{"ASTRO_LANG", "de"}}));
        QVERIFY(translated() != QString::fromUtf8(kSource));
        astro::installTranslations(env({{"LANG", "C.UTF-8"}}));
        QCOMPARE(translated(), QString::fromUtf8(kSource));
        QCOMPARE(QLocale().name(), QLocale::system().name());
    }

    // Messages assembled from translated parts: the units of a duration.
    void durations()
    {
        astro::installTranslations(env({{"LANG", "C"}}));
        QCOMPARE(astro::humanDuration(7200), QStringLiteral("2 hours"));
        QCOMPARE(astro::humanDuration(60), QStringLiteral("60 seconds"));
        astro::installTranslations(env({{"ASTRO_LANG", "de"}}));
        QCOMPARE(astro::humanDuration(7200), QStringLiteral("2 Stunden"));
        QCOMPARE(astro::humanDuration(1), QStringLiteral("1 Sekunde"));
        astro::installTranslations(env({{"ASTRO_LANG", "fr"}}));
        QCOMPARE(astro::humanDuration(3 * 86400), QStringLiteral("3 jours"));
        astro::installTranslations(env({{"ASTRO_LANG", "ja"}}));
        QCOMPARE(astro::humanDuration(600), QStringLiteral("10分"));
    }

    // Every context of the CLI has its messages in each catalogue (spot checks).
    void other_contexts()
    {
        astro::installTranslations(env({{"ASTRO_LANG", "de"}}));
        QCOMPARE(QCoreApplication::translate("CommandSupport", "Error: %1\n"),
                 QStringLiteral("Fehler: %1\n"));
        QCOMPARE(QCoreApplication::translate("LoginPages", "Login successful"),
                 QStringLiteral("Anmeldung erfolgreich"));
        astro::installTranslations(env({{"ASTRO_LANG", "fr"}}));
        QCOMPARE(
            QCoreApplication::translate("LogoutCommand", "Successfully logged out of Astronomer\n"),
            QStringLiteral("Déconnexion d'Astronomer réussie\n"));
        astro::installTranslations(env({{"ASTRO_LANG", "ja"}}));
        QCOMPARE(QCoreApplication::translate("StatusCommand", "Workspace"),
                 QStringLiteral("ワークスペース"));
        QCOMPARE(QLocale().language(), QLocale::Japanese);
    }

    // Whole commands: the English output is unchanged, the German one is German.
    void commands()
    {
        astro::installTranslations(env({{"LANG", "C.UTF-8"}}));
        {
            Run r(QStringLiteral("auth token extra"));
            QCOMPARE(r.code, int(astro::ExitUsage));
            QCOMPARE(r.stderrText(),
                     QStringLiteral("Error: auth token takes no arguments; use --domain.\n"));
        }
        {
            Run r(QStringLiteral("auth status"), true);
            QCOMPARE(r.code, int(astro::ExitOk));
            QCOMPARE(r.stdoutText(),
                     QStringLiteral("x.io (current context)\n"
                                    "  User:          u@x.io\n"
                                    "  Organization:  -\n"
                                    "  Workspace:     -\n"
                                    "  Token:         expires 2027-01-15T10:00:00Z (in 2 hours)\n"
                                    "  Refresh:       possible (refresh token stored)\n"
                                    "  Stored in:     memory\n"));
        }
        astro::installTranslations(env({{"LANG", "de_DE.UTF-8"}}));
        {
            Run r(QStringLiteral("auth token extra"));
            QCOMPARE(r.code, int(astro::ExitUsage));
            QCOMPARE(
                r.stderrText(),
                QStringLiteral(
                    "Fehler: auth token akzeptiert keine Argumente; verwenden Sie --domain.\n"));
        }
        {
            // The labels are wider in German: the values still start in one column.
            Run r(QStringLiteral("auth status"), true);
            QCOMPARE(r.code, int(astro::ExitOk));
            QCOMPARE(r.stdoutText(),
                     QStringLiteral(
                         "x.io (aktueller Kontext)\n"
                         "  Benutzer:        u@x.io\n"
                         "  Organisation:    -\n"
                         "  Arbeitsbereich:  -\n"
                         "  Token:           läuft ab am 2027-01-15T10:00:00Z (noch 2 Stunden)\n"
                         "  Erneuerung:      möglich (Aktualisierungstoken gespeichert)\n"
                         "  Gespeichert in:  memory\n"));
        }
        astro::installTranslations(env({{"ASTRO_LANG", "ja"}}));
        {
            Run r(QStringLiteral("frobnicate"));
            QCOMPARE(r.stderrText(), QStringLiteral("エラー: 不明なコマンド \"frobnicate\" "
                                                    "です。'astro --help' を実行してください。\n"));
        }
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
