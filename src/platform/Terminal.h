#pragma once

#include <QString>

namespace astro::platform {

// First thing in main(): SIGPIPE is ignored (a write into a closed pipe fails with EPIPE,
// which is reported, instead of killing astro silently), and a closed stdin, stdout or
// stderr is reopened on /dev/null read-only, so that writes to it fail (and are reported)
// and no file or socket opened later can take its place and receive the output.
void prepareStandardStreams();

bool stdinIsTerminal();
bool stdoutIsTerminal();
bool stderrIsTerminal();
// Reads one line from stdin (without the newline). Returns false at end of input.
bool readStdinLine(QString* out);
// While it exists, what is typed on the terminal on stdin is not echoed (a password or a
// token at a prompt); the Enter still ends the line, once. Does nothing when stdin is no
// terminal.
class EchoOff
{
public:
    EchoOff();
    ~EchoOff();
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    bool m_active = false;
    unsigned long m_saved = 0;
};
// Reads all of stdin (bounded) as UTF-8.
QString readStdinAll(qint64 maxBytes);
// Whether the terminal can show Unicode beyond ASCII (block characters, emoji): not when
// TERM=dumb, nor when the locale's character set is not UTF-8 (LC_ALL=C), nor on a Windows
// console whose code page is not UTF-8. Call after QCoreApplication exists (it sets the
// locale).
bool terminalShowsUnicode();
// The name of the OS keychain QtKeychain uses here.
QString keychainDisplayName();

} // namespace astro::platform
