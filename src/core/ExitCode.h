#pragma once

// Documented exit codes of the `astro` executable (see README "Exit codes").
namespace astro {
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,       // generic failure; `auth status` with no usable token
    ExitUsage = 2,         // bad command line
    ExitAuthFailed = 3,    // token rejected, expired, denied, or refresh refused: log in again
    ExitNetwork = 4,       // server unreachable, timed out, or answered nonsense
    ExitStore = 5,         // credential store unusable (no keychain, locked, timeout, unsafe file)
    ExitConfig = 6,        // config.yaml unreadable, corrupt, or locked by another process
    ExitCannotRun = 126,   // auth exec: the command was found but cannot be run
    ExitNotFound = 127,    // auth exec: the command was not found (as shells do)
    ExitInterrupted = 130, // Ctrl-C (SIGINT)
    ExitTerminated = 143,  // SIGTERM
    // Internal, never an exit status: the lean `astro` cannot do this (it talks to a server);
    // the whole command is run again by astro-network.
    ExitHandOver = -2,
};
} // namespace astro
