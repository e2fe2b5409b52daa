// The real stdin line reader (POSIX) on a pipe put in place of fd 0: prompts in a row each get
// their line, and a line arrives as typed (a password may start or end with a blank).
#include "platform/StdinReader.h"

#include <QSignalSpy>
#include <QtTest>
#include <unistd.h>

using namespace astro::platform;

class TestStdinReader : public QObject
{
    Q_OBJECT
private:
    int m_savedStdin = -1;
    int m_writeEnd = -1;

    void write(const QByteArray& bytes)
    {
        QCOMPARE(::write(m_writeEnd, bytes.constData(), size_t(bytes.size())),
                 ssize_t(bytes.size()));
    }
    // The next line one reader delivers (it is then destroyed, as a prompt's reader is).
    static QString nextLine()
    {
        StdinLineReader reader;
        QSignalSpy lines(&reader, &LineReader::lineRead);
        if (!lines.wait(5000))
            return QStringLiteral("<no line>");
        return lines.first().first().toString();
    }

private Q_SLOTS:
    void init()
    {
        int fds[2];
        QVERIFY(::pipe(fds) == 0);
        m_savedStdin = ::dup(0);
        QVERIFY(::dup2(fds[0], 0) == 0);
        ::close(fds[0]);
        m_writeEnd = fds[1];
    }
    void cleanup()
    {
        if (m_writeEnd >= 0)
            ::close(m_writeEnd);
        m_writeEnd = -1;
        ::dup2(m_savedStdin, 0);
        ::close(m_savedStdin);
    }

    void promptsInARowEachGetTheirLine()
    {
        write("local@houston.test\nlocal-password\n");
        QCOMPARE(nextLine(), QStringLiteral("local@houston.test"));
        QCOMPARE(nextLine(), QStringLiteral("local-password"));
    }

    void aLineArrivesAsTypedWithoutItsLineEnd()
    {
        write("  pass word \r\n");
        QCOMPARE(nextLine(), QStringLiteral("  pass word "));
    }

    void theEndOfInputComesAfterTheLastUnterminatedLine()
    {
        write("first\nlast");
        ::close(m_writeEnd);
        m_writeEnd = -1;
        QCOMPARE(nextLine(), QStringLiteral("first"));
        StdinLineReader reader;
        QSignalSpy lines(&reader, &LineReader::lineRead);
        QSignalSpy ended(&reader, &LineReader::endOfInput);
        QVERIFY(ended.wait(5000));
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().first().toString(), QStringLiteral("last"));
    }
};

QTEST_GUILESS_MAIN(TestStdinReader)
#include "tst_stdin_reader.moc"
