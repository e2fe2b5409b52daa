<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AstroPlatform</name>
    <message>
        <source>Cannot reach %1 to %2: %3. Check your network and the domain (%4).</source>
        <translation>%1 ist nicht erreichbar (%2): %3. Prüfen Sie Ihr Netzwerk und die Domain (%4).</translation>
    </message>
    <message>
        <source>The server refused the token while trying to %1 (HTTP %2): it is invalid, expired or revoked. Run &apos;astro login&apos; to authenticate again.</source>
        <translation>Der Server hat das Token abgelehnt (%1, HTTP %2): Es ist ungültig, abgelaufen oder widerrufen. Führen Sie &apos;astro login&apos; aus, um sich erneut anzumelden.</translation>
    </message>
    <message>
        <source>Could not %1: the server answered HTTP %2. Try again or contact Astronomer Support.</source>
        <translation>Fehlgeschlagen (%1): Der Server antwortete mit HTTP %2. Versuchen Sie es erneut oder wenden Sie sich an den Astronomer-Support.</translation>
    </message>
    <message>
        <source>fetch the login configuration of %1</source>
        <translation>Abrufen der Anmeldekonfiguration von %1</translation>
    </message>
    <message>
        <source>The login configuration of %1 is incomplete or unsafe. Try again or contact Astronomer Support.</source>
        <translation>Die Anmeldekonfiguration von %1 ist unvollständig oder unsicher. Versuchen Sie es erneut oder wenden Sie sich an den Astronomer-Support.</translation>
    </message>
    <message>
        <source>call the Astro API (%1)</source>
        <translation>Aufruf der Astro-API (%1)</translation>
    </message>
    <message>
        <source>Could not %1: %2. Nothing was stored. Contact Astronomer Support if this persists.</source>
        <translation>Fehlgeschlagen (%1): %2. Es wurde nichts gespeichert. Wenden Sie sich an den Astronomer-Support, wenn das Problem weiterhin besteht.</translation>
    </message>
</context>
<context>
    <name>Browser</name>
    <message>
        <source>the desktop</source>
        <translation>die Desktop-Umgebung</translation>
    </message>
    <message>
        <source>the default browser</source>
        <translation>der Standardbrowser</translation>
    </message>
</context>
<context>
    <name>BrowserLogin</name>
    <message>
        <source>Could not authorize your device. %1: %2</source>
        <translation>Ihr Gerät konnte nicht autorisiert werden. %1: %2</translation>
    </message>
    <message>
        <source>The login request failed (Qt OAuth error %1).</source>
        <translation>Die Anmeldeanfrage ist fehlgeschlagen (Qt-OAuth-Fehler %1).</translation>
    </message>
    <message>
        <source>The token request failed: invalid_grant. The code expired or was already used; run &apos;astro login&apos; again.</source>
        <translation>Die Token-Anfrage ist fehlgeschlagen: invalid_grant. Der Code ist abgelaufen oder wurde bereits verwendet; führen Sie &apos;astro login&apos; erneut aus.</translation>
    </message>
    <message>
        <source>The code exchange failed: %1</source>
        <translation>Der Austausch des Codes ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>BrowserSession</name>
    <message>
        <source>That address does not belong to this login (%1). Paste the address from the browser window of this login.</source>
        <translation>Diese Adresse gehört nicht zu dieser Anmeldung (%1). Fügen Sie die Adresse aus dem Browserfenster dieser Anmeldung ein.</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Error: cannot run astro-network (%1), which astro needs to talk to the server. Reinstall astro-auth.
</source>
        <translation>Fehler: astro-network kann nicht ausgeführt werden (%1); astro benötigt es, um mit dem Server zu kommunizieren. Installieren Sie astro-auth neu.
</translation>
    </message>
    <message>
        <source>Print the version of astro-auth.</source>
        <translation>Die Version von astro-auth ausgeben.</translation>
    </message>
    <message>
        <source>unknown command &quot;auth %1&quot;.%2 Run &apos;astro auth --help&apos;.</source>
        <translation>unbekannter Befehl &quot;auth %1&quot;.%2 Führen Sie &apos;astro auth --help&apos; aus.</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;.%2 Run &apos;astro --help&apos;.</source>
        <translation>unbekannter Befehl &quot;%1&quot;.%2 Führen Sie &apos;astro --help&apos; aus.</translation>
    </message>
    <message>
        <source>astro-auth: log in to Astro and keep the credentials in the OS keychain.</source>
        <translation>astro-auth: bei Astro anmelden und die Zugangsdaten im Schlüsselbund des Betriebssystems aufbewahren.</translation>
    </message>
    <message>
        <source>Run &apos;astro help &lt;command&gt;&apos; or &apos;astro &lt;command&gt; --help&apos; for the flags of a command.
Environment: ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT, ASTRO_HTTP_TIMEOUT, ASTRO_LOGIN_TIMEOUT (seconds), ASTRO_CALLBACK_PORT,
ASTRO_LANG=de|fr|ja|en.
</source>
        <translation>&apos;astro help &lt;Befehl&gt;&apos; oder &apos;astro &lt;Befehl&gt; --help&apos; zeigt die Optionen eines Befehls.
Umgebung: ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT, ASTRO_HTTP_TIMEOUT, ASTRO_LOGIN_TIMEOUT (Sekunden), ASTRO_CALLBACK_PORT,
ASTRO_LANG=de|fr|ja|en.
</translation>
    </message>
    <message>
        <source>Log in and out, print or hand on a token, show the status</source>
        <translation>An- und abmelden, ein Token ausgeben oder weitergeben, den Status zeigen</translation>
    </message>
    <message>
        <source>Log in (--token-login TOKEN|-|@FILE for pipelines)</source>
        <translation>Anmelden (--token-login TOKEN|-|@FILE für Pipelines)</translation>
    </message>
    <message>
        <source>Revoke the tokens and delete them here</source>
        <translation>Die Tokens widerrufen und hier löschen</translation>
    </message>
    <message>
        <source>Print a valid access token on stdout</source>
        <translation>Ein gültiges Zugriffstoken auf stdout ausgeben</translation>
    </message>
    <message>
        <source>Show who is logged in, and where the secret lives</source>
        <translation>Zeigen, wer angemeldet ist und wo das Geheimnis liegt</translation>
    </message>
    <message>
        <source>Run COMMAND with a fresh token in ASTRO_API_TOKEN</source>
        <translation>COMMAND mit einem frischen Token in ASTRO_API_TOKEN ausführen</translation>
    </message>
    <message>
        <source>Let Docker use docker-credential-astro for Astro&apos;s registry</source>
        <translation>Docker docker-credential-astro für die Registry von Astro verwenden lassen</translation>
    </message>
    <message>
        <source>Shortcut for &apos;auth login&apos;</source>
        <translation>Kurzform für &apos;auth login&apos;</translation>
    </message>
    <message>
        <source>Shortcut for &apos;auth logout&apos;</source>
        <translation>Kurzform für &apos;auth logout&apos;</translation>
    </message>
    <message>
        <source>Manage the contexts (one per domain): list, switch, delete</source>
        <translation>Die Kontexte verwalten (einer pro Domain): auflisten, wechseln, löschen</translation>
    </message>
    <message>
        <source>List the contexts; --names prints only the domains</source>
        <translation>Die Kontexte auflisten; --names gibt nur die Domains aus</translation>
    </message>
    <message>
        <source>Make DOMAIN&apos;s context current</source>
        <translation>Den Kontext von DOMAIN zum aktuellen machen</translation>
    </message>
    <message>
        <source>Delete DOMAIN&apos;s context and its stored credentials</source>
        <translation>Den Kontext von DOMAIN und seine gespeicherten Zugangsdaten löschen</translation>
    </message>
    <message>
        <source>Print a completion script (bash, zsh, fish, powershell)</source>
        <translation>Ein Vervollständigungsskript ausgeben (bash, zsh, fish, powershell)</translation>
    </message>
    <message>
        <source>Print the version</source>
        <translation>Die Version ausgeben</translation>
    </message>
    <message>
        <source>Show the help of a command</source>
        <translation>Die Hilfe eines Befehls zeigen</translation>
    </message>
    <message>
        <source>Usage:
  astro &lt;command&gt; [flags]

Commands:
</source>
        <translation>Aufruf:
  astro &lt;Befehl&gt; [Optionen]

Befehle:
</translation>
    </message>
    <message>
        <source>Log in to Astro, log out, print a token or hand it to another program, or show who is logged in.</source>
        <translation>Bei Astro anmelden, abmelden, ein Token ausgeben oder an ein anderes Programm weitergeben, oder zeigen, wer angemeldet ist.</translation>
    </message>
    <message>
        <source>Manage Astro contexts (one per domain) in config.yaml.</source>
        <translation>Die Astro-Kontexte (einer pro Domain) in config.yaml verwalten.</translation>
    </message>
    <message>
        <source>%1

Usage:
  astro %2 &lt;command&gt; [flags]

Commands:
%3
Run &apos;astro %2 &lt;command&gt; --help&apos; for the flags of a command.
</source>
        <translation>%1

Aufruf:
  astro %2 &lt;Befehl&gt; [Optionen]

Befehle:
%3
&apos;astro %2 &lt;Befehl&gt; --help&apos; zeigt die Optionen eines Befehls.
</translation>
    </message>
    <message>
        <source>unknown command &quot;%1 %2&quot;.%3 Run &apos;astro %1 --help&apos;.</source>
        <translation>unbekannter Befehl &quot;%1 %2&quot;.%3 Führen Sie &apos;astro %1 --help&apos; aus.</translation>
    </message>
</context>
<context>
    <name>CommandSupport</name>
    <message>
        <source>Error: %1
</source>
        <translation>Fehler: %1
</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>kein Token gefunden. Bitte führen Sie &apos;astro login&apos; aus, um sich anzumelden</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Error: %1
Run &apos;astro %2 --help&apos; for usage.
</source>
        <translation>Fehler: %1
&apos;astro %2 --help&apos; zeigt den Aufruf.
</translation>
    </message>
    <message>
        <source>%1

Usage:
  astro %2 %3
</source>
        <translation>%1

Aufruf:
  astro %2 %3
</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>A number and its unit, as in &quot;5 minutes&quot; (%1 the number, %2 the unit).</extracomment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>second</source>
        <translation>Sekunde</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>minute</source>
        <translation>Minute</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>hour</source>
        <translation>Stunde</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <source>[flags]</source>
        <translation>[Optionen]</translation>
    </message>
    <message>
        <source>ASTRO_API_TOKEN must be one token on one line, without line breaks or other control characters. Set it again, or unset it to use the stored login.</source>
        <translation>ASTRO_API_TOKEN muss ein Token in einer Zeile sein, ohne Zeilenumbrüche oder andere Steuerzeichen. Setzen Sie es neu, oder entfernen Sie es, um die gespeicherte Anmeldung zu verwenden.</translation>
    </message>
    <message>
        <source>&apos;astro %1&apos; takes no arguments, not &quot;%2&quot;.</source>
        <translation>&apos;astro %1&apos; erwartet keine Argumente, nicht &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>&apos;astro %1&apos; takes at most %2 argument(s), not %3.</source>
        <translation>&apos;astro %1&apos; erwartet höchstens %2 Argument(e), nicht %3.</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>Meinten Sie %1?</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>%1 needs a domain, not an empty value.</source>
        <translation>%1 braucht eine Domain, keinen leeren Wert.</translation>
    </message>
    <message>
        <source>the %1 argument is empty.</source>
        <translation>das Argument %1 ist leer.</translation>
    </message>
</context>
<context>
    <name>CompletionCommand</name>
    <message>
        <source>Print a shell completion script.

Usage:
  astro completion bash|zsh|fish|powershell

Examples:
  source &lt;(astro completion bash)
  astro completion fish | source
</source>
        <translation>Ein Skript zur Shell-Vervollständigung ausgeben.

Aufruf:
  astro completion bash|zsh|fish|powershell

Beispiele:
  source &lt;(astro completion bash)
  astro completion fish | source
</translation>
    </message>
    <message>
        <source>usage: astro completion bash|zsh|fish|powershell</source>
        <translation>Aufruf: astro completion bash|zsh|fish|powershell</translation>
    </message>
    <message>
        <source>the %1 completion script is missing from this build.</source>
        <translation>das Vervollständigungsskript für %1 fehlt in diesem Build.</translation>
    </message>
</context>
<context>
    <name>Config</name>
    <message>
        <source>the top level is not a mapping</source>
        <translation>die oberste Ebene ist keine Zuordnung (Mapping)</translation>
    </message>
    <message>
        <source>&quot;contexts&quot; is not a mapping</source>
        <translation>&quot;contexts&quot; ist keine Zuordnung (Mapping)</translation>
    </message>
    <message>
        <source>a context is not a mapping</source>
        <translation>ein Kontext ist keine Zuordnung (Mapping)</translation>
    </message>
    <message>
        <source>&quot;context&quot; is not a string</source>
        <translation>&quot;context&quot; ist keine Zeichenkette</translation>
    </message>
    <message>
        <source>%1 is not a valid astro config (%2). It was left unchanged: fix it, or move it away to start afresh.</source>
        <translation>%1 ist keine gültige astro-Konfiguration (%2). Die Datei wurde nicht verändert: Korrigieren Sie sie, oder verschieben Sie sie, um neu zu beginnen.</translation>
    </message>
    <message>
        <source>%1 is larger than 4 MiB; it was left unchanged.</source>
        <translation>%1 ist größer als 4 MiB; die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>a context name is not a string</source>
        <translation>ein Kontextname ist keine Zeichenkette</translation>
    </message>
    <message>
        <source>the key &quot;%1&quot; appears twice</source>
        <translation>der Schlüssel &quot;%1&quot; kommt zweimal vor</translation>
    </message>
    <message>
        <source>%1 is locked by another process (lock file %2). Try again when it has finished.</source>
        <translation>%1 ist von einem anderen Prozess gesperrt (Sperrdatei %2). Versuchen Sie es erneut, wenn er fertig ist.</translation>
    </message>
</context>
<context>
    <name>ContextCommand</name>
    <message>
        <source>Print only the domains, one per line.</source>
        <translation>Nur die Domains ausgeben, eine pro Zeile.</translation>
    </message>
    <message>
        <source>List the contexts; the current one is marked with *.</source>
        <translation>Die Kontexte auflisten; der aktuelle ist mit * markiert.</translation>
    </message>
    <message>
        <source>CONTEXT DOMAIN</source>
        <translation>KONTEXT-DOMAIN</translation>
    </message>
    <message>
        <source>USER</source>
        <translation>BENUTZER</translation>
    </message>
    <message>
        <source>WORKSPACE</source>
        <translation>ARBEITSBEREICH</translation>
    </message>
    <message>
        <source>No contexts yet. Run &apos;astro login DOMAIN&apos; to create one.
</source>
        <translation>Noch keine Kontexte. Führen Sie &apos;astro login DOMAIN&apos; aus, um einen anzulegen.
</translation>
    </message>
    <message>
        <source>The context&apos;s domain.</source>
        <translation>Die Domain des Kontexts.</translation>
    </message>
    <message>
        <source>Make DOMAIN&apos;s context the current one.</source>
        <translation>Den Kontext von DOMAIN zum aktuellen machen.</translation>
    </message>
    <message>
        <source>Delete DOMAIN&apos;s context and its stored credentials.</source>
        <translation>Den Kontext von DOMAIN und seine gespeicherten Zugangsdaten löschen.</translation>
    </message>
    <message>
        <source>context %1 takes one DOMAIN.</source>
        <translation>context %1 erwartet genau eine DOMAIN.</translation>
    </message>
    <message>
        <source>no context for %1. Run &apos;astro context list&apos; to see them, or &apos;astro login %1&apos;.</source>
        <translation>kein Kontext für %1. &apos;astro context list&apos; zeigt die vorhandenen; oder führen Sie &apos;astro login %1&apos; aus.</translation>
    </message>
    <message>
        <source>Switched to the %1 context.
</source>
        <translation>Zum Kontext %1 gewechselt.
</translation>
    </message>
    <message>
        <source>could not delete the credentials of %1: %2; the context was kept.</source>
        <translation>die Zugangsdaten von %1 konnten nicht gelöscht werden: %2; der Kontext wurde behalten.</translation>
    </message>
    <message>
        <source>Successfully deleted context: %1
</source>
        <translation>Kontext erfolgreich gelöscht: %1
</translation>
    </message>
</context>
<context>
    <name>DeviceLogin</name>
    <message>
        <source>this server does not offer the device code login (no device_authorization_endpoint). Use &apos;--login-link&apos; instead.</source>
        <translation>dieser Server bietet keine Anmeldung per Gerätecode an (kein device_authorization_endpoint). Verwenden Sie stattdessen &apos;--login-link&apos;.</translation>
    </message>
    <message>
        <source>Cannot start the device login: %1.</source>
        <translation>Die Geräteanmeldung kann nicht gestartet werden: %1.</translation>
    </message>
    <message>
        <source>The server refused the device login (HTTP %1 %2).</source>
        <translation>Der Server hat die Geräteanmeldung abgelehnt (HTTP %1 %2).</translation>
    </message>
    <message>
        <source>The device login answer is incomplete.</source>
        <translation>Die Antwort zur Geräteanmeldung ist unvollständig.</translation>
    </message>
    <message>
        <source>the code expired before it was approved. Run &apos;astro login --device-code&apos; again.</source>
        <translation>der Code ist abgelaufen, bevor er bestätigt wurde. Führen Sie &apos;astro login --device-code&apos; erneut aus.</translation>
    </message>
    <message>
        <source>the code expired or was already used (invalid_grant). Run &apos;astro login --device-code&apos; again.</source>
        <translation>der Code ist abgelaufen oder wurde bereits verwendet (invalid_grant). Führen Sie &apos;astro login --device-code&apos; erneut aus.</translation>
    </message>
    <message>
        <source>Could not authorize your device. access_denied: %1</source>
        <translation>Ihr Gerät konnte nicht autorisiert werden. access_denied: %1</translation>
    </message>
    <message>
        <source>The device login failed: %1</source>
        <translation>Die Geräteanmeldung ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>DockerCommands</name>
    <message>
        <source>docker-credential-astro: no login for %1. Run &apos;astro login %1&apos;.
</source>
        <translation>docker-credential-astro: keine Anmeldung für %1. Führen Sie &apos;astro login %1&apos; aus.
</translation>
    </message>
    <message>
        <source>Let Docker (and every client that reads its credHelpers) get a fresh Astro token from docker-credential-astro for Astro&apos;s image registries. Adds a credHelpers entry for each REGISTRY (default: the registry of the current context&apos;s domain, or ASTRO_IMAGE_REGISTRY) to Docker&apos;s config.json ($DOCKER_CONFIG, else ~/.docker), keeping everything else in it. No token is written there.</source>
        <translation>Docker (und jeder Client, der dessen credHelpers liest) erhält für die Image-Registries von Astro ein frisches Astro-Token von docker-credential-astro. Fügt für jede REGISTRY (Standard: die Registry der Domain des aktuellen Kontexts, oder ASTRO_IMAGE_REGISTRY) einen credHelpers-Eintrag in Dockers config.json ein ($DOCKER_CONFIG, sonst ~/.docker) und behält alles andere darin bei. Dort wird kein Token geschrieben.</translation>
    </message>
    <message>
        <source>no image registry is known for %1: set ASTRO_IMAGE_REGISTRY=HOST[:PORT] or name the registry.</source>
        <translation>für %1 ist keine Image-Registry bekannt: Setzen Sie ASTRO_IMAGE_REGISTRY=HOST[:PORT] oder nennen Sie die Registry.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a registry (HOST[:PORT]).</source>
        <translation>„%1“ ist keine Registry (HOST[:PORT]).</translation>
    </message>
    <message>
        <source>cannot find Docker&apos;s configuration: set DOCKER_CONFIG or HOME.</source>
        <translation>Dockers Konfiguration ist nicht auffindbar: Setzen Sie DOCKER_CONFIG oder HOME.</translation>
    </message>
    <message>
        <source>%1 is not a JSON object (%2); it was not changed.</source>
        <translation>%1 ist kein JSON-Objekt (%2); die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>cannot create %1.</source>
        <translation>%1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Adding credentials for: %1
Docker configuration file updated: %2
</source>
        <translation>Zugangsdaten hinzugefügt für: %1
Docker-Konfigurationsdatei aktualisiert: %2
</translation>
    </message>
    <message>
        <source>Warning: docker-credential-astro is not on your PATH, where Docker looks for it.
</source>
        <translation>Warnung: docker-credential-astro liegt nicht in Ihrem PATH, wo Docker danach sucht.
</translation>
    </message>
    <message>
        <source>could not refresh the token for %1 (astro-network exited with %2; it said why on stderr).</source>
        <translation>das Token für %1 konnte nicht erneuert werden (astro-network endete mit %2; der Grund steht auf stderr).</translation>
    </message>
    <message>
        <source>docker-credential-astro: %1 is ASTRO_IMAGE_REGISTRY, the registry of the current context, but there is no current context. Run &apos;astro login DOMAIN&apos; (or set ASTRO_DOMAIN) for the domain it serves.
</source>
        <translation>docker-credential-astro: %1 ist ASTRO_IMAGE_REGISTRY, die Registry des aktuellen Kontexts, aber es gibt keinen aktuellen Kontext. Führen Sie &apos;astro login DOMAIN&apos; für die Domain aus, der sie dient (oder setzen Sie ASTRO_DOMAIN).
</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>Invalid domain &quot;%1&quot;. Give a domain such as astronomer.io, or localhost:PORT for a local server.</source>
        <translation>Ungültige Domain &quot;%1&quot;. Geben Sie eine Domain wie astronomer.io an, oder localhost:PORT für einen lokalen Server.</translation>
    </message>
    <message>
        <source>Invalid port in domain &quot;%1&quot;.</source>
        <translation>Ungültiger Port in der Domain &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>A port is only allowed on a local domain (localhost or 127.0.0.1).</source>
        <translation>Ein Port ist nur bei einer lokalen Domain erlaubt (localhost oder 127.0.0.1).</translation>
    </message>
</context>
<context>
    <name>ExecCommand</name>
    <message>
        <source>Domain whose token to pass (default: the current context).</source>
        <translation>Domain, deren Token übergeben wird (Standard: der aktuelle Kontext).</translation>
    </message>
    <message>
        <source>Environment variable that holds the token (default: ASTRO_API_TOKEN).</source>
        <translation>Umgebungsvariable, die das Token enthält (Standard: ASTRO_API_TOKEN).</translation>
    </message>
    <message>
        <source>auth exec needs &apos;--&apos; and a command: astro auth exec [-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]</source>
        <translation>auth exec braucht &apos;--&apos; und einen Befehl: astro auth exec [-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]</translation>
    </message>
    <message>
        <source>Run COMMAND with a fresh access token in the environment variable NAME and the domain in ASTRO_DOMAIN, never on a command line. The token is refreshed first when it is due. Standard input, output and error are COMMAND&apos;s; signals reach it, and astro exits with its exit status.</source>
        <translation>COMMAND mit einem frischen Zugriffstoken in der Umgebungsvariable NAME und der Domain in ASTRO_DOMAIN ausführen, nie auf einer Befehlszeile. Das Token wird zuerst erneuert, wenn es fällig ist. Standardeingabe, -ausgabe und -fehlerausgabe gehören COMMAND; Signale erreichen den Befehl, und astro endet mit dessen Exit-Status.</translation>
    </message>
    <message>
        <source>--env needs a variable name (letters, digits and _, not starting with a digit), not &quot;%1&quot;.</source>
        <translation>--env braucht einen Variablennamen (Buchstaben, Ziffern und _, nicht mit einer Ziffer am Anfang), nicht „%1“.</translation>
    </message>
    <message>
        <source>command not found: %1</source>
        <translation>Befehl nicht gefunden: %1</translation>
    </message>
    <message>
        <source>cannot run %1: %2</source>
        <translation>%1 kann nicht ausgeführt werden: %2</translation>
    </message>
    <message>
        <source>--env %1 would change how the command runs: name another variable.</source>
        <translation>--env %1 würde ändern, wie der Befehl läuft: nennen Sie eine andere Variable.</translation>
    </message>
</context>
<context>
    <name>FallbackStore</name>
    <message>
        <source>Warning: %1 Falling back to a file; set ASTRO_CREDENTIAL_STORE=keychain to refuse this.</source>
        <translation>Warnung: %1 Es wird auf eine Datei ausgewichen; setzen Sie ASTRO_CREDENTIAL_STORE=keychain, um das zu verhindern.</translation>
    </message>
</context>
<context>
    <name>FileStore</name>
    <message>
        <source>file %1</source>
        <translation>Datei %1</translation>
    </message>
    <message>
        <source>Refusing to use %1: other users can read or write it. Run &apos;chmod 600 %1&apos; and log in again to rotate the tokens, or delete it.</source>
        <translation>%1 wird nicht verwendet: Andere Benutzer können die Datei lesen oder schreiben. Führen Sie &apos;chmod 600 %1&apos; aus und melden Sie sich erneut an, um die Tokens zu erneuern, oder löschen Sie die Datei.</translation>
    </message>
    <message>
        <source>%1 is too large to be ours.</source>
        <translation>%1 ist zu groß, um von astro zu stammen.</translation>
    </message>
    <message>
        <source>%1 is corrupt; it was left unchanged. Move it away and log in again.</source>
        <translation>%1 ist beschädigt; die Datei wurde nicht verändert. Verschieben Sie sie und melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The entry for %1 in %2 is corrupt. Log in again.</source>
        <translation>Der Eintrag für %1 in %2 ist beschädigt. Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Warning: credentials were saved in plain text in %1 (mode 0600), because no keychain could be used.</source>
        <translation>Warnung: Die Zugangsdaten wurden im Klartext in %1 gespeichert (Modus 0600), weil kein Schlüsselbund verwendet werden konnte.</translation>
    </message>
    <message>
        <source>%1 is locked by another process.</source>
        <translation>%1 ist von einem anderen Prozess gesperrt.</translation>
    </message>
</context>
<context>
    <name>FreshToken</name>
    <message>
        <source>the token for %1 expired at %2 and cannot be refreshed. Run &apos;astro login %1&apos; to authenticate again.</source>
        <translation>das Token für %1 ist am %2 abgelaufen und kann nicht erneuert werden. Führen Sie &apos;astro login %1&apos; aus, um sich erneut anzumelden.</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>kein Token gefunden. Bitte führen Sie &apos;astro login&apos; aus, um sich anzumelden</translation>
    </message>
    <message>
        <source>the token for %1 was refreshed, but it could not be saved (%2 tries): %3
The stored login still works: fix the cause above and try again.</source>
        <translation>das Token für %1 wurde erneuert, konnte aber nicht gespeichert werden (%2 Versuche): %3
Die gespeicherte Anmeldung funktioniert weiterhin: Beheben Sie die oben genannte Ursache und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>the token for %1 was refreshed, but the new tokens could not be saved (%2 tries): %3
The server has replaced the refresh token, so the stored one no longer works: the login for %1 is lost. Fix the cause above, then run &apos;astro login %1&apos;.</source>
        <translation>das Token für %1 wurde erneuert, aber die neuen Tokens konnten nicht gespeichert werden (%2 Versuche): %3
Der Server hat das Aktualisierungstoken ersetzt, daher funktioniert das gespeicherte nicht mehr: Die Anmeldung für %1 ist verloren. Beheben Sie die oben genannte Ursache und führen Sie dann &apos;astro login %1&apos; aus.</translation>
    </message>
    <message>
        <source>another astro process has been refreshing, logging in to or out of %1 for %2 s (lock %3). Try again.</source>
        <translation>ein anderer astro-Prozess aktualisiert seit %2 s das Token für %1 oder meldet sich dort an oder ab (Sperre %3). Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Waiting for another astro process, which is refreshing, logging in to or out of %1 (lock %2).%3
</source>
        <translation>Warte auf einen anderen astro-Prozess, der %1 erneuert, sich dort anmeldet oder abmeldet (Sperre %2).%3
</translation>
    </message>
    <message>
        <source>Your token has expired. Please log in again: run &apos;%1&apos; (APC tokens cannot be refreshed; this one expired at %2).</source>
        <translation>Ihr Token ist abgelaufen. Bitte melden Sie sich erneut an: Führen Sie &apos;%1&apos; aus (APC-Tokens können nicht erneuert werden; dieses ist um %2 abgelaufen).</translation>
    </message>
    <message>
        <source>Warning: could not refresh the token for %1: %2
Using the current token, which expires in %3 (at %4).
</source>
        <translation>Warnung: Das Token für %1 konnte nicht erneuert werden: %2
Das aktuelle Token wird verwendet; es läuft in %3 ab (um %4).
</translation>
    </message>
    <message>
        <source>another astro process tried just now and could not reach the server.</source>
        <translation>ein anderer astro-Prozess hat es gerade versucht und den Server nicht erreicht.</translation>
    </message>
</context>
<context>
    <name>GuiLauncher</name>
    <message>
        <source>neither DISPLAY nor WAYLAND_DISPLAY is set</source>
        <translation>weder DISPLAY noch WAYLAND_DISPLAY ist gesetzt</translation>
    </message>
    <message>
        <source>Error: the login window (astro-gui) is not installed with this astro. Run &apos;astro login&apos; in a terminal instead.
</source>
        <translation>Fehler: Das Anmeldefenster (astro-gui) ist mit diesem astro nicht installiert. Führen Sie stattdessen &apos;astro login&apos; in einem Terminal aus.
</translation>
    </message>
    <message>
        <source>Error: could not start the login window (astro-gui).
</source>
        <translation>Fehler: Das Anmeldefenster (astro-gui) konnte nicht gestartet werden.
</translation>
    </message>
    <message>
        <source>the X display %1 does not answer</source>
        <translation>das X-Display %1 antwortet nicht</translation>
    </message>
    <message>
        <source>the Wayland display %1 does not answer</source>
        <translation>das Wayland-Display %1 antwortet nicht</translation>
    </message>
    <message>
        <source>QT_QPA_PLATFORM=%1 needs a display that is not set</source>
        <translation>QT_QPA_PLATFORM=%1 braucht ein Display, das nicht gesetzt ist</translation>
    </message>
</context>
<context>
    <name>GuiMain</name>
    <message>
        <source>The Astro CLI&apos;s login window (astro login --gui).

Usage:
  astro-gui [DOMAIN] [flags]
</source>
        <translation>Das Anmeldefenster der Astro CLI (astro login --gui).

Aufruf:
  astro-gui [DOMAIN] [Optionen]
</translation>
    </message>
    <message>
        <source>the login window logs in with the browser (or a pasted address or token); for another way, run &apos;astro login&apos; in a terminal.</source>
        <translation>das Anmeldefenster meldet mit dem Browser an (oder mit einer eingefügten Adresse oder einem Token); für einen anderen Weg führen Sie &apos;astro login&apos; in einem Terminal aus.</translation>
    </message>
    <message>
        <source>the login window needs a display (%1). Run &apos;astro login&apos; in a terminal instead, or &apos;astro login --login-link&apos;.</source>
        <translation>das Anmeldefenster braucht eine Anzeige (%1). Führen Sie stattdessen &apos;astro login&apos; in einem Terminal aus, oder &apos;astro login --login-link&apos;.</translation>
    </message>
    <message>
        <source>Astro Login</source>
        <translation>Astro-Anmeldung</translation>
    </message>
</context>
<context>
    <name>Headless</name>
    <message>
        <source>this is an SSH session</source>
        <translation>dies ist eine SSH-Sitzung</translation>
    </message>
    <message>
        <source>this is a CI environment</source>
        <translation>dies ist eine CI-Umgebung</translation>
    </message>
    <message>
        <source>this is a container</source>
        <translation>dies ist ein Container</translation>
    </message>
    <message>
        <source>this is WSL with no way to open a Windows browser (install wslu for wslview)</source>
        <translation>dies ist WSL ohne Möglichkeit, einen Windows-Browser zu öffnen (installieren Sie wslu für wslview)</translation>
    </message>
    <message>
        <source>there is no display (DISPLAY and WAYLAND_DISPLAY are not set)</source>
        <translation>es gibt keine Anzeige (DISPLAY und WAYLAND_DISPLAY sind nicht gesetzt)</translation>
    </message>
</context>
<context>
    <name>Houston</name>
    <message>
        <source>Could not %1: Houston at %2 answered &quot;%3&quot;.</source>
        <translation>Fehlgeschlagen (%1): Houston unter %2 antwortete „%3“.</translation>
    </message>
    <message>
        <source>Could not %1: %2. Nothing was stored. Contact your Astro Private Cloud administrator if this persists.</source>
        <translation>Fehlgeschlagen (%1): %2. Es wurde nichts gespeichert. Wenden Sie sich an Ihre Astro-Private-Cloud-Administration, wenn das Problem weiterhin besteht.</translation>
    </message>
    <message>
        <source>Cannot reach Houston at %1 to %2: %3. Check your network and the domain (%4).</source>
        <translation>Houston unter %1 ist nicht erreichbar (%2): %3. Prüfen Sie Ihr Netzwerk und die Domain (%4).</translation>
    </message>
    <message>
        <source>Could not %1: Houston at %2 answered HTTP %3. Try again or contact your Astro Private Cloud administrator.</source>
        <translation>Fehlgeschlagen (%1): Houston unter %2 antwortete mit HTTP %3. Versuchen Sie es erneut oder wenden Sie sich an Ihre Astro-Private-Cloud-Administration.</translation>
    </message>
    <message>
        <source>Could not %1: Houston at %2 answered something that is not a GraphQL answer. Check the domain (%3).</source>
        <translation>Fehlgeschlagen (%1): Die Antwort von Houston unter %2 ist keine GraphQL-Antwort. Prüfen Sie die Domain (%3).</translation>
    </message>
    <message>
        <source>fetch the login configuration</source>
        <translation>Abrufen der Anmeldekonfiguration</translation>
    </message>
    <message>
        <source>log in with a password</source>
        <translation>Anmeldung mit Passwort</translation>
    </message>
    <message>
        <source>local auth login failed: %1</source>
        <translation>Lokale Anmeldung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>local auth login failed: Houston at %1 returned no usable token.</source>
        <translation>Lokale Anmeldung fehlgeschlagen: Houston unter %1 hat kein verwendbares Token geliefert.</translation>
    </message>
    <message>
        <source>check the token</source>
        <translation>Prüfen des Tokens</translation>
    </message>
    <message>
        <source>fetch Houston&apos;s version</source>
        <translation>Abrufen der Houston-Version</translation>
    </message>
    <message>
        <source>list the workspaces</source>
        <translation>die Arbeitsbereiche auflisten</translation>
    </message>
    <message>
        <source>Your token has expired. Please log in again: run &apos;%1&apos;.</source>
        <translation>Ihr Token ist abgelaufen. Bitte melden Sie sich erneut an: Führen Sie &apos;%1&apos; aus.</translation>
    </message>
    <message>
        <source>Houston at %1 did not accept the token: it is not valid there, or it was revoked. Please log in again: run &apos;%2&apos;.</source>
        <translation>Houston unter %1 hat das Token nicht akzeptiert: es ist dort nicht gültig, oder es wurde widerrufen. Bitte melden Sie sich erneut an: Führen Sie &apos;%2&apos; aus.</translation>
    </message>
    <message>
        <source>The token is malformed: a Houston token is a JWT (three parts separated by dots, on one line). Copy it again from %1.</source>
        <translation>Das Token ist fehlerhaft: ein Houston-Token ist ein JWT (drei durch Punkte getrennte Teile, auf einer Zeile). Kopieren Sie es erneut von %1.</translation>
    </message>
</context>
<context>
    <name>Http</name>
    <message>
        <source>no answer from %1 within %2 s</source>
        <translation>keine Antwort von %1 innerhalb von %2 s</translation>
    </message>
    <message>
        <source>the answer from %1 is larger than %2 KiB; it was cut off</source>
        <translation>die Antwort von %1 ist größer als %2 KiB; sie wurde abgeschnitten</translation>
    </message>
    <message>
        <source>%1 answered with a redirect (HTTP %2) to %3; astro follows no redirects, so nothing was sent there</source>
        <translation>%1 hat mit einer Weiterleitung (HTTP %2) nach %3 geantwortet; astro folgt keinen Weiterleitungen, daher wurde dorthin nichts gesendet</translation>
    </message>
    <message>
        <source> (through the proxy %1)</source>
        <translation> (über den Proxy %1)</translation>
    </message>
    <message>
        <source>%1. Fix or unset that variable</source>
        <translation>%1. Korrigieren Sie diese Variable oder entfernen Sie sie</translation>
    </message>
    <message>
        <source>the proxy %1 refused the connection</source>
        <translation>der Proxy %1 hat die Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>the proxy %1 closed the connection (does it allow CONNECT to %2?)</source>
        <translation>der Proxy %1 hat die Verbindung geschlossen (erlaubt er CONNECT zu %2?)</translation>
    </message>
    <message>
        <source>the proxy %1 was not found</source>
        <translation>der Proxy %1 wurde nicht gefunden</translation>
    </message>
    <message>
        <source>the proxy %1 did not answer in time</source>
        <translation>der Proxy %1 hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>the proxy %1 needs a user name and password: give them in the variable as http://USER:PASSWORD@HOST:PORT, or ask your network administrator</source>
        <translation>der Proxy %1 verlangt einen Benutzernamen und ein Passwort: Geben Sie sie in der Variablen als http://USER:PASSWORD@HOST:PORT an, oder fragen Sie Ihren Netzwerkadministrator</translation>
    </message>
    <message>
        <source>the proxy %1 failed: %2</source>
        <translation>der Proxy %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>the TLS certificate of %1 is signed by a certificate authority this machine does not trust. If your network uses its own CA, set ASTRO_CA_FILE to its PEM bundle (or SSL_CERT_FILE for all of them)</source>
        <translation>das TLS-Zertifikat von %1 ist von einer Zertifizierungsstelle signiert, der dieser Rechner nicht vertraut. Wenn Ihr Netzwerk eine eigene Zertifizierungsstelle verwendet, setzen Sie ASTRO_CA_FILE auf deren PEM-Bundle (oder SSL_CERT_FILE auf ein Bundle mit allen Zertifizierungsstellen, denen vertraut werden soll)</translation>
    </message>
    <message>
        <source>the TLS certificate of %1 has expired or is not valid yet (is the system clock right?)</source>
        <translation>das TLS-Zertifikat von %1 ist abgelaufen oder noch nicht gültig (geht die Systemuhr richtig?)</translation>
    </message>
    <message>
        <source>the TLS certificate presented for %1 is for another name (an intercepting proxy, or a wrong address?)</source>
        <translation>das für %1 vorgelegte TLS-Zertifikat gilt für einen anderen Namen (ein abfangender Proxy, oder eine falsche Adresse?)</translation>
    </message>
    <message>
        <source>TLS with %1 failed: %2</source>
        <translation>TLS mit %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>the proxy %1 did not accept the user name and password given in the variable: check them, or ask your network administrator</source>
        <translation>der Proxy %1 hat den Benutzernamen und das Passwort aus der Variable nicht akzeptiert: prüfen Sie sie, oder fragen Sie Ihre Netzwerkadministration</translation>
    </message>
    <message>
        <source>the proxy %1 failed: %2 (check the user name and password given in the variable)</source>
        <translation>der Proxy %1 ist gescheitert: %2 (prüfen Sie den Benutzernamen und das Passwort aus der Variable)</translation>
    </message>
</context>
<context>
    <name>IdentityProvider</name>
    <message>
        <source>reach the identity provider</source>
        <translation>Erreichen des Identitätsanbieters</translation>
    </message>
    <message>
        <source>The identity provider of %1 names itself &quot;%2&quot;, not &quot;%3&quot; as the login configuration says; refusing to log in there (RFC 8414). Contact Astronomer Support.</source>
        <translation>Der Identitätsanbieter von %1 nennt sich „%2“, nicht „%3“, wie es die Anmeldekonfiguration angibt; dort wird keine Anmeldung durchgeführt (RFC 8414). Wenden Sie sich an den Astronomer-Support.</translation>
    </message>
    <message>
        <source>The identity provider of %1 advertises an endpoint that is not https (%2); refusing to send credentials to it.</source>
        <translation>Der Identitätsanbieter von %1 nennt einen Endpunkt ohne https (%2); dorthin werden keine Zugangsdaten gesendet.</translation>
    </message>
    <message>
        <source>retrieve the user&apos;s identity</source>
        <translation>Abrufen der Identität des Benutzers</translation>
    </message>
    <message>
        <source>cannot retrieve email: the identity provider returned no email for this token.</source>
        <translation>E-Mail-Adresse nicht abrufbar: Der Identitätsanbieter hat für dieses Token keine E-Mail-Adresse geliefert.</translation>
    </message>
    <message>
        <source>the server offers no revocation endpoint</source>
        <translation>der Server bietet keinen Endpunkt zum Widerrufen an</translation>
    </message>
</context>
<context>
    <name>Interrupt</name>
    <message>
        <source>Interrupted; astro stopped.
</source>
        <translation>Abgebrochen; astro wurde beendet.
</translation>
    </message>
</context>
<context>
    <name>KeychainStore</name>
    <message>
        <source>%1 (service %2)</source>
        <translation>%1 (Dienst %2)</translation>
    </message>
    <message>
        <source>The %1 did not answer within %2 s (is it locked, or waiting for a password prompt?). Set ASTRO_KEYCHAIN_TIMEOUT to wait longer.</source>
        <translation>%1: keine Antwort innerhalb von %2 s (gesperrt, oder wartet auf eine Passwortabfrage?). Setzen Sie ASTRO_KEYCHAIN_TIMEOUT, um länger zu warten.</translation>
    </message>
    <message>
        <source>The %1 refused access (%2). Unlock it and try again.</source>
        <translation>%1: Zugriff verweigert (%2). Heben Sie die Sperre auf und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The %1 is not available (%2).%3</source>
        <translation>%1 ist nicht verfügbar (%2).%3</translation>
    </message>
    <message>
        <source>The %1 is locked, so its items cannot be read. Unlock it (log in to your desktop session, or unlock the keyring) and try again.</source>
        <translation>%1 ist gesperrt; die Einträge können nicht gelesen werden. Heben Sie die Sperre auf (melden Sie sich an Ihrer Desktop-Sitzung an, oder entsperren Sie den Schlüsselbund) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The %1 entry for %2 is not an astro-auth credential. Log in again.</source>
        <translation>Der Eintrag für %2 (%1) enthält keine Zugangsdaten von astro-auth. Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The tokens are %1 bytes, more than a keychain item may hold (%2).</source>
        <translation>Die Tokens sind %1 Byte groß, mehr als ein Schlüsselbund-Eintrag aufnehmen kann (%2).</translation>
    </message>
    <message>
        <source>The %1 failed (%2).</source>
        <translation>%1: Vorgang fehlgeschlagen (%2).</translation>
    </message>
</context>
<context>
    <name>LoginCommand</name>
    <message>
        <source>
No default workspace detected, you can list workspaces with 
	astro workspace list
and set your default workspace with 
	astro workspace switch [WORKSPACEID]

</source>
        <translation>
Kein Standard-Arbeitsbereich gefunden. Arbeitsbereiche auflisten mit 
	astro workspace list
und den Standard-Arbeitsbereich festlegen mit 
	astro workspace switch [WORKSPACEID]

</translation>
    </message>
    <message>
        <source>Ignored a request to the login listener: %1.
</source>
        <translation>Eine Anfrage an den Anmelde-Listener wurde ignoriert: %1.
</translation>
    </message>
    <message>
        <source>Login received; finishing…
</source>
        <translation>Anmeldung empfangen; wird abgeschlossen…
</translation>
    </message>
    <message>
        <source>
Please visit the following link on a device with a browser: %1

</source>
        <translation>
Bitte öffnen Sie den folgenden Link auf einem Gerät mit Browser: %1

</translation>
    </message>
    <message>
        <source>After you log in, the browser goes to a localhost address that may not load on that device. Paste that whole address here (or a token) and press Enter:
&gt; </source>
        <translation>Nach der Anmeldung öffnet der Browser eine localhost-Adresse, die auf jenem Gerät womöglich nicht lädt. Fügen Sie diese vollständige Adresse (oder ein Token) hier ein und drücken Sie die Eingabetaste:
&gt; </translation>
    </message>
    <message>
        <source>Paste the address (or a token):
&gt; </source>
        <translation>Adresse (oder Token) einfügen:
&gt; </translation>
    </message>
    <message>
        <source>
Press Enter to open the browser to log in or ^C to quit…</source>
        <translation>
Drücken Sie die Eingabetaste, um den Browser zur Anmeldung zu öffnen, oder ^C zum Beenden…</translation>
    </message>
    <message>
        <source>
Unable to open the URL, please visit the following link: %1

</source>
        <translation>
Die URL kann nicht geöffnet werden, bitte öffnen Sie den folgenden Link: %1

</translation>
    </message>
    <message>
        <source>Waiting for login to complete in browser… (up to %1 s, ^C to cancel)
</source>
        <translation>Warten auf den Abschluss der Anmeldung im Browser… (bis zu %1 s, ^C zum Abbrechen)
</translation>
    </message>
    <message>
        <source>Ignored %1 requests to the login listener in all.
</source>
        <translation>Insgesamt %1 Anfragen an den Anmelde-Listener ignoriert.
</translation>
    </message>
    <message>
        <source>the operation has timed out: no login arrived within %1 s. Run &apos;astro login&apos; again, or use &apos;--token-login&apos;.</source>
        <translation>Zeitüberschreitung: innerhalb von %1 s kam keine Anmeldung an. Führen Sie &apos;astro login&apos; erneut aus oder verwenden Sie &apos;--token-login&apos;.</translation>
    </message>
    <message>
        <source>Logging in as %1
</source>
        <translation>Anmeldung als %1
</translation>
    </message>
    <message>
        <source>
Using the &quot;%1&quot; Organization.
</source>
        <translation>
Organisation „%1“ wird verwendet.
</translation>
    </message>
    <message>
        <source>
&quot;%1&quot; Workspace found. This is your default Workspace.
</source>
        <translation>
Arbeitsbereich „%1“ gefunden. Dies ist Ihr Standard-Arbeitsbereich.
</translation>
    </message>
    <message>
        <source>
Successfully authenticated to Astronomer
</source>
        <translation>
Erfolgreich bei Astronomer angemeldet
</translation>
    </message>
    <message>
        <source>
To log in, open %1 on any device and enter the code:

    %2

</source>
        <translation>
Öffnen Sie zum Anmelden %1 auf einem beliebigen Gerät und geben Sie den Code ein:

    %2

</translation>
    </message>
    <message>
        <source>Or open this address, which carries the code: %1
</source>
        <translation>Oder öffnen Sie diese Adresse, die den Code bereits enthält: %1
</translation>
    </message>
    <message>
        <source>Only enter a code that you started yourself. Waiting for approval… (the code expires in %1, ^C to cancel)
</source>
        <translation>Geben Sie nur einen Code ein, den Sie selbst angefordert haben. Warten auf Bestätigung… (der Code läuft in %1 ab, ^C zum Abbrechen)
</translation>
    </message>
    <message>
        <source>The server asked to poll more slowly: every %1 s now.
</source>
        <translation>Der Server bat um langsamere Abfragen: jetzt alle %1 s.
</translation>
    </message>
    <message>
        <source>Log in to Astro in your browser (or with --token-login). Credentials are kept in the OS keychain.</source>
        <translation>Im Browser bei Astro anmelden (oder mit --token-login). Die Zugangsdaten werden im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>You are logging into Astro via an OAuth token
This token will expire in %1%2 and will not refresh
</source>
        <translation>Sie melden sich mit einem OAuth-Token bei Astro an
Dieses Token läuft in %1%2 ab und wird nicht erneuert
</translation>
    </message>
    <message>
        <source> (assumed: the token carries no expiry)</source>
        <translation> (angenommen: das Token enthält kein Ablaufdatum)</translation>
    </message>
    <message>
        <source>No browser can be opened here: %1. Showing a link instead (use --browser to try anyway%2).
</source>
        <translation>Hier kann kein Browser geöffnet werden: %1. Stattdessen wird ein Link angezeigt (mit --browser trotzdem versuchen%2).
</translation>
    </message>
    <message>
        <source>, or --device-code to log in with a code</source>
        <translation>, oder --device-code für eine Anmeldung mit Code</translation>
    </message>
    <message>
        <source>
If the browser did not open, please visit the following link: %1

</source>
        <translation>
Falls sich der Browser nicht geöffnet hat, öffnen Sie bitte den folgenden Link: %1

</translation>
    </message>
    <message>
        <source>Warning: you are logging in as %1, but the last login to %2 was as %3. If that is not the account you meant, run &apos;astro logout&apos; and log in again.
</source>
        <translation>Warnung: Sie melden sich als %1 an, die letzte Anmeldung bei %2 war jedoch als %3. Wenn das nicht das gewünschte Konto ist, führen Sie &apos;astro logout&apos; aus und melden Sie sich erneut an.
</translation>
    </message>
    <message>
        <source>The login listener could not start on port %1, so the browser cannot hand the login back by itself. Go on with the paste below.
</source>
        <translation>Der Anmelde-Listener konnte auf Port %1 nicht starten, daher kann der Browser die Anmeldung nicht selbst zurückgeben. Fahren Sie mit dem Einfügen unten fort.
</translation>
    </message>
    <message>
        <source>the login window needs a display (%1). Log in here without --gui, or with --login-link.</source>
        <translation>das Anmeldefenster braucht eine Anzeige (%1). Melden Sie sich hier ohne --gui an, oder mit --login-link.</translation>
    </message>
    <message>
        <source>the login window is not available here.</source>
        <translation>das Anmeldefenster ist hier nicht verfügbar.</translation>
    </message>
    <message>
        <source>Astro Private Cloud offers no device-code login. Log in with a username and password, with --oauth, or with --token-login.</source>
        <translation>Astro Private Cloud bietet keine Anmeldung per Gerätecode. Melden Sie sich mit Benutzername und Passwort, mit --oauth oder mit --token-login an.</translation>
    </message>
    <message>
        <source>cannot authenticate, oauth is disabled. Log in with a username and password, or with --token-login.</source>
        <translation>Authentifizierung nicht möglich, OAuth ist deaktiviert. Melden Sie sich mit Benutzername und Passwort oder mit --token-login an.</translation>
    </message>
    <message>
        <source>cannot authenticate, oauth is disabled (and so is local authentication at %1). Ask your Astro Private Cloud administrator, or log in with --token-login.</source>
        <translation>Authentifizierung nicht möglich, OAuth ist deaktiviert (und die lokale Authentifizierung bei %1 auch). Fragen Sie Ihren Astro-Private-Cloud-Administrator, oder melden Sie sich mit --token-login an.</translation>
    </message>
    <message>
        <source>Local authentication (username and password) is disabled at %1: log in with OAuth.
</source>
        <translation>Die lokale Authentifizierung (Benutzername und Passwort) ist bei %1 deaktiviert: Melden Sie sich mit OAuth an.
</translation>
    </message>
    <message>
        <source>Username (leave blank for oAuth): </source>
        <translation>Benutzername (leer lassen für oAuth): </translation>
    </message>
    <message>
        <source>Password: </source>
        <translation>Passwort: </translation>
    </message>
    <message>
        <source>
Please visit the following URL, authenticate and paste token in next prompt
%1

</source>
        <translation>
Bitte öffnen Sie die folgende URL, authentifizieren Sie sich und fügen Sie das Token bei der nächsten Eingabeaufforderung ein
%1

</translation>
    </message>
    <message>
        <source>oAuth Token: </source>
        <translation>oAuth-Token: </translation>
    </message>
    <message>
        <source>This Astro Private Cloud token will expire in %1 and will not refresh
</source>
        <translation>Dieses Astro-Private-Cloud-Token läuft in %1 ab und wird nicht erneuert
</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>unbekannter Zeit</translation>
    </message>
    <message>
        <source>
You are not a member of any Workspace yet. Ask a Workspace admin to add you, or create one with 
	astro workspace create

</source>
        <translation>
Sie sind noch Mitglied keines Arbeitsbereichs. Bitten Sie einen Arbeitsbereich-Administrator, Sie hinzuzufügen, oder erstellen Sie einen mit 
	astro workspace create

</translation>
    </message>
    <message>
        <source>--apc is for a local domain (localhost or 127.0.0.1); %1 is an Astro domain.</source>
        <translation>--apc gilt für eine lokale Domain (localhost oder 127.0.0.1); %1 ist eine Astro-Domain.</translation>
    </message>
    <message>
        <source>--oauth is for Astro Private Cloud; %1 is an Astro domain (use --apc for a local Astro Private Cloud).</source>
        <translation>--oauth gilt für Astro Private Cloud; %1 ist eine Astro-Domain (verwenden Sie --apc für eine lokale Astro Private Cloud).</translation>
    </message>
    <message>
        <source>the login window logs in to Astro only; log in to Astro Private Cloud (%1) here, without --gui.</source>
        <translation>das Anmeldefenster meldet nur bei Astro an; melden Sie sich bei Astro Private Cloud (%1) hier an, ohne --gui.</translation>
    </message>
    <message>
        <source>Welcome to the Astro CLI%1
To learn more about Astro, go to https://www.astronomer.io/docs
</source>
        <translation>Willkommen bei der Astro CLI%1
Mehr über Astro erfahren Sie unter https://www.astronomer.io/docs
</translation>
    </message>
    <message>
        <source>Port %1 on localhost is already in use, so the login callback cannot be received, and without a terminal the address cannot be pasted instead. Run it in a terminal, or use &apos;--callback-port 0&apos; for any free port.</source>
        <translation>Port %1 auf localhost ist bereits belegt, daher kann der Anmelde-Callback nicht empfangen werden, und ohne Terminal kann die Adresse auch nicht eingefügt werden. Führen Sie den Befehl in einem Terminal aus, oder verwenden Sie &apos;--callback-port 0&apos; für einen beliebigen freien Port.</translation>
    </message>
</context>
<context>
    <name>LoginOptions</name>
    <message>
        <source>Log in with an access token instead of a browser. TOKEN is the token, &apos;-&apos; to read it from stdin, or &apos;@FILE&apos;.</source>
        <translation>Mit einem Zugriffstoken statt mit einem Browser anmelden. TOKEN ist das Token, &apos;-&apos; liest es von stdin, &apos;@FILE&apos; aus einer Datei.</translation>
    </message>
    <message>
        <source>Port of the local login callback (default 12345, or $ASTRO_CALLBACK_PORT; 0 = any free port).</source>
        <translation>Port des lokalen Anmelde-Callbacks (Standard 12345 oder $ASTRO_CALLBACK_PORT; 0 = beliebiger freier Port).</translation>
    </message>
    <message>
        <source>Seconds to wait for the browser login, 1 to 86400 (default 300, or $ASTRO_LOGIN_TIMEOUT).</source>
        <translation>Sekunden, die auf die Browser-Anmeldung gewartet wird, 1 bis 86400 (Standard 300 oder $ASTRO_LOGIN_TIMEOUT).</translation>
    </message>
    <message>
        <source>Print the login link for a browser on any device instead of opening one; then paste the address it ended on (or a token).</source>
        <translation>Den Anmeldelink für einen Browser auf einem beliebigen Gerät ausgeben, statt einen zu öffnen; danach die Adresse einfügen, auf der er endete (oder ein Token).</translation>
    </message>
    <message>
        <source>Log in with a code entered on another device (RFC 8628), where the server offers it.</source>
        <translation>Mit einem Code anmelden, der auf einem anderen Gerät eingegeben wird (RFC 8628), sofern der Server das anbietet.</translation>
    </message>
    <message>
        <source>Open a browser even where none seems available.</source>
        <translation>Einen Browser öffnen, auch wenn keiner verfügbar scheint.</translation>
    </message>
    <message>
        <source>Never open a browser (as --login-link).</source>
        <translation>Nie einen Browser öffnen (wie --login-link).</translation>
    </message>
    <message>
        <source>Log in in a window (needs a display).</source>
        <translation>In einem Fenster anmelden (braucht eine Anzeige).</translation>
    </message>
    <message>
        <source>Astro domain to log in to (default: the current context, else astronomer.io).</source>
        <translation>Astro-Domain für die Anmeldung (Standard: der aktuelle Kontext, sonst astronomer.io).</translation>
    </message>
    <message>
        <source>%1 must be a port number from 0 to 65535, not &quot;%2&quot;.</source>
        <translation>%1 muss eine Portnummer von 0 bis 65535 sein, nicht &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>%1 must be a number of seconds from 1 to 86400, not &quot;%2&quot;.</source>
        <translation>%1 muss eine Anzahl Sekunden von 1 bis 86400 sein, nicht &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>login takes at most one DOMAIN, not %1 arguments.</source>
        <translation>login nimmt höchstens eine DOMAIN, nicht %1 Argumente.</translation>
    </message>
    <message>
        <source>the DOMAIN argument is empty.</source>
        <translation>das Argument DOMAIN ist leer.</translation>
    </message>
    <message>
        <source>choose one way to log in: --token-login, --device-code, --login-link/--no-browser or --browser.</source>
        <translation>wählen Sie eine Anmeldeart: --token-login, --device-code, --login-link/--no-browser oder --browser.</translation>
    </message>
    <message>
        <source>--token-login needs a TOKEN, &apos;-&apos; (stdin) or &apos;@FILE&apos;.</source>
        <translation>--token-login braucht ein TOKEN, &apos;-&apos; (stdin) oder &apos;@FILE&apos;.</translation>
    </message>
    <message>
        <source>--token-login @FILE needs a file name after &apos;@&apos;.</source>
        <translation>--token-login @FILE braucht einen Dateinamen nach &apos;@&apos;.</translation>
    </message>
    <message>
        <source>--gui logs in with the browser: it cannot be combined with --token-login or --device-code.</source>
        <translation>--gui meldet mit dem Browser an: es kann nicht mit --token-login oder --device-code kombiniert werden.</translation>
    </message>
    <message>
        <source>Log in to Astro Private Cloud (Houston) at a local DOMAIN (localhost or 127.0.0.1); other domains are recognised by name.</source>
        <translation>Bei Astro Private Cloud (Houston) unter einer lokalen DOMAIN (localhost oder 127.0.0.1) anmelden; andere Domains werden am Namen erkannt.</translation>
    </message>
    <message>
        <source>Astro Private Cloud: do not prompt for a username and password; paste an OAuth token from the token page.</source>
        <translation>Astro Private Cloud: nicht nach Benutzername und Passwort fragen; ein OAuth-Token von der Token-Seite einfügen.</translation>
    </message>
    <message>
        <source>--oauth asks for a pasted OAuth token: it cannot be combined with --token-login or --device-code.</source>
        <translation>--oauth fragt nach einem eingefügten OAuth-Token: Es lässt sich nicht mit --token-login oder --device-code kombinieren.</translation>
    </message>
</context>
<context>
    <name>LoginPages</name>
    <message>
        <source>Login successful</source>
        <translation>Anmeldung erfolgreich</translation>
    </message>
    <message>
        <source>You are logged in</source>
        <translation>Sie sind angemeldet</translation>
    </message>
    <message>
        <source>The Astro CLI received your login.</source>
        <translation>Die Astro CLI hat Ihre Anmeldung erhalten.</translation>
    </message>
    <message>
        <source>You can close this window and return to the terminal.</source>
        <translation>Sie können dieses Fenster schließen und zum Terminal zurückkehren.</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <source>The Astro CLI could not complete the login.</source>
        <translation>Die Astro CLI konnte die Anmeldung nicht abschließen.</translation>
    </message>
    <message>
        <source>Return to the terminal to see why, then try again.</source>
        <translation>Kehren Sie zum Terminal zurück, um den Grund zu sehen, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Unexpected request</source>
        <translation>Unerwartete Anfrage</translation>
    </message>
    <message>
        <source>This request was not expected</source>
        <translation>Diese Anfrage wurde nicht erwartet</translation>
    </message>
    <message>
        <source>It does not belong to the login the Astro CLI is waiting for, so it was ignored.</source>
        <translation>Sie gehört nicht zu der Anmeldung, auf die die Astro CLI wartet, und wurde daher ignoriert.</translation>
    </message>
    <message>
        <source>If you are logging in, finish in the browser window the CLI opened, or return to the terminal.</source>
        <translation>Wenn Sie sich gerade anmelden, schließen Sie die Anmeldung in dem Browserfenster ab, das die CLI geöffnet hat, oder kehren Sie zum Terminal zurück.</translation>
    </message>
</context>
<context>
    <name>LoginPrompts</name>
    <message>
        <source>no answer: the input ended. Nothing was saved.</source>
        <translation>keine Antwort: die Eingabe ist zu Ende. Nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>login cancelled; nothing was saved.</source>
        <translation>Anmeldung abgebrochen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>Paste your token (it is not shown) and press Enter: </source>
        <translation>Fügen Sie Ihr Token ein (es wird nicht angezeigt) und drücken Sie die Eingabetaste: </translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>Die Token-Datei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Note: a token on the command line is visible to other users (ps) and in your shell history; prefer &apos;--token-login -&apos; (stdin) or &apos;--token-login @FILE&apos;.
</source>
        <translation>Hinweis: Ein Token auf der Befehlszeile ist für andere Benutzer (ps) und in Ihrem Shell-Verlauf sichtbar; verwenden Sie besser &apos;--token-login -&apos; (stdin) oder &apos;--token-login @FILE&apos;.
</translation>
    </message>
    <message>
        <source>
Please choose a workspace:
</source>
        <translation>
Bitte wählen Sie einen Arbeitsbereich:
</translation>
    </message>
    <message>
        <source> %1. %2 (%3)
</source>
        <translation> %1. %2 (%3)
</translation>
    </message>
    <message>
        <source>
&gt; </source>
        <translation>
&gt; </translation>
    </message>
    <message>
        <source>Please enter a number between 1 and %1.
</source>
        <translation>Bitte geben Sie eine Zahl zwischen 1 und %1 ein.
</translation>
    </message>
</context>
<context>
    <name>LoginSteps</name>
    <message>
        <source>%1 Nothing was changed.</source>
        <translation>%1 Es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>LogoutCommand</name>
    <message>
        <source>Domain to log out of (default: the current context).</source>
        <translation>Domain, von der abgemeldet wird (Standard: der aktuelle Kontext).</translation>
    </message>
    <message>
        <source>Log out of Astro: revoke the tokens at the server and delete them here.</source>
        <translation>Von Astro abmelden: die Tokens beim Server widerrufen und hier löschen.</translation>
    </message>
    <message>
        <source>The server offers no token revocation; the tokens stay valid until they expire.
</source>
        <translation>Der Server bietet keinen Token-Widerruf an; die Tokens bleiben bis zu ihrem Ablauf gültig.
</translation>
    </message>
    <message>
        <source>Warning: could not revoke the tokens at the server (%1); they stay valid until they expire. The local credentials are deleted anyway.
</source>
        <translation>Warnung: Die Tokens konnten beim Server nicht widerrufen werden (%1); sie bleiben bis zu ihrem Ablauf gültig. Die lokalen Zugangsdaten werden trotzdem gelöscht.
</translation>
    </message>
    <message>
        <source>Revoked the %1 at %2.
</source>
        <translation>%1 bei %2 widerrufen.
</translation>
    </message>
    <message>
        <source>access and refresh tokens</source>
        <translation>Zugriffs- und Aktualisierungstoken</translation>
    </message>
    <message>
        <source>access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Could not delete the credentials of %1: %2</source>
        <translation>Die Zugangsdaten von %1 konnten nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <source>Deleted the credentials from the %1.
</source>
        <translation>Zugangsdaten gelöscht aus: %1.
</translation>
    </message>
    <message>
        <source>Successfully logged out of Astronomer
</source>
        <translation>Erfolgreich von Astronomer abgemeldet
</translation>
    </message>
    <message>
        <source>refresh token</source>
        <translation>Aktualisierungstoken</translation>
    </message>
    <message>
        <source>Houston offers no token revocation: there is nothing to revoke there, and the token stays valid until it expires.
</source>
        <translation>Houston bietet keinen Token-Widerruf: Dort gibt es nichts zu widerrufen, und das Token bleibt gültig, bis es abläuft.
</translation>
    </message>
    <message>
        <source>Not logged in to %1: there was nothing to log out of.
</source>
        <translation>Nicht bei %1 angemeldet: Es gab nichts abzumelden.
</translation>
    </message>
</context>
<context>
    <name>LoopbackReplyHandler</name>
    <message>
        <source>Port %1 on localhost is already in use, so the login callback cannot be received. Is another &apos;astro login&apos; running? Otherwise use &apos;--callback-port 0&apos; for any free port, or &apos;--login-link&apos;.</source>
        <translation>Port %1 auf localhost ist bereits belegt, daher kann der Anmelde-Callback nicht empfangen werden. Läuft schon ein anderes &apos;astro login&apos;? Verwenden Sie sonst &apos;--callback-port 0&apos; für einen beliebigen freien Port, oder &apos;--login-link&apos;.</translation>
    </message>
    <message>
        <source>Cannot listen on 127.0.0.1 port %1 for the login callback: %2</source>
        <translation>Auf 127.0.0.1, Port %1 kann nicht auf den Anmelde-Callback gewartet werden: %2</translation>
    </message>
    <message>
        <source>Port %1 on localhost (::1) is already in use. Is another &apos;astro login&apos; running? Otherwise use &apos;--callback-port 0&apos; or &apos;--login-link&apos;.</source>
        <translation>Port %1 auf localhost (::1) ist bereits belegt. Läuft schon ein anderes &apos;astro login&apos;? Verwenden Sie sonst &apos;--callback-port 0&apos; oder &apos;--login-link&apos;.</translation>
    </message>
    <message>
        <source>slow client timed out</source>
        <translation>zu langsamer Client, Zeitüberschreitung</translation>
    </message>
    <message>
        <source>oversized request headers</source>
        <translation>zu große Anfrage-Header</translation>
    </message>
    <message>
        <source>malformed request line</source>
        <translation>fehlerhafte Anfragezeile</translation>
    </message>
    <message>
        <source>malformed header</source>
        <translation>fehlerhafter Header</translation>
    </message>
    <message>
        <source>missing or repeated Host header</source>
        <translation>fehlender oder mehrfacher Host-Header</translation>
    </message>
    <message>
        <source>Host header is not localhost</source>
        <translation>Host-Header ist nicht localhost</translation>
    </message>
    <message>
        <source>method other than GET</source>
        <translation>andere Methode als GET</translation>
    </message>
    <message>
        <source>request for another path</source>
        <translation>Anfrage für einen anderen Pfad</translation>
    </message>
    <message>
        <source>callback after the login completed</source>
        <translation>Callback nach Abschluss der Anmeldung</translation>
    </message>
    <message>
        <source>callback without state</source>
        <translation>Callback ohne state</translation>
    </message>
    <message>
        <source>callback with a wrong state</source>
        <translation>Callback mit falschem state</translation>
    </message>
    <message>
        <source>callback from another issuer (iss mismatch)</source>
        <translation>Callback von einem anderen Aussteller (iss stimmt nicht überein)</translation>
    </message>
    <message>
        <source>callback without a code</source>
        <translation>Callback ohne code</translation>
    </message>
    <message>
        <source>callback without iss, which this server always sends</source>
        <translation>Callback ohne iss, obwohl dieser Server es immer sendet</translation>
    </message>
</context>
<context>
    <name>NetworkEnvironment</name>
    <message>
        <source>the proxy in %1 is not one astro can use (it takes http://HOST:PORT or socks5://HOST:PORT)</source>
        <translation>der Proxy in %1 ist keiner, den astro verwenden kann (möglich sind http://HOST:PORT oder socks5://HOST:PORT)</translation>
    </message>
    <message>
        <source>%1=%2 cannot be read: %3</source>
        <translation>%1=%2 kann nicht gelesen werden: %3</translation>
    </message>
    <message>
        <source>%1=%2 holds no PEM certificate</source>
        <translation>%1=%2 enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <source>SSL_CERT_DIR names %1, which is not a directory</source>
        <translation>SSL_CERT_DIR nennt %1, das kein Verzeichnis ist</translation>
    </message>
    <message>
        <source>SSL_CERT_FILE/SSL_CERT_DIR hold no PEM certificate</source>
        <translation>SSL_CERT_FILE/SSL_CERT_DIR enthalten kein PEM-Zertifikat</translation>
    </message>
    <message>
        <source>%1=%2: no such file</source>
        <translation>%1=%2: keine solche Datei</translation>
    </message>
    <message>
        <source>%1=%2 is larger than 16 MiB: not a CA bundle</source>
        <translation>%1=%2 ist größer als 16 MiB: kein CA-Bündel</translation>
    </message>
</context>
<context>
    <name>NetworkServices</name>
    <message>
        <source>ASTRO_HTTP_TIMEOUT must be a whole number of seconds from 1 to 3600, not &quot;%1&quot;.</source>
        <translation>ASTRO_HTTP_TIMEOUT muss eine ganze Zahl von Sekunden von 1 bis 3600 sein, nicht &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>PastedInput</name>
    <message>
        <source>Nothing was pasted.</source>
        <translation>Es wurde nichts eingefügt.</translation>
    </message>
    <message>
        <source>That is too long to be a login address or a token.</source>
        <translation>Das ist zu lang für eine Anmeldeadresse oder ein Token.</translation>
    </message>
    <message>
        <source>That address carries no login result. Paste the whole address shown in the browser&apos;s address bar after you logged in.</source>
        <translation>Diese Adresse enthält kein Anmeldeergebnis. Fügen Sie die vollständige Adresse ein, die nach der Anmeldung in der Adressleiste des Browsers steht.</translation>
    </message>
    <message>
        <source>That is not the login callback address (it should end in /callback?code=…).</source>
        <translation>Das ist nicht die Callback-Adresse der Anmeldung (sie sollte auf /callback?code=… enden).</translation>
    </message>
    <message>
        <source>That address has no code in it. Paste the address the browser ended on after you logged in.</source>
        <translation>Diese Adresse enthält keinen Code. Fügen Sie die Adresse ein, bei der der Browser nach der Anmeldung gelandet ist.</translation>
    </message>
    <message>
        <source>That is neither the address the browser ended on nor a token.</source>
        <translation>Das ist weder die Adresse, bei der der Browser gelandet ist, noch ein Token.</translation>
    </message>
</context>
<context>
    <name>PlaintextMigration</name>
    <message>
        <source>Warning: the tokens of %1 stay in plain text in %2: the credential store cannot take them (%3).
</source>
        <translation>Warnung: Die Tokens von %1 bleiben im Klartext in %2: der Zugangsdatenspeicher kann sie nicht aufnehmen (%3).
</translation>
    </message>
    <message>
        <source>Moved the tokens of %1 that astro-cli kept in plain text in %2 into the %3.
</source>
        <translation>Die Tokens von %1, die astro-cli im Klartext in %2 aufbewahrte, wurden verschoben nach: %3.
</translation>
    </message>
    <message>
        <source>The credential store holds a login for %1: removing the tokens that astro-cli left in plain text in %2.
</source>
        <translation>Der Zugangsdatenspeicher enthält bereits eine Anmeldung für %1: Die Tokens, die astro-cli im Klartext in %2 hinterlassen hat, werden entfernt.
</translation>
    </message>
    <message>
        <source>Removing the refresh token that astro-cli left for %1 in plain text in %2.
</source>
        <translation>Das Aktualisierungstoken, das astro-cli für %1 im Klartext in %2 hinterlassen hat, wird entfernt.
</translation>
    </message>
    <message>
        <source>a token is still in plain text in %1, where anyone who can read the file can use it: the credential store could not take it (see the warning above).</source>
        <translation>ein Token liegt noch im Klartext in %1, wo jeder, der die Datei lesen kann, es verwenden kann: der Zugangsdatenspeicher konnte es nicht aufnehmen (siehe die Warnung oben).</translation>
    </message>
</context>
<context>
    <name>RealServices</name>
    <message>
        <source> Start or unlock your keychain, or set ASTRO_CREDENTIAL_STORE=auto to allow the file fallback.</source>
        <translation> Starten oder entsperren Sie Ihren Schlüsselbund, oder setzen Sie ASTRO_CREDENTIAL_STORE=auto, um die Datei als Ausweichlösung zu erlauben.</translation>
    </message>
    <message>
        <source>ASTRO_CREDENTIAL_STORE must be auto, keychain or file, not &quot;%1&quot;.</source>
        <translation>ASTRO_CREDENTIAL_STORE muss auto, keychain oder file sein, nicht „%1“.</translation>
    </message>
    <message>
        <source>Cannot find your home directory: HOME is not set, and the password database has no home directory for this account. Set HOME or ASTRO_HOME.</source>
        <translation>Ihr Home-Verzeichnis wurde nicht gefunden: HOME ist nicht gesetzt, und die Passwortdatenbank enthält kein Home-Verzeichnis für dieses Konto. Setzen Sie HOME oder ASTRO_HOME.</translation>
    </message>
    <message>
        <source>ASTRO_KEYCHAIN_TIMEOUT must be a number of seconds, more than 0 and at most 3600, not &quot;%1&quot;.</source>
        <translation>ASTRO_KEYCHAIN_TIMEOUT muss eine Zahl von Sekunden sein, größer als 0 und höchstens 3600, nicht &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>ReplacedLogin</name>
    <message>
        <source>Revoking the tokens of the previous login to %1.
</source>
        <translation>Die Tokens der vorherigen Anmeldung bei %1 werden widerrufen.
</translation>
    </message>
</context>
<context>
    <name>SafeFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>Cannot create the directory %1: %2</source>
        <translation>Das Verzeichnis %1 kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a directory.</source>
        <translation>%1 ist kein Verzeichnis.</translation>
    </message>
    <message>
        <source>Cannot make %1 private (mode 0700): %2. Run &apos;chmod 700 %1&apos;.</source>
        <translation>%1 kann nicht privat gemacht werden (Modus 0700): %2. Führen Sie &apos;chmod 700 %1&apos; aus.</translation>
    </message>
    <message>
        <source>%1 is not a regular file; it was left unchanged. Replace it with a regular file, or remove it.</source>
        <translation>%1 ist keine reguläre Datei und wurde nicht verändert. Ersetzen Sie es durch eine reguläre Datei, oder entfernen Sie es.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot create the lock file %1: %2</source>
        <translation>Die Sperrdatei %1 kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>The lock is held by %1, process %2.</source>
        <translation>Die Sperre hält %1, Prozess %2.</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>no organization found. Please contact your Astro Organization Owner to be invited to the organization</source>
        <translation>keine Organisation gefunden. Bitten Sie den Owner Ihrer Astro-Organisation, Sie in die Organisation einzuladen</translation>
    </message>
</context>
<context>
    <name>StatusCommand</name>
    <message>
        <source>Domain to check (default: the current context).</source>
        <translation>Zu prüfende Domain (Standard: der aktuelle Kontext).</translation>
    </message>
    <message>
        <source>Print the status as JSON.</source>
        <translation>Den Status als JSON ausgeben.</translation>
    </message>
    <message>
        <source>Show who is logged in where, and where the credentials live. Exit 0 when a usable token exists, 1 otherwise.</source>
        <translation>Zeigen, wer wo angemeldet ist und wo die Zugangsdaten liegen. Exit-Code 0, wenn ein nutzbares Token existiert, sonst 1.</translation>
    </message>
    <message>
        <source>Not logged in. Run &apos;astro login&apos; to authenticate.
</source>
        <translation>Nicht angemeldet. Führen Sie &apos;astro login&apos; aus, um sich anzumelden.
</translation>
    </message>
    <message>
        <source> (current context)</source>
        <translation> (aktueller Kontext)</translation>
    </message>
    <message>
        <source>  Not logged in. Run &apos;astro login %1&apos; to authenticate.
</source>
        <translation>  Nicht angemeldet. Führen Sie &apos;astro login %1&apos; aus, um sich anzumelden.
</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Erneuerung</translation>
    </message>
    <message>
        <source>Stored in</source>
        <translation>Gespeichert in</translation>
    </message>
    <message>
        <source>expires %1 (in %2)</source>
        <translation>läuft ab am %1 (noch %2)</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>abgelaufen am %1</translation>
    </message>
    <message>
        <source>no known expiry</source>
        <translation>kein bekanntes Ablaufdatum</translation>
    </message>
    <message>
        <source>possible (refresh token stored)</source>
        <translation>möglich (Aktualisierungstoken gespeichert)</translation>
    </message>
    <message>
        <source>not possible (no refresh token)</source>
        <translation>nicht möglich (kein Aktualisierungstoken)</translation>
    </message>
    <message>
        <source>  Problem:      %1
</source>
        <translation>  Problem:         %1
</translation>
    </message>
    <message>
        <source>  The token expired. Run &apos;astro login %1&apos; to authenticate again.
</source>
        <translation>  Das Token ist abgelaufen. Führen Sie &apos;astro login %1&apos; aus, um sich erneut anzumelden.
</translation>
    </message>
    <message>
        <source>%1
Also, %2</source>
        <translation>%1
Außerdem: %2</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Astro Private Cloud (apc)</source>
        <translation>Astro Private Cloud (apc)</translation>
    </message>
    <message>
        <source>not possible (APC tokens cannot be refreshed)</source>
        <translation>nicht möglich (APC-Tokens können nicht erneuert werden)</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>ASTRO_API_TOKEN is set: &apos;astro auth token&apos; prints it, not a stored login.
</source>
        <translation>ASTRO_API_TOKEN ist gesetzt: &apos;astro auth token&apos; gibt dieses Token aus, nicht das einer gespeicherten Anmeldung.
</translation>
    </message>
    <message>
        <source>unknown (the token is not a JWT)</source>
        <translation>unbekannt (das Token ist kein JWT)</translation>
    </message>
    <message>
        <source>  The token expired. Set a new ASTRO_API_TOKEN, or unset it to use the stored login.
</source>
        <translation>  Das Token ist abgelaufen. Setzen Sie ein neues ASTRO_API_TOKEN, oder entfernen Sie es, um die gespeicherte Anmeldung zu verwenden.
</translation>
    </message>
    <message>
        <source>could not refresh the token (the current one is used until it expires): %1</source>
        <translation>das Token konnte nicht erneuert werden (das aktuelle wird bis zu seinem Ablauf verwendet): %1</translation>
    </message>
</context>
<context>
    <name>Terminal</name>
    <message>
        <source>macOS Keychain</source>
        <translation>macOS-Schlüsselbund</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>Windows-Anmeldeinformationsverwaltung</translation>
    </message>
    <message>
        <source>Secret Service keychain</source>
        <translation>Secret-Service-Schlüsselbund</translation>
    </message>
</context>
<context>
    <name>TokenCommand</name>
    <message>
        <source>Domain whose token to print (default: the current context).</source>
        <translation>Domain, deren Token ausgegeben wird (Standard: der aktuelle Kontext).</translation>
    </message>
    <message>
        <source>Print a valid access token for scripts, and nothing else, on stdout.</source>
        <translation>Ein gültiges Zugriffstoken für Skripte auf stdout ausgeben, und sonst nichts.</translation>
    </message>
    <message>
        <source>auth token takes no arguments; use --domain.</source>
        <translation>auth token akzeptiert keine Argumente; verwenden Sie --domain.</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>kein Token gefunden. Bitte führen Sie &apos;astro login&apos; aus, um sich anzumelden</translation>
    </message>
    <message>
        <source>could not write the token to stdout (%1).</source>
        <translation>das Token konnte nicht auf stdout ausgegeben werden (%1).</translation>
    </message>
</context>
<context>
    <name>TokenLogin</name>
    <message>
        <source>The token is empty. Give it with --token-login TOKEN, --token-login - (stdin) or --token-login @FILE.</source>
        <translation>Das Token ist leer. Geben Sie es mit --token-login TOKEN, --token-login - (stdin) oder --token-login @FILE an.</translation>
    </message>
    <message>
        <source>The token is malformed: it is longer than 16 KiB.</source>
        <translation>Das Token ist fehlerhaft: Es ist länger als 16 KiB.</translation>
    </message>
    <message>
        <source>The token is malformed: it contains characters that cannot be part of a token (a space, a line break or a quote?).</source>
        <translation>Das Token ist fehlerhaft: Es enthält Zeichen, die nicht Teil eines Tokens sein können (ein Leerzeichen, ein Zeilenumbruch oder ein Anführungszeichen?).</translation>
    </message>
    <message>
        <source>The token expired at %1. Create a new token and try again.</source>
        <translation>Das Token ist am %1 abgelaufen. Erstellen Sie ein neues Token und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The token was rejected by %1: it is invalid, expired or revoked. Nothing was saved.</source>
        <translation>Das Token wurde von %1 abgelehnt: Es ist ungültig, abgelaufen oder widerrufen. Es wurde nichts gespeichert.</translation>
    </message>
</context>
<context>
    <name>TokenRefresh</name>
    <message>
        <source>Cannot refresh the token: %1</source>
        <translation>Das Token kann nicht erneuert werden: %1</translation>
    </message>
</context>
<context>
    <name>TokenResponse</name>
    <message>
        <source>the server refused the grant (invalid_grant): the login or code expired, was already used or was revoked. Run &apos;astro login&apos; to log in again.</source>
        <translation>der Server hat die Autorisierung abgelehnt (invalid_grant): Die Anmeldung oder der Code ist abgelaufen, wurde bereits verwendet oder wurde widerrufen. Führen Sie &apos;astro login&apos; aus, um sich erneut anzumelden.</translation>
    </message>
    <message>
        <source>the token endpoint refused the request (HTTP %1%2).</source>
        <translation>der Token-Endpunkt hat die Anfrage abgelehnt (HTTP %1%2).</translation>
    </message>
    <message>
        <source>the token endpoint&apos;s answer is not a JSON object; nothing was stored. Try again or contact Astronomer Support.</source>
        <translation>die Antwort des Token-Endpunkts ist kein JSON-Objekt; es wurde nichts gespeichert. Versuchen Sie es erneut oder wenden Sie sich an den Astronomer-Support.</translation>
    </message>
    <message>
        <source>the token endpoint returned no usable access token.</source>
        <translation>der Token-Endpunkt hat kein verwendbares Zugriffstoken geliefert.</translation>
    </message>
    <message>
        <source>the token endpoint returned a malformed refresh token.</source>
        <translation>der Token-Endpunkt hat ein fehlerhaftes Aktualisierungstoken geliefert.</translation>
    </message>
    <message>
        <source>the token endpoint answered with %1 instead of JSON; nothing was stored. Try again or contact Astronomer Support.</source>
        <translation>der Token-Endpunkt hat mit %1 statt mit JSON geantwortet; es wurde nichts gespeichert. Versuchen Sie es erneut oder wenden Sie sich an den Astronomer-Support.</translation>
    </message>
</context>
<context>
    <name>astro::LoginWindow</name>
    <message>
        <source>Astro Login</source>
        <translation>Astro-Anmeldung</translation>
    </message>
    <message>
        <source>Logging in to &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Anmeldung bei &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Browser</translation>
    </message>
    <message>
        <source>Your browser opens automatically. If it did not, open this link:</source>
        <translation>Ihr Browser öffnet sich automatisch. Falls nicht, öffnen Sie diesen Link:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Open browser again</source>
        <translation>Browser erneut öffnen</translation>
    </message>
    <message>
        <source>Browser on another device?</source>
        <translation>Browser auf einem anderen Gerät?</translation>
    </message>
    <message>
        <source>Paste the address the browser ended on, or an access token:</source>
        <translation>Fügen Sie die Adresse ein, bei der der Browser gelandet ist, oder ein Zugriffstoken:</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Fetching the login configuration…</source>
        <translation>Anmeldekonfiguration wird abgerufen…</translation>
    </message>
    <message>
        <source>Login received; finishing…</source>
        <translation>Anmeldung empfangen; wird abgeschlossen…</translation>
    </message>
    <message>
        <source>Waiting for login to complete in browser…</source>
        <translation>Warten auf den Abschluss der Anmeldung im Browser…</translation>
    </message>
    <message>
        <source>Unable to open the browser: open the link below on any device.</source>
        <translation>Der Browser kann nicht geöffnet werden: Öffnen Sie den Link unten auf einem beliebigen Gerät.</translation>
    </message>
    <message>
        <source>Logging in as %1…</source>
        <translation>Anmeldung als %1…</translation>
    </message>
    <message>
        <source>Successfully authenticated to Astronomer</source>
        <translation>Erfolgreich bei Astronomer authentifiziert</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>No default workspace: choose one with &apos;astro workspace switch&apos;.</source>
        <translation>Kein Standard-Arbeitsbereich: Wählen Sie einen mit &apos;astro workspace switch&apos;.</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Signed in as %1
Organization: %2</source>
        <translation>Angemeldet als %1
Organisation: %2</translation>
    </message>
    <message>
        <source>The login listener could not start on port %1: after you log in, paste the address the browser ended on below.</source>
        <translation>Der Anmelde-Listener konnte auf Port %1 nicht starten: Fügen Sie nach der Anmeldung unten die Adresse ein, auf der der Browser gelandet ist.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
</context>
</TS>
