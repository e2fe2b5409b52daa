<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>AstroPlatform</name>
    <message>
        <source>Cannot reach %1 to %2: %3. Check your network and the domain (%4).</source>
        <translation>Impossible de joindre %1 pour %2 : %3. Vérifiez votre réseau et le domaine (%4).</translation>
    </message>
    <message>
        <source>The server refused the token while trying to %1 (HTTP %2): it is invalid, expired or revoked. Run &apos;astro login&apos; to authenticate again.</source>
        <translation>Le serveur a refusé le jeton en tentant de %1 (HTTP %2) : il est invalide, expiré ou révoqué. Exécutez &apos;astro login&apos; pour vous authentifier à nouveau.</translation>
    </message>
    <message>
        <source>Could not %1: the server answered HTTP %2. Try again or contact Astronomer Support.</source>
        <translation>Impossible de %1 : le serveur a répondu HTTP %2. Réessayez ou contactez le support Astronomer.</translation>
    </message>
    <message>
        <source>fetch the login configuration of %1</source>
        <translation>récupérer la configuration de connexion de %1</translation>
    </message>
    <message>
        <source>The login configuration of %1 is incomplete or unsafe. Try again or contact Astronomer Support.</source>
        <translation>La configuration de connexion de %1 est incomplète ou non sûre. Réessayez ou contactez le support Astronomer.</translation>
    </message>
    <message>
        <source>call the Astro API (%1)</source>
        <translation>contacter l&apos;API Astro (%1)</translation>
    </message>
    <message>
        <source>Could not %1: %2. Nothing was stored. Contact Astronomer Support if this persists.</source>
        <translation>Impossible de %1 : %2. Rien n&apos;a été enregistré. Contactez le support Astronomer si le problème persiste.</translation>
    </message>
</context>
<context>
    <name>Browser</name>
    <message>
        <source>the desktop</source>
        <translation>le bureau</translation>
    </message>
    <message>
        <source>the default browser</source>
        <translation>le navigateur par défaut</translation>
    </message>
</context>
<context>
    <name>BrowserLogin</name>
    <message>
        <source>Could not authorize your device. %1: %2</source>
        <translation>Impossible d&apos;autoriser votre appareil. %1 : %2</translation>
    </message>
    <message>
        <source>The login request failed (Qt OAuth error %1).</source>
        <translation>La demande de connexion a échoué (erreur OAuth de Qt %1).</translation>
    </message>
    <message>
        <source>The token request failed: invalid_grant. The code expired or was already used; run &apos;astro login&apos; again.</source>
        <translation>La demande de jeton a échoué : invalid_grant. Le code a expiré ou a déjà été utilisé ; relancez &apos;astro login&apos;.</translation>
    </message>
    <message>
        <source>The code exchange failed: %1</source>
        <translation>L&apos;échange du code a échoué : %1</translation>
    </message>
</context>
<context>
    <name>BrowserSession</name>
    <message>
        <source>That address does not belong to this login (%1). Paste the address from the browser window of this login.</source>
        <translation>Cette adresse n&apos;appartient pas à cette connexion (%1). Collez l&apos;adresse de la fenêtre du navigateur de cette connexion.</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Error: cannot run astro-network (%1), which astro needs to talk to the server. Reinstall astro-auth.
</source>
        <translation>Erreur : impossible d&apos;exécuter astro-network (%1), dont astro a besoin pour communiquer avec le serveur. Réinstallez astro-auth.
</translation>
    </message>
    <message>
        <source>Print the version of astro-auth.</source>
        <translation>Afficher la version d&apos;astro-auth.</translation>
    </message>
    <message>
        <source>unknown command &quot;auth %1&quot;.%2 Run &apos;astro auth --help&apos;.</source>
        <translation>commande inconnue &quot;auth %1&quot;.%2 Exécutez &apos;astro auth --help&apos;.</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;.%2 Run &apos;astro --help&apos;.</source>
        <translation>commande inconnue &quot;%1&quot;.%2 Exécutez &apos;astro --help&apos;.</translation>
    </message>
    <message>
        <source>astro-auth: log in to Astro and keep the credentials in the OS keychain.</source>
        <translation>astro-auth : se connecter à Astro et garder les identifiants dans le trousseau du système.</translation>
    </message>
    <message>
        <source>Run &apos;astro help &lt;command&gt;&apos; or &apos;astro &lt;command&gt; --help&apos; for the flags of a command.
Environment: ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT, ASTRO_HTTP_TIMEOUT, ASTRO_LOGIN_TIMEOUT (seconds), ASTRO_CALLBACK_PORT,
ASTRO_LANG=de|fr|ja|en.
</source>
        <translation>Exécutez &apos;astro help &lt;commande&gt;&apos; ou &apos;astro &lt;commande&gt; --help&apos; pour les options d&apos;une commande.
Environnement : ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT, ASTRO_HTTP_TIMEOUT, ASTRO_LOGIN_TIMEOUT (secondes), ASTRO_CALLBACK_PORT,
ASTRO_LANG=de|fr|ja|en.
</translation>
    </message>
    <message>
        <source>Log in and out, print or hand on a token, show the status</source>
        <translation>Se connecter et se déconnecter, afficher ou transmettre un jeton, montrer l&apos;état</translation>
    </message>
    <message>
        <source>Log in (--token-login TOKEN|-|@FILE for pipelines)</source>
        <translation>Se connecter (--token-login TOKEN|-|@FILE pour les pipelines)</translation>
    </message>
    <message>
        <source>Revoke the tokens and delete them here</source>
        <translation>Révoquer les jetons et les supprimer ici</translation>
    </message>
    <message>
        <source>Print a valid access token on stdout</source>
        <translation>Afficher un jeton d&apos;accès valide sur stdout</translation>
    </message>
    <message>
        <source>Show who is logged in, and where the secret lives</source>
        <translation>Montrer qui est connecté, et où se trouve le secret</translation>
    </message>
    <message>
        <source>Run COMMAND with a fresh token in ASTRO_API_TOKEN</source>
        <translation>Exécuter COMMAND avec un jeton frais dans ASTRO_API_TOKEN</translation>
    </message>
    <message>
        <source>Let Docker use docker-credential-astro for Astro&apos;s registry</source>
        <translation>Faire utiliser docker-credential-astro à Docker pour le registre d&apos;Astro</translation>
    </message>
    <message>
        <source>Shortcut for &apos;auth login&apos;</source>
        <translation>Raccourci de &apos;auth login&apos;</translation>
    </message>
    <message>
        <source>Shortcut for &apos;auth logout&apos;</source>
        <translation>Raccourci de &apos;auth logout&apos;</translation>
    </message>
    <message>
        <source>Manage the contexts (one per domain): list, switch, delete</source>
        <translation>Gérer les contextes (un par domaine) : lister, changer, supprimer</translation>
    </message>
    <message>
        <source>List the contexts; --names prints only the domains</source>
        <translation>Lister les contextes ; --names n&apos;affiche que les domaines</translation>
    </message>
    <message>
        <source>Make DOMAIN&apos;s context current</source>
        <translation>Rendre courant le contexte de DOMAIN</translation>
    </message>
    <message>
        <source>Delete DOMAIN&apos;s context and its stored credentials</source>
        <translation>Supprimer le contexte de DOMAIN et ses identifiants enregistrés</translation>
    </message>
    <message>
        <source>Print a completion script (bash, zsh, fish, powershell)</source>
        <translation>Afficher un script de complétion (bash, zsh, fish, powershell)</translation>
    </message>
    <message>
        <source>Print the version</source>
        <translation>Afficher la version</translation>
    </message>
    <message>
        <source>Show the help of a command</source>
        <translation>Afficher l&apos;aide d&apos;une commande</translation>
    </message>
    <message>
        <source>Usage:
  astro &lt;command&gt; [flags]

Commands:
</source>
        <translation>Utilisation :
  astro &lt;commande&gt; [options]

Commandes :
</translation>
    </message>
    <message>
        <source>Log in to Astro, log out, print a token or hand it to another program, or show who is logged in.</source>
        <translation>Se connecter à Astro, se déconnecter, afficher un jeton ou le transmettre à un autre programme, ou montrer qui est connecté.</translation>
    </message>
    <message>
        <source>Manage Astro contexts (one per domain) in config.yaml.</source>
        <translation>Gérer les contextes Astro (un par domaine) dans config.yaml.</translation>
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

Utilisation :
  astro %2 &lt;commande&gt; [options]

Commandes :
%3
Exécutez &apos;astro %2 &lt;commande&gt; --help&apos; pour les options d&apos;une commande.
</translation>
    </message>
    <message>
        <source>unknown command &quot;%1 %2&quot;.%3 Run &apos;astro %1 --help&apos;.</source>
        <translation>commande inconnue &quot;%1 %2&quot;.%3 Exécutez &apos;astro %1 --help&apos;.</translation>
    </message>
</context>
<context>
    <name>CommandSupport</name>
    <message>
        <source>Error: %1
</source>
        <translation>Erreur : %1
</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>aucun jeton trouvé. Exécutez &apos;astro login&apos; pour vous authentifier</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>Error: %1
Run &apos;astro %2 --help&apos; for usage.
</source>
        <translation>Erreur : %1
Exécutez &apos;astro %2 --help&apos; pour l&apos;utilisation.
</translation>
    </message>
    <message>
        <source>%1

Usage:
  astro %2 %3
</source>
        <translation>%1

Utilisation :
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
        <translation>seconde</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <source>minute</source>
        <translation>minute</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutes</translation>
    </message>
    <message>
        <source>hour</source>
        <translation>heure</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>heures</translation>
    </message>
    <message>
        <source>day</source>
        <translation>jour</translation>
    </message>
    <message>
        <source>days</source>
        <translation>jours</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Options :</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Arguments :</translation>
    </message>
    <message>
        <source>[flags]</source>
        <translation>[options]</translation>
    </message>
    <message>
        <source>ASTRO_API_TOKEN must be one token on one line, without line breaks or other control characters. Set it again, or unset it to use the stored login.</source>
        <translation>ASTRO_API_TOKEN doit être un seul jeton sur une ligne, sans saut de ligne ni autre caractère de contrôle. Définissez-le à nouveau, ou supprimez-le pour utiliser la connexion enregistrée.</translation>
    </message>
    <message>
        <source>&apos;astro %1&apos; takes no arguments, not &quot;%2&quot;.</source>
        <translation>&apos;astro %1&apos; n&apos;accepte aucun argument, pas &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>&apos;astro %1&apos; takes at most %2 argument(s), not %3.</source>
        <translation>&apos;astro %1&apos; accepte au plus %2 argument(s), pas %3.</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>Vouliez-vous dire %1 ?</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>%1 needs a domain, not an empty value.</source>
        <translation>%1 attend un domaine, pas une valeur vide.</translation>
    </message>
    <message>
        <source>the %1 argument is empty.</source>
        <translation>l&apos;argument %1 est vide.</translation>
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
        <translation>Afficher un script de complétion pour le shell.

Utilisation :
  astro completion bash|zsh|fish|powershell

Exemples :
  source &lt;(astro completion bash)
  astro completion fish | source
</translation>
    </message>
    <message>
        <source>usage: astro completion bash|zsh|fish|powershell</source>
        <translation>utilisation : astro completion bash|zsh|fish|powershell</translation>
    </message>
    <message>
        <source>the %1 completion script is missing from this build.</source>
        <translation>le script de complétion %1 est absent de cette version.</translation>
    </message>
</context>
<context>
    <name>Config</name>
    <message>
        <source>the top level is not a mapping</source>
        <translation>le niveau supérieur n&apos;est pas un dictionnaire (mapping)</translation>
    </message>
    <message>
        <source>&quot;contexts&quot; is not a mapping</source>
        <translation>&quot;contexts&quot; n&apos;est pas un dictionnaire (mapping)</translation>
    </message>
    <message>
        <source>a context is not a mapping</source>
        <translation>un contexte n&apos;est pas un dictionnaire (mapping)</translation>
    </message>
    <message>
        <source>&quot;context&quot; is not a string</source>
        <translation>&quot;context&quot; n&apos;est pas une chaîne</translation>
    </message>
    <message>
        <source>%1 is not a valid astro config (%2). It was left unchanged: fix it, or move it away to start afresh.</source>
        <translation>%1 n&apos;est pas une configuration astro valide (%2). Il n&apos;a pas été modifié : corrigez-le, ou déplacez-le pour repartir de zéro.</translation>
    </message>
    <message>
        <source>%1 is larger than 4 MiB; it was left unchanged.</source>
        <translation>%1 dépasse 4 Mio ; il n&apos;a pas été modifié.</translation>
    </message>
    <message>
        <source>a context name is not a string</source>
        <translation>un nom de contexte n&apos;est pas une chaîne</translation>
    </message>
    <message>
        <source>the key &quot;%1&quot; appears twice</source>
        <translation>la clé &quot;%1&quot; apparaît deux fois</translation>
    </message>
    <message>
        <source>%1 is locked by another process (lock file %2). Try again when it has finished.</source>
        <translation>%1 est verrouillé par un autre processus (fichier de verrou %2). Réessayez quand il aura terminé.</translation>
    </message>
</context>
<context>
    <name>ContextCommand</name>
    <message>
        <source>Print only the domains, one per line.</source>
        <translation>Afficher uniquement les domaines, un par ligne.</translation>
    </message>
    <message>
        <source>List the contexts; the current one is marked with *.</source>
        <translation>Lister les contextes ; le contexte actuel est marqué d&apos;un *.</translation>
    </message>
    <message>
        <source>CONTEXT DOMAIN</source>
        <translation>DOMAINE DU CONTEXTE</translation>
    </message>
    <message>
        <source>USER</source>
        <translation>UTILISATEUR</translation>
    </message>
    <message>
        <source>WORKSPACE</source>
        <translation>ESPACE DE TRAVAIL</translation>
    </message>
    <message>
        <source>No contexts yet. Run &apos;astro login DOMAIN&apos; to create one.
</source>
        <translation>Aucun contexte pour l&apos;instant. Exécutez &apos;astro login DOMAIN&apos; pour en créer un.
</translation>
    </message>
    <message>
        <source>The context&apos;s domain.</source>
        <translation>Le domaine du contexte.</translation>
    </message>
    <message>
        <source>Make DOMAIN&apos;s context the current one.</source>
        <translation>Faire du contexte de DOMAIN le contexte actuel.</translation>
    </message>
    <message>
        <source>Delete DOMAIN&apos;s context and its stored credentials.</source>
        <translation>Supprimer le contexte de DOMAIN et ses identifiants enregistrés.</translation>
    </message>
    <message>
        <source>context %1 takes one DOMAIN.</source>
        <translation>context %1 attend un DOMAIN.</translation>
    </message>
    <message>
        <source>no context for %1. Run &apos;astro context list&apos; to see them, or &apos;astro login %1&apos;.</source>
        <translation>aucun contexte pour %1. Exécutez &apos;astro context list&apos; pour les voir, ou &apos;astro login %1&apos;.</translation>
    </message>
    <message>
        <source>Switched to the %1 context.
</source>
        <translation>Passage au contexte %1.
</translation>
    </message>
    <message>
        <source>could not delete the credentials of %1: %2; the context was kept.</source>
        <translation>impossible de supprimer les identifiants de %1 : %2 ; le contexte a été conservé.</translation>
    </message>
    <message>
        <source>Successfully deleted context: %1
</source>
        <translation>Contexte supprimé : %1
</translation>
    </message>
</context>
<context>
    <name>DeviceLogin</name>
    <message>
        <source>this server does not offer the device code login (no device_authorization_endpoint). Use &apos;--login-link&apos; instead.</source>
        <translation>ce serveur ne propose pas la connexion par code d&apos;appareil (pas de device_authorization_endpoint). Utilisez plutôt &apos;--login-link&apos;.</translation>
    </message>
    <message>
        <source>Cannot start the device login: %1.</source>
        <translation>Impossible de démarrer la connexion par appareil : %1.</translation>
    </message>
    <message>
        <source>The server refused the device login (HTTP %1 %2).</source>
        <translation>Le serveur a refusé la connexion par appareil (HTTP %1 %2).</translation>
    </message>
    <message>
        <source>The device login answer is incomplete.</source>
        <translation>La réponse de connexion par appareil est incomplète.</translation>
    </message>
    <message>
        <source>the code expired before it was approved. Run &apos;astro login --device-code&apos; again.</source>
        <translation>le code a expiré avant d&apos;être approuvé. Relancez &apos;astro login --device-code&apos;.</translation>
    </message>
    <message>
        <source>the code expired or was already used (invalid_grant). Run &apos;astro login --device-code&apos; again.</source>
        <translation>le code a expiré ou a déjà été utilisé (invalid_grant). Relancez &apos;astro login --device-code&apos;.</translation>
    </message>
    <message>
        <source>Could not authorize your device. access_denied: %1</source>
        <translation>Impossible d&apos;autoriser votre appareil. access_denied : %1</translation>
    </message>
    <message>
        <source>The device login failed: %1</source>
        <translation>La connexion par appareil a échoué : %1</translation>
    </message>
</context>
<context>
    <name>DockerCommands</name>
    <message>
        <source>docker-credential-astro: no login for %1. Run &apos;astro login %1&apos;.
</source>
        <translation>docker-credential-astro : aucune connexion pour %1. Exécutez &apos;astro login %1&apos;.
</translation>
    </message>
    <message>
        <source>Let Docker (and every client that reads its credHelpers) get a fresh Astro token from docker-credential-astro for Astro&apos;s image registries. Adds a credHelpers entry for each REGISTRY (default: the registry of the current context&apos;s domain, or ASTRO_IMAGE_REGISTRY) to Docker&apos;s config.json ($DOCKER_CONFIG, else ~/.docker), keeping everything else in it. No token is written there.</source>
        <translation>Permettre à Docker (et à tout client qui lit ses credHelpers) d&apos;obtenir de docker-credential-astro un jeton Astro frais pour les registres d&apos;images d&apos;Astro. Ajoute une entrée credHelpers pour chaque REGISTRY (par défaut : le registre du domaine du contexte actuel, ou ASTRO_IMAGE_REGISTRY) au config.json de Docker ($DOCKER_CONFIG, sinon ~/.docker), en y gardant tout le reste. Aucun jeton n&apos;y est écrit.</translation>
    </message>
    <message>
        <source>no image registry is known for %1: set ASTRO_IMAGE_REGISTRY=HOST[:PORT] or name the registry.</source>
        <translation>aucun registre d&apos;images n&apos;est connu pour %1 : définissez ASTRO_IMAGE_REGISTRY=HOST[:PORT] ou nommez le registre.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a registry (HOST[:PORT]).</source>
        <translation>« %1 » n&apos;est pas un registre (HOST[:PORT]).</translation>
    </message>
    <message>
        <source>cannot find Docker&apos;s configuration: set DOCKER_CONFIG or HOME.</source>
        <translation>configuration de Docker introuvable : définissez DOCKER_CONFIG ou HOME.</translation>
    </message>
    <message>
        <source>%1 is not a JSON object (%2); it was not changed.</source>
        <translation>%1 n&apos;est pas un objet JSON (%2) ; il n&apos;a pas été modifié.</translation>
    </message>
    <message>
        <source>cannot create %1.</source>
        <translation>impossible de créer %1.</translation>
    </message>
    <message>
        <source>Adding credentials for: %1
Docker configuration file updated: %2
</source>
        <translation>Ajout des identifiants pour : %1
Fichier de configuration de Docker mis à jour : %2
</translation>
    </message>
    <message>
        <source>Warning: docker-credential-astro is not on your PATH, where Docker looks for it.
</source>
        <translation>Avertissement : docker-credential-astro n&apos;est pas dans votre PATH, où Docker le cherche.
</translation>
    </message>
    <message>
        <source>could not refresh the token for %1 (astro-network exited with %2; it said why on stderr).</source>
        <translation>impossible de rafraîchir le jeton pour %1 (astro-network s&apos;est terminé avec %2 ; la raison est sur stderr).</translation>
    </message>
    <message>
        <source>docker-credential-astro: %1 is ASTRO_IMAGE_REGISTRY, the registry of the current context, but there is no current context. Run &apos;astro login DOMAIN&apos; (or set ASTRO_DOMAIN) for the domain it serves.
</source>
        <translation>docker-credential-astro : %1 est ASTRO_IMAGE_REGISTRY, le registre du contexte courant, mais il n&apos;y a pas de contexte courant. Exécutez &apos;astro login DOMAIN&apos; pour le domaine qu&apos;il sert (ou définissez ASTRO_DOMAIN).
</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>Invalid domain &quot;%1&quot;. Give a domain such as astronomer.io, or localhost:PORT for a local server.</source>
        <translation>Domaine &quot;%1&quot; invalide. Indiquez un domaine comme astronomer.io, ou localhost:PORT pour un serveur local.</translation>
    </message>
    <message>
        <source>Invalid port in domain &quot;%1&quot;.</source>
        <translation>Port invalide dans le domaine &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>A port is only allowed on a local domain (localhost or 127.0.0.1).</source>
        <translation>Un port n&apos;est autorisé que pour un domaine local (localhost ou 127.0.0.1).</translation>
    </message>
</context>
<context>
    <name>ExecCommand</name>
    <message>
        <source>Domain whose token to pass (default: the current context).</source>
        <translation>Domaine dont le jeton est transmis (par défaut : le contexte actuel).</translation>
    </message>
    <message>
        <source>Environment variable that holds the token (default: ASTRO_API_TOKEN).</source>
        <translation>Variable d&apos;environnement qui contient le jeton (par défaut : ASTRO_API_TOKEN).</translation>
    </message>
    <message>
        <source>auth exec needs &apos;--&apos; and a command: astro auth exec [-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]</source>
        <translation>auth exec demande &apos;--&apos; et une commande : astro auth exec [-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]</translation>
    </message>
    <message>
        <source>Run COMMAND with a fresh access token in the environment variable NAME and the domain in ASTRO_DOMAIN, never on a command line. The token is refreshed first when it is due. Standard input, output and error are COMMAND&apos;s; signals reach it, and astro exits with its exit status.</source>
        <translation>Exécuter COMMAND avec un jeton d&apos;accès frais dans la variable d&apos;environnement NAME et le domaine dans ASTRO_DOMAIN, jamais sur une ligne de commande. Le jeton est d&apos;abord rafraîchi quand c&apos;est nécessaire. L&apos;entrée, la sortie et la sortie d&apos;erreur standard sont celles de COMMAND ; les signaux lui parviennent, et astro se termine avec son code de sortie.</translation>
    </message>
    <message>
        <source>--env needs a variable name (letters, digits and _, not starting with a digit), not &quot;%1&quot;.</source>
        <translation>--env demande un nom de variable (lettres, chiffres et _, ne commençant pas par un chiffre), pas « %1 ».</translation>
    </message>
    <message>
        <source>command not found: %1</source>
        <translation>commande introuvable : %1</translation>
    </message>
    <message>
        <source>cannot run %1: %2</source>
        <translation>impossible d&apos;exécuter %1 : %2</translation>
    </message>
    <message>
        <source>--env %1 would change how the command runs: name another variable.</source>
        <translation>--env %1 changerait la façon dont la commande s&apos;exécute : nommez une autre variable.</translation>
    </message>
</context>
<context>
    <name>FallbackStore</name>
    <message>
        <source>Warning: %1 Falling back to a file; set ASTRO_CREDENTIAL_STORE=keychain to refuse this.</source>
        <translation>Avertissement : %1 Repli sur un fichier ; définissez ASTRO_CREDENTIAL_STORE=keychain pour le refuser.</translation>
    </message>
</context>
<context>
    <name>FileStore</name>
    <message>
        <source>file %1</source>
        <translation>fichier %1</translation>
    </message>
    <message>
        <source>Refusing to use %1: other users can read or write it. Run &apos;chmod 600 %1&apos; and log in again to rotate the tokens, or delete it.</source>
        <translation>Refus d&apos;utiliser %1 : d&apos;autres utilisateurs peuvent le lire ou le modifier. Exécutez &apos;chmod 600 %1&apos; et reconnectez-vous pour renouveler les jetons, ou supprimez-le.</translation>
    </message>
    <message>
        <source>%1 is too large to be ours.</source>
        <translation>%1 est trop volumineux pour venir d&apos;astro.</translation>
    </message>
    <message>
        <source>%1 is corrupt; it was left unchanged. Move it away and log in again.</source>
        <translation>%1 est corrompu ; il n&apos;a pas été modifié. Déplacez-le et reconnectez-vous.</translation>
    </message>
    <message>
        <source>The entry for %1 in %2 is corrupt. Log in again.</source>
        <translation>L&apos;entrée de %1 dans %2 est corrompue. Reconnectez-vous.</translation>
    </message>
    <message>
        <source>Warning: credentials were saved in plain text in %1 (mode 0600), because no keychain could be used.</source>
        <translation>Avertissement : les identifiants ont été enregistrés en clair dans %1 (mode 0600), car aucun trousseau n&apos;a pu être utilisé.</translation>
    </message>
    <message>
        <source>%1 is locked by another process.</source>
        <translation>%1 est verrouillé par un autre processus.</translation>
    </message>
</context>
<context>
    <name>FreshToken</name>
    <message>
        <source>the token for %1 expired at %2 and cannot be refreshed. Run &apos;astro login %1&apos; to authenticate again.</source>
        <translation>le jeton de %1 a expiré le %2 et ne peut pas être actualisé. Exécutez &apos;astro login %1&apos; pour vous authentifier à nouveau.</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>aucun jeton trouvé. Exécutez &apos;astro login&apos; pour vous authentifier</translation>
    </message>
    <message>
        <source>the token for %1 was refreshed, but it could not be saved (%2 tries): %3
The stored login still works: fix the cause above and try again.</source>
        <translation>le jeton de %1 a été actualisé, mais n&apos;a pas pu être enregistré (%2 tentatives) : %3
La connexion enregistrée fonctionne toujours : corrigez la cause ci-dessus et réessayez.</translation>
    </message>
    <message>
        <source>the token for %1 was refreshed, but the new tokens could not be saved (%2 tries): %3
The server has replaced the refresh token, so the stored one no longer works: the login for %1 is lost. Fix the cause above, then run &apos;astro login %1&apos;.</source>
        <translation>le jeton de %1 a été actualisé, mais les nouveaux jetons n&apos;ont pas pu être enregistrés (%2 tentatives) : %3
Le serveur a remplacé le jeton d&apos;actualisation, celui qui est enregistré ne fonctionne donc plus : la connexion à %1 est perdue. Corrigez la cause ci-dessus, puis exécutez &apos;astro login %1&apos;.</translation>
    </message>
    <message>
        <source>another astro process has been refreshing, logging in to or out of %1 for %2 s (lock %3). Try again.</source>
        <translation>un autre processus astro actualise le jeton de %1, ou s&apos;y connecte ou déconnecte, depuis %2 s (verrou %3). Réessayez.</translation>
    </message>
    <message>
        <source>Waiting for another astro process, which is refreshing, logging in to or out of %1 (lock %2).%3
</source>
        <translation>Attente d&apos;un autre processus astro qui actualise, ouvre ou ferme la connexion à %1 (verrou %2).%3
</translation>
    </message>
    <message>
        <source>Your token has expired. Please log in again: run &apos;%1&apos; (APC tokens cannot be refreshed; this one expired at %2).</source>
        <translation>Votre jeton a expiré. Veuillez vous reconnecter : exécutez &apos;%1&apos; (les jetons APC ne peuvent pas être actualisés ; celui-ci a expiré à %2).</translation>
    </message>
    <message>
        <source>Warning: could not refresh the token for %1: %2
Using the current token, which expires in %3 (at %4).
</source>
        <translation>Avertissement : impossible de rafraîchir le jeton pour %1 : %2
Le jeton actuel est utilisé ; il expire dans %3 (à %4).
</translation>
    </message>
    <message>
        <source>another astro process tried just now and could not reach the server.</source>
        <translation>un autre processus astro vient d&apos;essayer et n&apos;a pas pu joindre le serveur.</translation>
    </message>
</context>
<context>
    <name>GuiLauncher</name>
    <message>
        <source>neither DISPLAY nor WAYLAND_DISPLAY is set</source>
        <translation>ni DISPLAY ni WAYLAND_DISPLAY n&apos;est défini</translation>
    </message>
    <message>
        <source>Error: the login window (astro-gui) is not installed with this astro. Run &apos;astro login&apos; in a terminal instead.
</source>
        <translation>Erreur : la fenêtre de connexion (astro-gui) n&apos;est pas installée avec cet astro. Lancez plutôt &apos;astro login&apos; dans un terminal.
</translation>
    </message>
    <message>
        <source>Error: could not start the login window (astro-gui).
</source>
        <translation>Erreur : impossible de lancer la fenêtre de connexion (astro-gui).
</translation>
    </message>
    <message>
        <source>the X display %1 does not answer</source>
        <translation>l&apos;affichage X %1 ne répond pas</translation>
    </message>
    <message>
        <source>the Wayland display %1 does not answer</source>
        <translation>l&apos;affichage Wayland %1 ne répond pas</translation>
    </message>
    <message>
        <source>QT_QPA_PLATFORM=%1 needs a display that is not set</source>
        <translation>QT_QPA_PLATFORM=%1 a besoin d&apos;un affichage qui n&apos;est pas défini</translation>
    </message>
</context>
<context>
    <name>GuiMain</name>
    <message>
        <source>The Astro CLI&apos;s login window (astro login --gui).

Usage:
  astro-gui [DOMAIN] [flags]
</source>
        <translation>La fenêtre de connexion de l&apos;Astro CLI (astro login --gui).

Utilisation :
  astro-gui [DOMAIN] [options]
</translation>
    </message>
    <message>
        <source>the login window logs in with the browser (or a pasted address or token); for another way, run &apos;astro login&apos; in a terminal.</source>
        <translation>la fenêtre de connexion se connecte avec le navigateur (ou une adresse ou un jeton collé) ; pour une autre méthode, lancez &apos;astro login&apos; dans un terminal.</translation>
    </message>
    <message>
        <source>the login window needs a display (%1). Run &apos;astro login&apos; in a terminal instead, or &apos;astro login --login-link&apos;.</source>
        <translation>la fenêtre de connexion a besoin d&apos;un affichage (%1). Lancez plutôt &apos;astro login&apos; dans un terminal, ou &apos;astro login --login-link&apos;.</translation>
    </message>
    <message>
        <source>Astro Login</source>
        <translation>Connexion Astro</translation>
    </message>
</context>
<context>
    <name>Headless</name>
    <message>
        <source>this is an SSH session</source>
        <translation>ceci est une session SSH</translation>
    </message>
    <message>
        <source>this is a CI environment</source>
        <translation>ceci est un environnement de CI</translation>
    </message>
    <message>
        <source>this is a container</source>
        <translation>ceci est un conteneur</translation>
    </message>
    <message>
        <source>this is WSL with no way to open a Windows browser (install wslu for wslview)</source>
        <translation>ceci est WSL sans moyen d&apos;ouvrir un navigateur Windows (installez wslu pour wslview)</translation>
    </message>
    <message>
        <source>there is no display (DISPLAY and WAYLAND_DISPLAY are not set)</source>
        <translation>il n&apos;y a pas d&apos;affichage (DISPLAY et WAYLAND_DISPLAY ne sont pas définies)</translation>
    </message>
</context>
<context>
    <name>Houston</name>
    <message>
        <source>Could not %1: Houston at %2 answered &quot;%3&quot;.</source>
        <translation>Impossible de %1 : Houston sur %2 a répondu « %3 ».</translation>
    </message>
    <message>
        <source>Could not %1: %2. Nothing was stored. Contact your Astro Private Cloud administrator if this persists.</source>
        <translation>Impossible de %1 : %2. Rien n&apos;a été enregistré. Contactez l&apos;administrateur de votre Astro Private Cloud si le problème persiste.</translation>
    </message>
    <message>
        <source>Cannot reach Houston at %1 to %2: %3. Check your network and the domain (%4).</source>
        <translation>Impossible de joindre Houston sur %1 pour %2 : %3. Vérifiez votre réseau et le domaine (%4).</translation>
    </message>
    <message>
        <source>Could not %1: Houston at %2 answered HTTP %3. Try again or contact your Astro Private Cloud administrator.</source>
        <translation>Impossible de %1 : Houston sur %2 a répondu HTTP %3. Réessayez ou contactez l&apos;administrateur de votre Astro Private Cloud.</translation>
    </message>
    <message>
        <source>Could not %1: Houston at %2 answered something that is not a GraphQL answer. Check the domain (%3).</source>
        <translation>Impossible de %1 : Houston sur %2 a répondu autre chose qu&apos;une réponse GraphQL. Vérifiez le domaine (%3).</translation>
    </message>
    <message>
        <source>fetch the login configuration</source>
        <translation>récupérer la configuration de connexion</translation>
    </message>
    <message>
        <source>log in with a password</source>
        <translation>se connecter avec un mot de passe</translation>
    </message>
    <message>
        <source>local auth login failed: %1</source>
        <translation>échec de la connexion locale : %1</translation>
    </message>
    <message>
        <source>local auth login failed: Houston at %1 returned no usable token.</source>
        <translation>échec de la connexion locale : Houston sur %1 n&apos;a renvoyé aucun jeton utilisable.</translation>
    </message>
    <message>
        <source>check the token</source>
        <translation>vérifier le jeton</translation>
    </message>
    <message>
        <source>fetch Houston&apos;s version</source>
        <translation>récupérer la version de Houston</translation>
    </message>
    <message>
        <source>list the workspaces</source>
        <translation>lister chaque espace de travail</translation>
    </message>
    <message>
        <source>Your token has expired. Please log in again: run &apos;%1&apos;.</source>
        <translation>Votre jeton a expiré. Veuillez vous reconnecter : exécutez &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Houston at %1 did not accept the token: it is not valid there, or it was revoked. Please log in again: run &apos;%2&apos;.</source>
        <translation>Houston sur %1 n&apos;a pas accepté le jeton : il n&apos;y est pas valide, ou il a été révoqué. Veuillez vous reconnecter : exécutez &apos;%2&apos;.</translation>
    </message>
    <message>
        <source>The token is malformed: a Houston token is a JWT (three parts separated by dots, on one line). Copy it again from %1.</source>
        <translation>Le jeton est mal formé : un jeton Houston est un JWT (trois parties séparées par des points, sur une ligne). Copiez-le à nouveau depuis %1.</translation>
    </message>
</context>
<context>
    <name>Http</name>
    <message>
        <source>no answer from %1 within %2 s</source>
        <translation>aucune réponse de %1 en %2 s</translation>
    </message>
    <message>
        <source>the answer from %1 is larger than %2 KiB; it was cut off</source>
        <translation>la réponse de %1 dépasse %2 Kio ; elle a été tronquée</translation>
    </message>
    <message>
        <source>%1 answered with a redirect (HTTP %2) to %3; astro follows no redirects, so nothing was sent there</source>
        <translation>%1 a répondu par une redirection (HTTP %2) vers %3 ; astro ne suit aucune redirection, rien n&apos;y a donc été envoyé</translation>
    </message>
    <message>
        <source> (through the proxy %1)</source>
        <translation> (via le proxy %1)</translation>
    </message>
    <message>
        <source>%1. Fix or unset that variable</source>
        <translation>%1. Corrigez cette variable ou supprimez-la</translation>
    </message>
    <message>
        <source>the proxy %1 refused the connection</source>
        <translation>le proxy %1 a refusé la connexion</translation>
    </message>
    <message>
        <source>the proxy %1 closed the connection (does it allow CONNECT to %2?)</source>
        <translation>le proxy %1 a fermé la connexion (autorise-t-il CONNECT vers %2 ?)</translation>
    </message>
    <message>
        <source>the proxy %1 was not found</source>
        <translation>le proxy %1 est introuvable</translation>
    </message>
    <message>
        <source>the proxy %1 did not answer in time</source>
        <translation>le proxy %1 n&apos;a pas répondu à temps</translation>
    </message>
    <message>
        <source>the proxy %1 needs a user name and password: give them in the variable as http://USER:PASSWORD@HOST:PORT, or ask your network administrator</source>
        <translation>le proxy %1 exige un nom d&apos;utilisateur et un mot de passe : indiquez-les dans la variable sous la forme http://USER:PASSWORD@HOST:PORT, ou demandez à votre administrateur réseau</translation>
    </message>
    <message>
        <source>the proxy %1 failed: %2</source>
        <translation>échec du proxy %1 : %2</translation>
    </message>
    <message>
        <source>the TLS certificate of %1 is signed by a certificate authority this machine does not trust. If your network uses its own CA, set ASTRO_CA_FILE to its PEM bundle (or SSL_CERT_FILE for all of them)</source>
        <translation>le certificat TLS de %1 est signé par une autorité de certification à laquelle cette machine ne fait pas confiance. Si votre réseau utilise sa propre autorité de certification, définissez ASTRO_CA_FILE sur son fichier PEM (ou SSL_CERT_FILE sur un fichier PEM de toutes les autorités de certification à approuver)</translation>
    </message>
    <message>
        <source>the TLS certificate of %1 has expired or is not valid yet (is the system clock right?)</source>
        <translation>le certificat TLS de %1 a expiré ou n&apos;est pas encore valide (l&apos;horloge du système est-elle à l&apos;heure ?)</translation>
    </message>
    <message>
        <source>the TLS certificate presented for %1 is for another name (an intercepting proxy, or a wrong address?)</source>
        <translation>le certificat TLS présenté pour %1 est émis pour un autre nom (un proxy qui intercepte le trafic, ou une mauvaise adresse ?)</translation>
    </message>
    <message>
        <source>TLS with %1 failed: %2</source>
        <translation>échec de TLS avec %1 : %2</translation>
    </message>
    <message>
        <source>the proxy %1 did not accept the user name and password given in the variable: check them, or ask your network administrator</source>
        <translation>le proxy %1 n&apos;a pas accepté le nom d&apos;utilisateur et le mot de passe donnés dans la variable : vérifiez-les, ou demandez à votre administrateur réseau</translation>
    </message>
    <message>
        <source>the proxy %1 failed: %2 (check the user name and password given in the variable)</source>
        <translation>le proxy %1 a échoué : %2 (vérifiez le nom d&apos;utilisateur et le mot de passe donnés dans la variable)</translation>
    </message>
</context>
<context>
    <name>IdentityProvider</name>
    <message>
        <source>reach the identity provider</source>
        <translation>joindre le fournisseur d&apos;identité</translation>
    </message>
    <message>
        <source>The identity provider of %1 names itself &quot;%2&quot;, not &quot;%3&quot; as the login configuration says; refusing to log in there (RFC 8414). Contact Astronomer Support.</source>
        <translation>Le fournisseur d&apos;identité de %1 se nomme « %2 », et non « %3 » comme l&apos;indique la configuration de connexion ; refus de s&apos;y connecter (RFC 8414). Contactez le support Astronomer.</translation>
    </message>
    <message>
        <source>The identity provider of %1 advertises an endpoint that is not https (%2); refusing to send credentials to it.</source>
        <translation>Le fournisseur d&apos;identité de %1 annonce un point de terminaison qui n&apos;est pas en https (%2) ; refus d&apos;y envoyer des identifiants.</translation>
    </message>
    <message>
        <source>retrieve the user&apos;s identity</source>
        <translation>récupérer l&apos;identité de l&apos;utilisateur</translation>
    </message>
    <message>
        <source>cannot retrieve email: the identity provider returned no email for this token.</source>
        <translation>impossible de récupérer l&apos;e-mail : le fournisseur d&apos;identité n&apos;a renvoyé aucun e-mail pour ce jeton.</translation>
    </message>
    <message>
        <source>the server offers no revocation endpoint</source>
        <translation>le serveur ne propose aucun point de terminaison de révocation</translation>
    </message>
</context>
<context>
    <name>Interrupt</name>
    <message>
        <source>Interrupted; astro stopped.
</source>
        <translation>Interrompu ; astro s&apos;est arrêté.
</translation>
    </message>
</context>
<context>
    <name>KeychainStore</name>
    <message>
        <source>%1 (service %2)</source>
        <translation>%1 (service %2)</translation>
    </message>
    <message>
        <source>The %1 did not answer within %2 s (is it locked, or waiting for a password prompt?). Set ASTRO_KEYCHAIN_TIMEOUT to wait longer.</source>
        <translation>Le %1 n&apos;a pas répondu en %2 s (est-il verrouillé, ou attend-il la saisie d&apos;un mot de passe ?). Définissez ASTRO_KEYCHAIN_TIMEOUT pour attendre plus longtemps.</translation>
    </message>
    <message>
        <source>The %1 refused access (%2). Unlock it and try again.</source>
        <translation>Le %1 a refusé l&apos;accès (%2). Déverrouillez-le et réessayez.</translation>
    </message>
    <message>
        <source>The %1 is not available (%2).%3</source>
        <translation>Le %1 n&apos;est pas disponible (%2).%3</translation>
    </message>
    <message>
        <source>The %1 is locked, so its items cannot be read. Unlock it (log in to your desktop session, or unlock the keyring) and try again.</source>
        <translation>Le %1 est verrouillé, ses éléments ne peuvent donc pas être lus. Déverrouillez-le (connectez-vous à votre session de bureau, ou déverrouillez le trousseau) et réessayez.</translation>
    </message>
    <message>
        <source>The %1 entry for %2 is not an astro-auth credential. Log in again.</source>
        <translation>L&apos;entrée de %2 dans le %1 n&apos;est pas un identifiant astro-auth. Reconnectez-vous.</translation>
    </message>
    <message>
        <source>The tokens are %1 bytes, more than a keychain item may hold (%2).</source>
        <translation>Les jetons font %1 octets, plus qu&apos;un élément de trousseau ne peut en contenir (%2).</translation>
    </message>
    <message>
        <source>The %1 failed (%2).</source>
        <translation>Le %1 a échoué (%2).</translation>
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
Aucun espace de travail par défaut détecté. Listez les espaces de travail avec 
	astro workspace list
et définissez votre espace de travail par défaut avec 
	astro workspace switch [WORKSPACEID]

</translation>
    </message>
    <message>
        <source>Ignored a request to the login listener: %1.
</source>
        <translation>Une requête vers l&apos;écouteur de connexion a été ignorée : %1.
</translation>
    </message>
    <message>
        <source>Login received; finishing…
</source>
        <translation>Connexion reçue ; finalisation…
</translation>
    </message>
    <message>
        <source>
Please visit the following link on a device with a browser: %1

</source>
        <translation>
Veuillez ouvrir le lien suivant sur un appareil doté d&apos;un navigateur : %1

</translation>
    </message>
    <message>
        <source>After you log in, the browser goes to a localhost address that may not load on that device. Paste that whole address here (or a token) and press Enter:
&gt; </source>
        <translation>Après la connexion, le navigateur ouvre une adresse localhost qui peut ne pas se charger sur cet appareil. Collez ici cette adresse complète (ou un jeton) puis appuyez sur Entrée :
&gt; </translation>
    </message>
    <message>
        <source>Paste the address (or a token):
&gt; </source>
        <translation>Collez l&apos;adresse (ou un jeton) :
&gt; </translation>
    </message>
    <message>
        <source>
Press Enter to open the browser to log in or ^C to quit…</source>
        <translation>
Appuyez sur Entrée pour ouvrir le navigateur et vous connecter, ou ^C pour quitter…</translation>
    </message>
    <message>
        <source>
Unable to open the URL, please visit the following link: %1

</source>
        <translation>
Impossible d&apos;ouvrir l&apos;URL, veuillez ouvrir le lien suivant : %1

</translation>
    </message>
    <message>
        <source>Waiting for login to complete in browser… (up to %1 s, ^C to cancel)
</source>
        <translation>En attente de la fin de la connexion dans le navigateur… (jusqu&apos;à %1 s, ^C pour annuler)
</translation>
    </message>
    <message>
        <source>Ignored %1 requests to the login listener in all.
</source>
        <translation>%1 requêtes vers l&apos;écouteur de connexion ignorées au total.
</translation>
    </message>
    <message>
        <source>the operation has timed out: no login arrived within %1 s. Run &apos;astro login&apos; again, or use &apos;--token-login&apos;.</source>
        <translation>le délai est dépassé : aucune connexion reçue en %1 s. Relancez &apos;astro login&apos; ou utilisez &apos;--token-login&apos;.</translation>
    </message>
    <message>
        <source>Logging in as %1
</source>
        <translation>Connexion en tant que %1
</translation>
    </message>
    <message>
        <source>
Using the &quot;%1&quot; Organization.
</source>
        <translation>
Utilisation de l&apos;organisation « %1 ».
</translation>
    </message>
    <message>
        <source>
&quot;%1&quot; Workspace found. This is your default Workspace.
</source>
        <translation>
Espace de travail « %1 » trouvé. C&apos;est votre espace de travail par défaut.
</translation>
    </message>
    <message>
        <source>
Successfully authenticated to Astronomer
</source>
        <translation>
Authentification auprès d&apos;Astronomer réussie
</translation>
    </message>
    <message>
        <source>
To log in, open %1 on any device and enter the code:

    %2

</source>
        <translation>
Pour vous connecter, ouvrez %1 sur n&apos;importe quel appareil et saisissez le code :

    %2

</translation>
    </message>
    <message>
        <source>Or open this address, which carries the code: %1
</source>
        <translation>Ou ouvrez cette adresse, qui contient déjà le code : %1
</translation>
    </message>
    <message>
        <source>Only enter a code that you started yourself. Waiting for approval… (the code expires in %1, ^C to cancel)
</source>
        <translation>Ne saisissez qu&apos;un code que vous avez vous-même demandé. En attente d&apos;approbation… (le code expire dans %1, ^C pour annuler)
</translation>
    </message>
    <message>
        <source>The server asked to poll more slowly: every %1 s now.
</source>
        <translation>Le serveur a demandé d&apos;interroger moins souvent : désormais toutes les %1 s.
</translation>
    </message>
    <message>
        <source>Log in to Astro in your browser (or with --token-login). Credentials are kept in the OS keychain.</source>
        <translation>Se connecter à Astro dans le navigateur (ou avec --token-login). Les identifiants sont conservés dans le trousseau du système.</translation>
    </message>
    <message>
        <source>You are logging into Astro via an OAuth token
This token will expire in %1%2 and will not refresh
</source>
        <translation>Vous vous connectez à Astro avec un jeton OAuth
Ce jeton expirera dans %1%2 et ne sera pas renouvelé
</translation>
    </message>
    <message>
        <source> (assumed: the token carries no expiry)</source>
        <translation> (supposé : le jeton n&apos;indique pas d&apos;expiration)</translation>
    </message>
    <message>
        <source>No browser can be opened here: %1. Showing a link instead (use --browser to try anyway%2).
</source>
        <translation>Aucun navigateur ne peut être ouvert ici : %1. Un lien est affiché à la place (utilisez --browser pour essayer quand même%2).
</translation>
    </message>
    <message>
        <source>, or --device-code to log in with a code</source>
        <translation>, ou --device-code pour vous connecter avec un code</translation>
    </message>
    <message>
        <source>
If the browser did not open, please visit the following link: %1

</source>
        <translation>
Si le navigateur ne s&apos;est pas ouvert, veuillez ouvrir le lien suivant : %1

</translation>
    </message>
    <message>
        <source>Warning: you are logging in as %1, but the last login to %2 was as %3. If that is not the account you meant, run &apos;astro logout&apos; and log in again.
</source>
        <translation>Attention : vous vous connectez en tant que %1, mais la dernière connexion à %2 était en tant que %3. Si ce n&apos;est pas le compte voulu, exécutez &apos;astro logout&apos; et connectez-vous à nouveau.
</translation>
    </message>
    <message>
        <source>The login listener could not start on port %1, so the browser cannot hand the login back by itself. Go on with the paste below.
</source>
        <translation>L&apos;écouteur de connexion n&apos;a pas pu démarrer sur le port %1 : le navigateur ne peut pas rendre la connexion de lui-même. Continuez avec le collage ci-dessous.
</translation>
    </message>
    <message>
        <source>the login window needs a display (%1). Log in here without --gui, or with --login-link.</source>
        <translation>la fenêtre de connexion a besoin d&apos;un affichage (%1). Connectez-vous ici sans --gui, ou avec --login-link.</translation>
    </message>
    <message>
        <source>the login window is not available here.</source>
        <translation>la fenêtre de connexion n&apos;est pas disponible ici.</translation>
    </message>
    <message>
        <source>Astro Private Cloud offers no device-code login. Log in with a username and password, with --oauth, or with --token-login.</source>
        <translation>Astro Private Cloud ne propose pas de connexion par code d&apos;appareil. Connectez-vous avec un nom d&apos;utilisateur et un mot de passe, avec --oauth ou avec --token-login.</translation>
    </message>
    <message>
        <source>cannot authenticate, oauth is disabled. Log in with a username and password, or with --token-login.</source>
        <translation>authentification impossible, OAuth est désactivé. Connectez-vous avec un nom d&apos;utilisateur et un mot de passe, ou avec --token-login.</translation>
    </message>
    <message>
        <source>cannot authenticate, oauth is disabled (and so is local authentication at %1). Ask your Astro Private Cloud administrator, or log in with --token-login.</source>
        <translation>authentification impossible, OAuth est désactivé (ainsi que l&apos;authentification locale sur %1). Demandez à l&apos;administrateur de votre Astro Private Cloud, ou connectez-vous avec --token-login.</translation>
    </message>
    <message>
        <source>Local authentication (username and password) is disabled at %1: log in with OAuth.
</source>
        <translation>L&apos;authentification locale (nom d&apos;utilisateur et mot de passe) est désactivée sur %1 : connectez-vous avec OAuth.
</translation>
    </message>
    <message>
        <source>Username (leave blank for oAuth): </source>
        <translation>Nom d&apos;utilisateur (laisser vide pour oAuth) : </translation>
    </message>
    <message>
        <source>Password: </source>
        <translation>Mot de passe : </translation>
    </message>
    <message>
        <source>
Please visit the following URL, authenticate and paste token in next prompt
%1

</source>
        <translation>
Veuillez ouvrir l&apos;URL suivante, vous authentifier et coller le jeton à l&apos;invite suivante
%1

</translation>
    </message>
    <message>
        <source>oAuth Token: </source>
        <translation>Jeton oAuth : </translation>
    </message>
    <message>
        <source>This Astro Private Cloud token will expire in %1 and will not refresh
</source>
        <translation>Ce jeton Astro Private Cloud expirera dans %1 et ne sera pas actualisé
</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>un délai inconnu</translation>
    </message>
    <message>
        <source>
You are not a member of any Workspace yet. Ask a Workspace admin to add you, or create one with 
	astro workspace create

</source>
        <translation>
Vous n&apos;êtes encore membre d&apos;aucun espace de travail. Demandez à un administrateur d&apos;espace de travail de vous ajouter, ou créez-en un avec 
	astro workspace create

</translation>
    </message>
    <message>
        <source>--apc is for a local domain (localhost or 127.0.0.1); %1 is an Astro domain.</source>
        <translation>--apc s&apos;applique à un domaine local (localhost ou 127.0.0.1) ; %1 est un domaine Astro.</translation>
    </message>
    <message>
        <source>--oauth is for Astro Private Cloud; %1 is an Astro domain (use --apc for a local Astro Private Cloud).</source>
        <translation>--oauth s&apos;applique à Astro Private Cloud ; %1 est un domaine Astro (utilisez --apc pour un Astro Private Cloud local).</translation>
    </message>
    <message>
        <source>the login window logs in to Astro only; log in to Astro Private Cloud (%1) here, without --gui.</source>
        <translation>la fenêtre de connexion ne connecte qu&apos;à Astro ; connectez-vous à Astro Private Cloud (%1) ici, sans --gui.</translation>
    </message>
    <message>
        <source>Welcome to the Astro CLI%1
To learn more about Astro, go to https://www.astronomer.io/docs
</source>
        <translation>Bienvenue dans l&apos;Astro CLI%1
Pour en savoir plus sur Astro, rendez-vous sur https://www.astronomer.io/docs
</translation>
    </message>
    <message>
        <source>Port %1 on localhost is already in use, so the login callback cannot be received, and without a terminal the address cannot be pasted instead. Run it in a terminal, or use &apos;--callback-port 0&apos; for any free port.</source>
        <translation>Le port %1 de localhost est déjà utilisé : le rappel de connexion ne peut pas être reçu, et sans terminal l&apos;adresse ne peut pas non plus être collée. Lancez la commande dans un terminal, ou utilisez &apos;--callback-port 0&apos; pour n&apos;importe quel port libre.</translation>
    </message>
</context>
<context>
    <name>LoginOptions</name>
    <message>
        <source>Log in with an access token instead of a browser. TOKEN is the token, &apos;-&apos; to read it from stdin, or &apos;@FILE&apos;.</source>
        <translation>Se connecter avec un jeton d&apos;accès au lieu d&apos;un navigateur. TOKEN est le jeton, &apos;-&apos; pour le lire sur stdin, ou &apos;@FILE&apos;.</translation>
    </message>
    <message>
        <source>Port of the local login callback (default 12345, or $ASTRO_CALLBACK_PORT; 0 = any free port).</source>
        <translation>Port du rappel de connexion local (par défaut 12345, ou $ASTRO_CALLBACK_PORT ; 0 = un port libre quelconque).</translation>
    </message>
    <message>
        <source>Seconds to wait for the browser login, 1 to 86400 (default 300, or $ASTRO_LOGIN_TIMEOUT).</source>
        <translation>Secondes d&apos;attente de la connexion par navigateur, de 1 à 86400 (par défaut 300, ou $ASTRO_LOGIN_TIMEOUT).</translation>
    </message>
    <message>
        <source>Print the login link for a browser on any device instead of opening one; then paste the address it ended on (or a token).</source>
        <translation>Afficher le lien de connexion pour un navigateur sur n&apos;importe quel appareil au lieu d&apos;en ouvrir un ; puis coller l&apos;adresse finale (ou un jeton).</translation>
    </message>
    <message>
        <source>Log in with a code entered on another device (RFC 8628), where the server offers it.</source>
        <translation>Se connecter avec un code saisi sur un autre appareil (RFC 8628), si le serveur le propose.</translation>
    </message>
    <message>
        <source>Open a browser even where none seems available.</source>
        <translation>Ouvrir un navigateur même si aucun ne semble disponible.</translation>
    </message>
    <message>
        <source>Never open a browser (as --login-link).</source>
        <translation>Ne jamais ouvrir de navigateur (comme --login-link).</translation>
    </message>
    <message>
        <source>Log in in a window (needs a display).</source>
        <translation>Se connecter dans une fenêtre (nécessite un affichage).</translation>
    </message>
    <message>
        <source>Astro domain to log in to (default: the current context, else astronomer.io).</source>
        <translation>Domaine Astro auquel se connecter (par défaut : le contexte actuel, sinon astronomer.io).</translation>
    </message>
    <message>
        <source>%1 must be a port number from 0 to 65535, not &quot;%2&quot;.</source>
        <translation>%1 doit être un numéro de port de 0 à 65535, et non &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>%1 must be a number of seconds from 1 to 86400, not &quot;%2&quot;.</source>
        <translation>%1 doit être un nombre de secondes de 1 à 86400, et non &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>login takes at most one DOMAIN, not %1 arguments.</source>
        <translation>login accepte au plus un DOMAIN, et non %1 arguments.</translation>
    </message>
    <message>
        <source>the DOMAIN argument is empty.</source>
        <translation>l&apos;argument DOMAIN est vide.</translation>
    </message>
    <message>
        <source>choose one way to log in: --token-login, --device-code, --login-link/--no-browser or --browser.</source>
        <translation>choisissez une seule façon de vous connecter : --token-login, --device-code, --login-link/--no-browser ou --browser.</translation>
    </message>
    <message>
        <source>--token-login needs a TOKEN, &apos;-&apos; (stdin) or &apos;@FILE&apos;.</source>
        <translation>--token-login attend un TOKEN, &apos;-&apos; (stdin) ou &apos;@FILE&apos;.</translation>
    </message>
    <message>
        <source>--token-login @FILE needs a file name after &apos;@&apos;.</source>
        <translation>--token-login @FILE attend un nom de fichier après &apos;@&apos;.</translation>
    </message>
    <message>
        <source>--gui logs in with the browser: it cannot be combined with --token-login or --device-code.</source>
        <translation>--gui se connecte avec le navigateur : il ne peut pas être combiné avec --token-login ou --device-code.</translation>
    </message>
    <message>
        <source>Log in to Astro Private Cloud (Houston) at a local DOMAIN (localhost or 127.0.0.1); other domains are recognised by name.</source>
        <translation>Se connecter à Astro Private Cloud (Houston) sur un DOMAIN local (localhost ou 127.0.0.1) ; les autres domaines sont reconnus à leur nom.</translation>
    </message>
    <message>
        <source>Astro Private Cloud: do not prompt for a username and password; paste an OAuth token from the token page.</source>
        <translation>Astro Private Cloud : ne pas demander de nom d&apos;utilisateur ni de mot de passe ; coller un jeton OAuth depuis la page du jeton.</translation>
    </message>
    <message>
        <source>--oauth asks for a pasted OAuth token: it cannot be combined with --token-login or --device-code.</source>
        <translation>--oauth demande un jeton OAuth collé : il ne peut pas être combiné avec --token-login ou --device-code.</translation>
    </message>
</context>
<context>
    <name>LoginPages</name>
    <message>
        <source>Login successful</source>
        <translation>Connexion réussie</translation>
    </message>
    <message>
        <source>You are logged in</source>
        <translation>Vous êtes connecté</translation>
    </message>
    <message>
        <source>The Astro CLI received your login.</source>
        <translation>L&apos;Astro CLI a reçu votre connexion.</translation>
    </message>
    <message>
        <source>You can close this window and return to the terminal.</source>
        <translation>Vous pouvez fermer cette fenêtre et revenir au terminal.</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>Échec de la connexion</translation>
    </message>
    <message>
        <source>The Astro CLI could not complete the login.</source>
        <translation>L&apos;Astro CLI n&apos;a pas pu terminer la connexion.</translation>
    </message>
    <message>
        <source>Return to the terminal to see why, then try again.</source>
        <translation>Revenez au terminal pour en voir la raison, puis réessayez.</translation>
    </message>
    <message>
        <source>Unexpected request</source>
        <translation>Requête inattendue</translation>
    </message>
    <message>
        <source>This request was not expected</source>
        <translation>Cette requête n&apos;était pas attendue</translation>
    </message>
    <message>
        <source>It does not belong to the login the Astro CLI is waiting for, so it was ignored.</source>
        <translation>Elle n&apos;appartient pas à la connexion qu&apos;attend l&apos;Astro CLI ; elle a donc été ignorée.</translation>
    </message>
    <message>
        <source>If you are logging in, finish in the browser window the CLI opened, or return to the terminal.</source>
        <translation>Si vous êtes en train de vous connecter, terminez dans la fenêtre du navigateur ouverte par la CLI, ou revenez au terminal.</translation>
    </message>
</context>
<context>
    <name>LoginPrompts</name>
    <message>
        <source>no answer: the input ended. Nothing was saved.</source>
        <translation>pas de réponse : l&apos;entrée est terminée. Rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <source>login cancelled; nothing was saved.</source>
        <translation>connexion annulée ; rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <source>Paste your token (it is not shown) and press Enter: </source>
        <translation>Collez votre jeton (il n&apos;est pas affiché) et appuyez sur Entrée : </translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>Impossible de lire le fichier de jeton %1 : %2</translation>
    </message>
    <message>
        <source>Note: a token on the command line is visible to other users (ps) and in your shell history; prefer &apos;--token-login -&apos; (stdin) or &apos;--token-login @FILE&apos;.
</source>
        <translation>Remarque : un jeton sur la ligne de commande est visible par les autres utilisateurs (ps) et dans l&apos;historique du shell ; préférez &apos;--token-login -&apos; (stdin) ou &apos;--token-login @FILE&apos;.
</translation>
    </message>
    <message>
        <source>
Please choose a workspace:
</source>
        <translation>
Veuillez choisir un espace de travail :
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
        <translation>Veuillez saisir un nombre entre 1 et %1.
</translation>
    </message>
</context>
<context>
    <name>LoginSteps</name>
    <message>
        <source>%1 Nothing was changed.</source>
        <translation>%1 Rien n&apos;a été modifié.</translation>
    </message>
</context>
<context>
    <name>LogoutCommand</name>
    <message>
        <source>Domain to log out of (default: the current context).</source>
        <translation>Domaine duquel se déconnecter (par défaut : le contexte actuel).</translation>
    </message>
    <message>
        <source>Log out of Astro: revoke the tokens at the server and delete them here.</source>
        <translation>Se déconnecter d&apos;Astro : révoquer les jetons auprès du serveur et les supprimer ici.</translation>
    </message>
    <message>
        <source>The server offers no token revocation; the tokens stay valid until they expire.
</source>
        <translation>Le serveur ne propose pas de révocation des jetons ; ils restent valides jusqu&apos;à leur expiration.
</translation>
    </message>
    <message>
        <source>Warning: could not revoke the tokens at the server (%1); they stay valid until they expire. The local credentials are deleted anyway.
</source>
        <translation>Avertissement : impossible de révoquer les jetons auprès du serveur (%1) ; ils restent valides jusqu&apos;à leur expiration. Les identifiants locaux sont supprimés malgré tout.
</translation>
    </message>
    <message>
        <source>Revoked the %1 at %2.
</source>
        <translation>Révocation effectuée auprès de %2 : %1.
</translation>
    </message>
    <message>
        <source>access and refresh tokens</source>
        <translation>jeton d&apos;accès et jeton d&apos;actualisation</translation>
    </message>
    <message>
        <source>access token</source>
        <translation>jeton d&apos;accès</translation>
    </message>
    <message>
        <source>Could not delete the credentials of %1: %2</source>
        <translation>Impossible de supprimer les identifiants de %1 : %2</translation>
    </message>
    <message>
        <source>Deleted the credentials from the %1.
</source>
        <translation>Identifiants supprimés du stockage : %1.
</translation>
    </message>
    <message>
        <source>Successfully logged out of Astronomer
</source>
        <translation>Déconnexion d&apos;Astronomer réussie
</translation>
    </message>
    <message>
        <source>refresh token</source>
        <translation>jeton d&apos;actualisation</translation>
    </message>
    <message>
        <source>Houston offers no token revocation: there is nothing to revoke there, and the token stays valid until it expires.
</source>
        <translation>Houston ne propose pas de révocation de jeton : il n&apos;y a rien à y révoquer, et le jeton reste valide jusqu&apos;à son expiration.
</translation>
    </message>
    <message>
        <source>Not logged in to %1: there was nothing to log out of.
</source>
        <translation>Non connecté à %1 : il n&apos;y avait rien à déconnecter.
</translation>
    </message>
</context>
<context>
    <name>LoopbackReplyHandler</name>
    <message>
        <source>Port %1 on localhost is already in use, so the login callback cannot be received. Is another &apos;astro login&apos; running? Otherwise use &apos;--callback-port 0&apos; for any free port, or &apos;--login-link&apos;.</source>
        <translation>Le port %1 de localhost est déjà utilisé, le rappel de connexion ne peut donc pas être reçu. Un autre &apos;astro login&apos; est-il en cours ? Sinon, utilisez &apos;--callback-port 0&apos; pour un port libre quelconque, ou &apos;--login-link&apos;.</translation>
    </message>
    <message>
        <source>Cannot listen on 127.0.0.1 port %1 for the login callback: %2</source>
        <translation>Impossible d&apos;écouter sur 127.0.0.1, port %1, pour le rappel de connexion : %2</translation>
    </message>
    <message>
        <source>Port %1 on localhost (::1) is already in use. Is another &apos;astro login&apos; running? Otherwise use &apos;--callback-port 0&apos; or &apos;--login-link&apos;.</source>
        <translation>Le port %1 de localhost (::1) est déjà utilisé. Un autre &apos;astro login&apos; est-il en cours ? Sinon, utilisez &apos;--callback-port 0&apos; ou &apos;--login-link&apos;.</translation>
    </message>
    <message>
        <source>slow client timed out</source>
        <translation>client trop lent, délai dépassé</translation>
    </message>
    <message>
        <source>oversized request headers</source>
        <translation>en-têtes de requête trop volumineux</translation>
    </message>
    <message>
        <source>malformed request line</source>
        <translation>ligne de requête mal formée</translation>
    </message>
    <message>
        <source>malformed header</source>
        <translation>en-tête mal formé</translation>
    </message>
    <message>
        <source>missing or repeated Host header</source>
        <translation>en-tête Host manquant ou répété</translation>
    </message>
    <message>
        <source>Host header is not localhost</source>
        <translation>l&apos;en-tête Host n&apos;est pas localhost</translation>
    </message>
    <message>
        <source>method other than GET</source>
        <translation>méthode autre que GET</translation>
    </message>
    <message>
        <source>request for another path</source>
        <translation>requête pour un autre chemin</translation>
    </message>
    <message>
        <source>callback after the login completed</source>
        <translation>rappel après la fin de la connexion</translation>
    </message>
    <message>
        <source>callback without state</source>
        <translation>rappel sans state</translation>
    </message>
    <message>
        <source>callback with a wrong state</source>
        <translation>rappel avec un state incorrect</translation>
    </message>
    <message>
        <source>callback from another issuer (iss mismatch)</source>
        <translation>rappel d&apos;un autre émetteur (iss ne correspond pas)</translation>
    </message>
    <message>
        <source>callback without a code</source>
        <translation>rappel sans code</translation>
    </message>
    <message>
        <source>callback without iss, which this server always sends</source>
        <translation>rappel sans iss, alors que ce serveur l&apos;envoie toujours</translation>
    </message>
</context>
<context>
    <name>NetworkEnvironment</name>
    <message>
        <source>the proxy in %1 is not one astro can use (it takes http://HOST:PORT or socks5://HOST:PORT)</source>
        <translation>le proxy de %1 n&apos;est pas utilisable par astro (il accepte http://HÔTE:PORT ou socks5://HÔTE:PORT)</translation>
    </message>
    <message>
        <source>%1=%2 cannot be read: %3</source>
        <translation>%1=%2 ne peut pas être lu : %3</translation>
    </message>
    <message>
        <source>%1=%2 holds no PEM certificate</source>
        <translation>%1=%2 ne contient aucun certificat PEM</translation>
    </message>
    <message>
        <source>SSL_CERT_DIR names %1, which is not a directory</source>
        <translation>SSL_CERT_DIR désigne %1, qui n&apos;est pas un répertoire</translation>
    </message>
    <message>
        <source>SSL_CERT_FILE/SSL_CERT_DIR hold no PEM certificate</source>
        <translation>SSL_CERT_FILE/SSL_CERT_DIR ne contiennent aucun certificat PEM</translation>
    </message>
    <message>
        <source>%1=%2: no such file</source>
        <translation>%1=%2 : fichier introuvable</translation>
    </message>
    <message>
        <source>%1=%2 is larger than 16 MiB: not a CA bundle</source>
        <translation>%1=%2 dépasse 16 Mio : ce n&apos;est pas un paquet d&apos;AC</translation>
    </message>
</context>
<context>
    <name>NetworkServices</name>
    <message>
        <source>ASTRO_HTTP_TIMEOUT must be a whole number of seconds from 1 to 3600, not &quot;%1&quot;.</source>
        <translation>ASTRO_HTTP_TIMEOUT doit être un nombre entier de secondes de 1 à 3600, pas &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>PastedInput</name>
    <message>
        <source>Nothing was pasted.</source>
        <translation>Rien n&apos;a été collé.</translation>
    </message>
    <message>
        <source>That is too long to be a login address or a token.</source>
        <translation>C&apos;est trop long pour être une adresse de connexion ou un jeton.</translation>
    </message>
    <message>
        <source>That address carries no login result. Paste the whole address shown in the browser&apos;s address bar after you logged in.</source>
        <translation>Cette adresse ne contient aucun résultat de connexion. Collez l&apos;adresse complète affichée dans la barre d&apos;adresse du navigateur après votre connexion.</translation>
    </message>
    <message>
        <source>That is not the login callback address (it should end in /callback?code=…).</source>
        <translation>Ce n&apos;est pas l&apos;adresse de rappel de la connexion (elle devrait se terminer par /callback?code=…).</translation>
    </message>
    <message>
        <source>That address has no code in it. Paste the address the browser ended on after you logged in.</source>
        <translation>Cette adresse ne contient pas de code. Collez l&apos;adresse sur laquelle le navigateur s&apos;est arrêté après votre connexion.</translation>
    </message>
    <message>
        <source>That is neither the address the browser ended on nor a token.</source>
        <translation>Ce n&apos;est ni l&apos;adresse sur laquelle le navigateur s&apos;est arrêté, ni un jeton.</translation>
    </message>
</context>
<context>
    <name>PlaintextMigration</name>
    <message>
        <source>Warning: the tokens of %1 stay in plain text in %2: the credential store cannot take them (%3).
</source>
        <translation>Avertissement : les jetons de %1 restent en clair dans %2 : le stockage des identifiants ne peut pas les prendre (%3).
</translation>
    </message>
    <message>
        <source>Moved the tokens of %1 that astro-cli kept in plain text in %2 into the %3.
</source>
        <translation>Les jetons de %1 qu&apos;astro-cli gardait en clair dans %2 ont été déplacés vers : %3.
</translation>
    </message>
    <message>
        <source>The credential store holds a login for %1: removing the tokens that astro-cli left in plain text in %2.
</source>
        <translation>Le stockage des identifiants contient déjà une connexion pour %1 : suppression des jetons qu&apos;astro-cli a laissés en clair dans %2.
</translation>
    </message>
    <message>
        <source>Removing the refresh token that astro-cli left for %1 in plain text in %2.
</source>
        <translation>Suppression du jeton d&apos;actualisation qu&apos;astro-cli a laissé en clair pour %1 dans %2.
</translation>
    </message>
    <message>
        <source>a token is still in plain text in %1, where anyone who can read the file can use it: the credential store could not take it (see the warning above).</source>
        <translation>un jeton est encore en clair dans %1, où quiconque peut lire le fichier peut l&apos;utiliser : le stockage des identifiants n&apos;a pas pu le prendre (voir l&apos;avertissement ci-dessus).</translation>
    </message>
</context>
<context>
    <name>RealServices</name>
    <message>
        <source> Start or unlock your keychain, or set ASTRO_CREDENTIAL_STORE=auto to allow the file fallback.</source>
        <translation> Démarrez ou déverrouillez votre trousseau, ou définissez ASTRO_CREDENTIAL_STORE=auto pour autoriser le repli sur un fichier.</translation>
    </message>
    <message>
        <source>ASTRO_CREDENTIAL_STORE must be auto, keychain or file, not &quot;%1&quot;.</source>
        <translation>ASTRO_CREDENTIAL_STORE doit valoir auto, keychain ou file, et non « %1 ».</translation>
    </message>
    <message>
        <source>Cannot find your home directory: HOME is not set, and the password database has no home directory for this account. Set HOME or ASTRO_HOME.</source>
        <translation>Impossible de trouver votre répertoire personnel : HOME n&apos;est pas défini, et la base des mots de passe n&apos;indique aucun répertoire personnel pour ce compte. Définissez HOME ou ASTRO_HOME.</translation>
    </message>
    <message>
        <source>ASTRO_KEYCHAIN_TIMEOUT must be a number of seconds, more than 0 and at most 3600, not &quot;%1&quot;.</source>
        <translation>ASTRO_KEYCHAIN_TIMEOUT doit être un nombre de secondes, supérieur à 0 et au plus 3600, pas &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>ReplacedLogin</name>
    <message>
        <source>Revoking the tokens of the previous login to %1.
</source>
        <translation>Révocation des jetons de la connexion précédente à %1.
</translation>
    </message>
</context>
<context>
    <name>SafeFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <source>Cannot create the directory %1: %2</source>
        <translation>Impossible de créer le répertoire %1 : %2</translation>
    </message>
    <message>
        <source>%1 is not a directory.</source>
        <translation>%1 n&apos;est pas un répertoire.</translation>
    </message>
    <message>
        <source>Cannot make %1 private (mode 0700): %2. Run &apos;chmod 700 %1&apos;.</source>
        <translation>Impossible de rendre %1 privé (mode 0700) : %2. Exécutez &apos;chmod 700 %1&apos;.</translation>
    </message>
    <message>
        <source>%1 is not a regular file; it was left unchanged. Replace it with a regular file, or remove it.</source>
        <translation>%1 n&apos;est pas un fichier ordinaire ; il n&apos;a pas été modifié. Remplacez-le par un fichier ordinaire, ou supprimez-le.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>Cannot create the lock file %1: %2</source>
        <translation>Impossible de créer le fichier de verrou %1 : %2</translation>
    </message>
    <message>
        <source>The lock is held by %1, process %2.</source>
        <translation>Le verrou est tenu par %1, processus %2.</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>no organization found. Please contact your Astro Organization Owner to be invited to the organization</source>
        <translation>aucune organisation trouvée. Contactez le propriétaire de votre organisation Astro pour être invité dans l&apos;organisation</translation>
    </message>
</context>
<context>
    <name>StatusCommand</name>
    <message>
        <source>Domain to check (default: the current context).</source>
        <translation>Domaine à vérifier (par défaut : le contexte actuel).</translation>
    </message>
    <message>
        <source>Print the status as JSON.</source>
        <translation>Afficher le statut en JSON.</translation>
    </message>
    <message>
        <source>Show who is logged in where, and where the credentials live. Exit 0 when a usable token exists, 1 otherwise.</source>
        <translation>Afficher qui est connecté où, et où sont stockés les identifiants. Code de sortie 0 si un jeton utilisable existe, 1 sinon.</translation>
    </message>
    <message>
        <source>Not logged in. Run &apos;astro login&apos; to authenticate.
</source>
        <translation>Non connecté. Exécutez &apos;astro login&apos; pour vous authentifier.
</translation>
    </message>
    <message>
        <source> (current context)</source>
        <translation> (contexte actuel)</translation>
    </message>
    <message>
        <source>  Not logged in. Run &apos;astro login %1&apos; to authenticate.
</source>
        <translation>  Non connecté. Exécutez &apos;astro login %1&apos; pour vous authentifier.
</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Espace de travail</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualisation</translation>
    </message>
    <message>
        <source>Stored in</source>
        <translation>Stocké dans</translation>
    </message>
    <message>
        <source>expires %1 (in %2)</source>
        <translation>expire le %1 (dans %2)</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>expiré le %1</translation>
    </message>
    <message>
        <source>no known expiry</source>
        <translation>pas d&apos;expiration connue</translation>
    </message>
    <message>
        <source>possible (refresh token stored)</source>
        <translation>possible (jeton d&apos;actualisation enregistré)</translation>
    </message>
    <message>
        <source>not possible (no refresh token)</source>
        <translation>impossible (pas de jeton d&apos;actualisation)</translation>
    </message>
    <message>
        <source>  Problem:      %1
</source>
        <translation>  Problème :          %1
</translation>
    </message>
    <message>
        <source>  The token expired. Run &apos;astro login %1&apos; to authenticate again.
</source>
        <translation>  Le jeton a expiré. Exécutez &apos;astro login %1&apos; pour vous authentifier à nouveau.
</translation>
    </message>
    <message>
        <source>%1
Also, %2</source>
        <translation>%1
De plus, %2</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Astro Private Cloud (apc)</source>
        <translation>Astro Private Cloud (apc)</translation>
    </message>
    <message>
        <source>not possible (APC tokens cannot be refreshed)</source>
        <translation>impossible (les jetons APC ne peuvent pas être actualisés)</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>ASTRO_API_TOKEN is set: &apos;astro auth token&apos; prints it, not a stored login.
</source>
        <translation>ASTRO_API_TOKEN est défini : &apos;astro auth token&apos; affiche ce jeton, pas celui d&apos;une connexion enregistrée.
</translation>
    </message>
    <message>
        <source>unknown (the token is not a JWT)</source>
        <translation>inconnu (le jeton n&apos;est pas un JWT)</translation>
    </message>
    <message>
        <source>  The token expired. Set a new ASTRO_API_TOKEN, or unset it to use the stored login.
</source>
        <translation>  Le jeton a expiré. Définissez un nouveau ASTRO_API_TOKEN, ou supprimez-le pour utiliser la connexion enregistrée.
</translation>
    </message>
    <message>
        <source>could not refresh the token (the current one is used until it expires): %1</source>
        <translation>impossible de rafraîchir le jeton (le jeton actuel est utilisé jusqu&apos;à son expiration) : %1</translation>
    </message>
</context>
<context>
    <name>Terminal</name>
    <message>
        <source>macOS Keychain</source>
        <translation>trousseau macOS</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>gestionnaire d&apos;identification Windows</translation>
    </message>
    <message>
        <source>Secret Service keychain</source>
        <translation>trousseau Secret Service</translation>
    </message>
</context>
<context>
    <name>TokenCommand</name>
    <message>
        <source>Domain whose token to print (default: the current context).</source>
        <translation>Domaine dont le jeton est affiché (par défaut : le contexte actuel).</translation>
    </message>
    <message>
        <source>Print a valid access token for scripts, and nothing else, on stdout.</source>
        <translation>Afficher sur stdout un jeton d&apos;accès valide pour les scripts, et rien d&apos;autre.</translation>
    </message>
    <message>
        <source>auth token takes no arguments; use --domain.</source>
        <translation>auth token n&apos;accepte aucun argument ; utilisez --domain.</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>aucun jeton trouvé. Exécutez &apos;astro login&apos; pour vous authentifier</translation>
    </message>
    <message>
        <source>could not write the token to stdout (%1).</source>
        <translation>impossible d&apos;écrire le jeton sur stdout (%1).</translation>
    </message>
</context>
<context>
    <name>TokenLogin</name>
    <message>
        <source>The token is empty. Give it with --token-login TOKEN, --token-login - (stdin) or --token-login @FILE.</source>
        <translation>Le jeton est vide. Indiquez-le avec --token-login TOKEN, --token-login - (stdin) ou --token-login @FILE.</translation>
    </message>
    <message>
        <source>The token is malformed: it is longer than 16 KiB.</source>
        <translation>Le jeton est mal formé : il dépasse 16 Kio.</translation>
    </message>
    <message>
        <source>The token is malformed: it contains characters that cannot be part of a token (a space, a line break or a quote?).</source>
        <translation>Le jeton est mal formé : il contient des caractères qui ne peuvent pas faire partie d&apos;un jeton (une espace, un saut de ligne ou un guillemet ?).</translation>
    </message>
    <message>
        <source>The token expired at %1. Create a new token and try again.</source>
        <translation>Le jeton a expiré le %1. Créez un nouveau jeton et réessayez.</translation>
    </message>
    <message>
        <source>The token was rejected by %1: it is invalid, expired or revoked. Nothing was saved.</source>
        <translation>Le jeton a été refusé par %1 : il est invalide, expiré ou révoqué. Rien n&apos;a été enregistré.</translation>
    </message>
</context>
<context>
    <name>TokenRefresh</name>
    <message>
        <source>Cannot refresh the token: %1</source>
        <translation>Impossible d&apos;actualiser le jeton : %1</translation>
    </message>
</context>
<context>
    <name>TokenResponse</name>
    <message>
        <source>the server refused the grant (invalid_grant): the login or code expired, was already used or was revoked. Run &apos;astro login&apos; to log in again.</source>
        <translation>le serveur a refusé l&apos;octroi d&apos;autorisation (invalid_grant) : la connexion ou le code a expiré, a déjà été utilisé ou a été révoqué. Exécutez &apos;astro login&apos; pour vous reconnecter.</translation>
    </message>
    <message>
        <source>the token endpoint refused the request (HTTP %1%2).</source>
        <translation>le point de terminaison de jeton a refusé la demande (HTTP %1%2).</translation>
    </message>
    <message>
        <source>the token endpoint&apos;s answer is not a JSON object; nothing was stored. Try again or contact Astronomer Support.</source>
        <translation>la réponse du point de terminaison de jeton n&apos;est pas un objet JSON ; rien n&apos;a été enregistré. Réessayez ou contactez le support Astronomer.</translation>
    </message>
    <message>
        <source>the token endpoint returned no usable access token.</source>
        <translation>le point de terminaison de jeton n&apos;a renvoyé aucun jeton d&apos;accès utilisable.</translation>
    </message>
    <message>
        <source>the token endpoint returned a malformed refresh token.</source>
        <translation>le point de terminaison de jeton a renvoyé un jeton d&apos;actualisation mal formé.</translation>
    </message>
    <message>
        <source>the token endpoint answered with %1 instead of JSON; nothing was stored. Try again or contact Astronomer Support.</source>
        <translation>le point de terminaison de jeton a répondu avec %1 au lieu de JSON ; rien n&apos;a été enregistré. Réessayez ou contactez le support Astronomer.</translation>
    </message>
</context>
<context>
    <name>astro::LoginWindow</name>
    <message>
        <source>Astro Login</source>
        <translation>Connexion Astro</translation>
    </message>
    <message>
        <source>Logging in to &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Connexion à &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Navigateur</translation>
    </message>
    <message>
        <source>Your browser opens automatically. If it did not, open this link:</source>
        <translation>Votre navigateur s&apos;ouvre automatiquement. Sinon, ouvrez ce lien :</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Open browser again</source>
        <translation>Rouvrir le navigateur</translation>
    </message>
    <message>
        <source>Browser on another device?</source>
        <translation>Navigateur sur un autre appareil ?</translation>
    </message>
    <message>
        <source>Paste the address the browser ended on, or an access token:</source>
        <translation>Collez l&apos;adresse sur laquelle le navigateur s&apos;est arrêté, ou un jeton d&apos;accès :</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <source>Fetching the login configuration…</source>
        <translation>Récupération de la configuration de connexion…</translation>
    </message>
    <message>
        <source>Login received; finishing…</source>
        <translation>Connexion reçue ; finalisation…</translation>
    </message>
    <message>
        <source>Waiting for login to complete in browser…</source>
        <translation>En attente de la fin de la connexion dans le navigateur…</translation>
    </message>
    <message>
        <source>Unable to open the browser: open the link below on any device.</source>
        <translation>Impossible d&apos;ouvrir le navigateur : ouvrez le lien ci-dessous sur n&apos;importe quel appareil.</translation>
    </message>
    <message>
        <source>Logging in as %1…</source>
        <translation>Connexion en tant que %1…</translation>
    </message>
    <message>
        <source>Successfully authenticated to Astronomer</source>
        <translation>Authentification auprès d&apos;Astronomer réussie</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Espace de travail : %1</translation>
    </message>
    <message>
        <source>No default workspace: choose one with &apos;astro workspace switch&apos;.</source>
        <translation>Aucun espace de travail par défaut : choisissez-en un avec &apos;astro workspace switch&apos;.</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>Échec de la connexion</translation>
    </message>
    <message>
        <source>Signed in as %1
Organization: %2</source>
        <translation>Connecté en tant que %1
Organisation : %2</translation>
    </message>
    <message>
        <source>The login listener could not start on port %1: after you log in, paste the address the browser ended on below.</source>
        <translation>L&apos;écouteur de connexion n&apos;a pas pu démarrer sur le port %1 : après la connexion, collez ci-dessous l&apos;adresse à laquelle le navigateur est arrivé.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
</TS>
