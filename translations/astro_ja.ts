<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
<context>
    <name>AstroPlatform</name>
    <message>
        <source>Cannot reach %1 to %2: %3. Check your network and the domain (%4).</source>
        <translation>%2のために %1 に接続できません: %3。ネットワークとドメイン (%4) を確認してください。</translation>
    </message>
    <message>
        <source>The server refused the token while trying to %1 (HTTP %2): it is invalid, expired or revoked. Run &apos;astro login&apos; to authenticate again.</source>
        <translation>%1の際にサーバーがトークンを拒否しました (HTTP %2): トークンが無効、期限切れ、または失効しています。&apos;astro login&apos; を実行して再度認証してください。</translation>
    </message>
    <message>
        <source>Could not %1: the server answered HTTP %2. Try again or contact Astronomer Support.</source>
        <translation>%1に失敗しました: サーバーが HTTP %2 を返しました。再試行するか、Astronomer サポートにお問い合わせください。</translation>
    </message>
    <message>
        <source>fetch the login configuration of %1</source>
        <translation>%1 のログイン設定の取得</translation>
    </message>
    <message>
        <source>The login configuration of %1 is incomplete or unsafe. Try again or contact Astronomer Support.</source>
        <translation>%1 のログイン設定が不完全か、安全ではありません。再試行するか、Astronomer サポートにお問い合わせください。</translation>
    </message>
    <message>
        <source>call the Astro API (%1)</source>
        <translation>Astro API (%1) の呼び出し</translation>
    </message>
    <message>
        <source>Could not %1: %2. Nothing was stored. Contact Astronomer Support if this persists.</source>
        <translation>%1に失敗しました: %2。何も保存していません。問題が解決しない場合は、Astronomer サポートにお問い合わせください。</translation>
    </message>
</context>
<context>
    <name>Browser</name>
    <message>
        <source>the desktop</source>
        <translation>デスクトップ</translation>
    </message>
    <message>
        <source>the default browser</source>
        <translation>既定のブラウザー</translation>
    </message>
</context>
<context>
    <name>BrowserLogin</name>
    <message>
        <source>Could not authorize your device. %1: %2</source>
        <translation>デバイスを認可できませんでした。%1: %2</translation>
    </message>
    <message>
        <source>The login request failed (Qt OAuth error %1).</source>
        <translation>ログイン要求に失敗しました (Qt OAuth エラー %1)。</translation>
    </message>
    <message>
        <source>The token request failed: invalid_grant. The code expired or was already used; run &apos;astro login&apos; again.</source>
        <translation>トークンの要求に失敗しました: invalid_grant。コードの有効期限が切れたか、すでに使用されています。&apos;astro login&apos; をもう一度実行してください。</translation>
    </message>
    <message>
        <source>The code exchange failed: %1</source>
        <translation>コードの交換に失敗しました: %1</translation>
    </message>
</context>
<context>
    <name>BrowserSession</name>
    <message>
        <source>That address does not belong to this login (%1). Paste the address from the browser window of this login.</source>
        <translation>このアドレスはこのログインのものではありません (%1)。このログインのブラウザーウィンドウのアドレスを貼り付けてください。</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Error: cannot run astro-network (%1), which astro needs to talk to the server. Reinstall astro-auth.
</source>
        <translation>エラー: astro-network を実行できません (%1)。astro がサーバーと通信するには astro-network が必要です。astro-auth を再インストールしてください。
</translation>
    </message>
    <message>
        <source>Print the version of astro-auth.</source>
        <translation>astro-auth のバージョンを表示します。</translation>
    </message>
    <message>
        <source>unknown command &quot;auth %1&quot;.%2 Run &apos;astro auth --help&apos;.</source>
        <translation>不明なコマンド &quot;auth %1&quot; です。%2&apos;astro auth --help&apos; を実行してください。</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;.%2 Run &apos;astro --help&apos;.</source>
        <translation>不明なコマンド &quot;%1&quot; です。%2&apos;astro --help&apos; を実行してください。</translation>
    </message>
    <message>
        <source>astro-auth: log in to Astro and keep the credentials in the OS keychain.</source>
        <translation>astro-auth: Astro にログインし、認証情報を OS のキーチェーンに保管します。</translation>
    </message>
    <message>
        <source>Run &apos;astro help &lt;command&gt;&apos; or &apos;astro &lt;command&gt; --help&apos; for the flags of a command.
Environment: ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT, ASTRO_HTTP_TIMEOUT, ASTRO_LOGIN_TIMEOUT (seconds), ASTRO_CALLBACK_PORT,
ASTRO_LANG=de|fr|ja|en.
</source>
        <translation>コマンドのオプションは &apos;astro help &lt;コマンド&gt;&apos; または &apos;astro &lt;コマンド&gt; --help&apos; で確認できます。
環境変数: ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT, ASTRO_HTTP_TIMEOUT, ASTRO_LOGIN_TIMEOUT (秒), ASTRO_CALLBACK_PORT,
ASTRO_LANG=de|fr|ja|en。
</translation>
    </message>
    <message>
        <source>Log in and out, print or hand on a token, show the status</source>
        <translation>ログインとログアウト、トークンの出力と受け渡し、状態の表示</translation>
    </message>
    <message>
        <source>Log in (--token-login TOKEN|-|@FILE for pipelines)</source>
        <translation>ログインします (パイプラインでは --token-login TOKEN|-|@FILE)</translation>
    </message>
    <message>
        <source>Revoke the tokens and delete them here</source>
        <translation>トークンを失効させ、ここから削除します</translation>
    </message>
    <message>
        <source>Print a valid access token on stdout</source>
        <translation>有効なアクセストークンを stdout に出力します</translation>
    </message>
    <message>
        <source>Show who is logged in, and where the secret lives</source>
        <translation>誰がログインしているか、シークレットの保存先を表示します</translation>
    </message>
    <message>
        <source>Run COMMAND with a fresh token in ASTRO_API_TOKEN</source>
        <translation>ASTRO_API_TOKEN に新しいトークンを入れて COMMAND を実行します</translation>
    </message>
    <message>
        <source>Let Docker use docker-credential-astro for Astro&apos;s registry</source>
        <translation>Astro のレジストリに docker-credential-astro を使うよう Docker を設定します</translation>
    </message>
    <message>
        <source>Shortcut for &apos;auth login&apos;</source>
        <translation>&apos;auth login&apos; の短縮形</translation>
    </message>
    <message>
        <source>Shortcut for &apos;auth logout&apos;</source>
        <translation>&apos;auth logout&apos; の短縮形</translation>
    </message>
    <message>
        <source>Manage the contexts (one per domain): list, switch, delete</source>
        <translation>コンテキストを管理します (ドメインごとに 1 つ): 一覧、切り替え、削除</translation>
    </message>
    <message>
        <source>List the contexts; --names prints only the domains</source>
        <translation>コンテキストを一覧表示します。--names はドメインだけを出力します</translation>
    </message>
    <message>
        <source>Make DOMAIN&apos;s context current</source>
        <translation>DOMAIN のコンテキストを現在のコンテキストにします</translation>
    </message>
    <message>
        <source>Delete DOMAIN&apos;s context and its stored credentials</source>
        <translation>DOMAIN のコンテキストと、保存された認証情報を削除します</translation>
    </message>
    <message>
        <source>Print a completion script (bash, zsh, fish, powershell)</source>
        <translation>補完スクリプトを出力します (bash, zsh, fish, powershell)</translation>
    </message>
    <message>
        <source>Print the version</source>
        <translation>バージョンを表示します</translation>
    </message>
    <message>
        <source>Show the help of a command</source>
        <translation>コマンドのヘルプを表示します</translation>
    </message>
    <message>
        <source>Usage:
  astro &lt;command&gt; [flags]

Commands:
</source>
        <translation>使い方:
  astro &lt;コマンド&gt; [オプション]

コマンド:
</translation>
    </message>
    <message>
        <source>Log in to Astro, log out, print a token or hand it to another program, or show who is logged in.</source>
        <translation>Astro へのログイン、ログアウト、トークンの出力や他のプログラムへの受け渡し、ログイン状況の表示を行います。</translation>
    </message>
    <message>
        <source>Manage Astro contexts (one per domain) in config.yaml.</source>
        <translation>config.yaml の Astro のコンテキスト (ドメインごとに 1 つ) を管理します。</translation>
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

使い方:
  astro %2 &lt;コマンド&gt; [オプション]

コマンド:
%3
コマンドのオプションは &apos;astro %2 &lt;コマンド&gt; --help&apos; で確認できます。
</translation>
    </message>
    <message>
        <source>unknown command &quot;%1 %2&quot;.%3 Run &apos;astro %1 --help&apos;.</source>
        <translation>不明なコマンド &quot;%1 %2&quot; です。%3&apos;astro %1 --help&apos; を実行してください。</translation>
    </message>
</context>
<context>
    <name>CommandSupport</name>
    <message>
        <source>Error: %1
</source>
        <translation>エラー: %1
</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>トークンが見つかりません。&apos;astro login&apos; を実行して認証してください</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>Error: %1
Run &apos;astro %2 --help&apos; for usage.
</source>
        <translation>エラー: %1
使い方は &apos;astro %2 --help&apos; で確認できます。
</translation>
    </message>
    <message>
        <source>%1

Usage:
  astro %2 %3
</source>
        <translation>%1

使い方:
  astro %2 %3
</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>A number and its unit, as in &quot;5 minutes&quot; (%1 the number, %2 the unit).</extracomment>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>second</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>minute</source>
        <translation>分</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分</translation>
    </message>
    <message>
        <source>hour</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>days</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>オプション:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>引数:</translation>
    </message>
    <message>
        <source>[flags]</source>
        <translation>[オプション]</translation>
    </message>
    <message>
        <source>ASTRO_API_TOKEN must be one token on one line, without line breaks or other control characters. Set it again, or unset it to use the stored login.</source>
        <translation>ASTRO_API_TOKEN は改行などの制御文字を含まない 1 行のトークンでなければなりません。設定し直すか、保存されたログインを使うには設定を解除してください。</translation>
    </message>
    <message>
        <source>&apos;astro %1&apos; takes no arguments, not &quot;%2&quot;.</source>
        <translation>&apos;astro %1&apos; に引数は指定できません (&quot;%2&quot; が指定されました)。</translation>
    </message>
    <message>
        <source>&apos;astro %1&apos; takes at most %2 argument(s), not %3.</source>
        <translation>&apos;astro %1&apos; に指定できる引数は %2 個までです (%3 個が指定されました)。</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>%1 のことですか？</translation>
    </message>
    <message>
        <source> or </source>
        <translation> または </translation>
    </message>
    <message>
        <source>%1 needs a domain, not an empty value.</source>
        <translation>%1 にはドメインが必要です。空の値は使えません。</translation>
    </message>
    <message>
        <source>the %1 argument is empty.</source>
        <translation>引数 %1 が空です。</translation>
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
        <translation>シェル補完スクリプトを出力します。

使い方:
  astro completion bash|zsh|fish|powershell

例:
  source &lt;(astro completion bash)
  astro completion fish | source
</translation>
    </message>
    <message>
        <source>usage: astro completion bash|zsh|fish|powershell</source>
        <translation>使い方: astro completion bash|zsh|fish|powershell</translation>
    </message>
    <message>
        <source>the %1 completion script is missing from this build.</source>
        <translation>このビルドには %1 の補完スクリプトが含まれていません。</translation>
    </message>
</context>
<context>
    <name>Config</name>
    <message>
        <source>the top level is not a mapping</source>
        <translation>最上位がマッピングではありません</translation>
    </message>
    <message>
        <source>&quot;contexts&quot; is not a mapping</source>
        <translation>&quot;contexts&quot; がマッピングではありません</translation>
    </message>
    <message>
        <source>a context is not a mapping</source>
        <translation>コンテキストがマッピングではありません</translation>
    </message>
    <message>
        <source>&quot;context&quot; is not a string</source>
        <translation>&quot;context&quot; が文字列ではありません</translation>
    </message>
    <message>
        <source>%1 is not a valid astro config (%2). It was left unchanged: fix it, or move it away to start afresh.</source>
        <translation>%1 は有効な astro の設定ファイルではありません (%2)。ファイルは変更されていません。修正するか、別の場所に移動して最初からやり直してください。</translation>
    </message>
    <message>
        <source>%1 is larger than 4 MiB; it was left unchanged.</source>
        <translation>%1 は 4 MiB を超えています。ファイルは変更されていません。</translation>
    </message>
    <message>
        <source>a context name is not a string</source>
        <translation>コンテキスト名が文字列ではありません</translation>
    </message>
    <message>
        <source>the key &quot;%1&quot; appears twice</source>
        <translation>キー &quot;%1&quot; が 2 回出現します</translation>
    </message>
    <message>
        <source>%1 is locked by another process (lock file %2). Try again when it has finished.</source>
        <translation>%1 は別のプロセスがロックしています (ロックファイル %2)。終わってから再試行してください。</translation>
    </message>
</context>
<context>
    <name>ContextCommand</name>
    <message>
        <source>Print only the domains, one per line.</source>
        <translation>ドメインだけを 1 行に 1 つずつ出力します。</translation>
    </message>
    <message>
        <source>List the contexts; the current one is marked with *.</source>
        <translation>コンテキストを一覧表示します。現在のコンテキストには * が付きます。</translation>
    </message>
    <message>
        <source>CONTEXT DOMAIN</source>
        <translation>コンテキストのドメイン</translation>
    </message>
    <message>
        <source>USER</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>WORKSPACE</source>
        <translation>ワークスペース</translation>
    </message>
    <message>
        <source>No contexts yet. Run &apos;astro login DOMAIN&apos; to create one.
</source>
        <translation>コンテキストはまだありません。&apos;astro login DOMAIN&apos; を実行して作成してください。
</translation>
    </message>
    <message>
        <source>The context&apos;s domain.</source>
        <translation>コンテキストのドメイン。</translation>
    </message>
    <message>
        <source>Make DOMAIN&apos;s context the current one.</source>
        <translation>DOMAIN のコンテキストを現在のコンテキストにします。</translation>
    </message>
    <message>
        <source>Delete DOMAIN&apos;s context and its stored credentials.</source>
        <translation>DOMAIN のコンテキストと、保存されている認証情報を削除します。</translation>
    </message>
    <message>
        <source>context %1 takes one DOMAIN.</source>
        <translation>context %1 には DOMAIN を 1 つ指定してください。</translation>
    </message>
    <message>
        <source>no context for %1. Run &apos;astro context list&apos; to see them, or &apos;astro login %1&apos;.</source>
        <translation>%1 のコンテキストはありません。&apos;astro context list&apos; で一覧を確認するか、&apos;astro login %1&apos; を実行してください。</translation>
    </message>
    <message>
        <source>Switched to the %1 context.
</source>
        <translation>コンテキスト %1 に切り替えました。
</translation>
    </message>
    <message>
        <source>could not delete the credentials of %1: %2; the context was kept.</source>
        <translation>%1 の認証情報を削除できませんでした: %2。コンテキストは残してあります。</translation>
    </message>
    <message>
        <source>Successfully deleted context: %1
</source>
        <translation>コンテキストを削除しました: %1
</translation>
    </message>
</context>
<context>
    <name>DeviceLogin</name>
    <message>
        <source>this server does not offer the device code login (no device_authorization_endpoint). Use &apos;--login-link&apos; instead.</source>
        <translation>このサーバーはデバイスコードによるログインに対応していません (device_authorization_endpoint がありません)。代わりに &apos;--login-link&apos; を使用してください。</translation>
    </message>
    <message>
        <source>Cannot start the device login: %1.</source>
        <translation>デバイスログインを開始できません: %1。</translation>
    </message>
    <message>
        <source>The server refused the device login (HTTP %1 %2).</source>
        <translation>サーバーがデバイスログインを拒否しました (HTTP %1 %2)。</translation>
    </message>
    <message>
        <source>The device login answer is incomplete.</source>
        <translation>デバイスログインの応答が不完全です。</translation>
    </message>
    <message>
        <source>the code expired before it was approved. Run &apos;astro login --device-code&apos; again.</source>
        <translation>コードが承認される前に有効期限が切れました。&apos;astro login --device-code&apos; をもう一度実行してください。</translation>
    </message>
    <message>
        <source>the code expired or was already used (invalid_grant). Run &apos;astro login --device-code&apos; again.</source>
        <translation>コードの有効期限が切れたか、すでに使用されています (invalid_grant)。&apos;astro login --device-code&apos; をもう一度実行してください。</translation>
    </message>
    <message>
        <source>Could not authorize your device. access_denied: %1</source>
        <translation>デバイスを認可できませんでした。access_denied: %1</translation>
    </message>
    <message>
        <source>The device login failed: %1</source>
        <translation>デバイスログインに失敗しました: %1</translation>
    </message>
</context>
<context>
    <name>DockerCommands</name>
    <message>
        <source>docker-credential-astro: no login for %1. Run &apos;astro login %1&apos;.
</source>
        <translation>docker-credential-astro: %1 にはログインしていません。&apos;astro login %1&apos; を実行してください。
</translation>
    </message>
    <message>
        <source>Let Docker (and every client that reads its credHelpers) get a fresh Astro token from docker-credential-astro for Astro&apos;s image registries. Adds a credHelpers entry for each REGISTRY (default: the registry of the current context&apos;s domain, or ASTRO_IMAGE_REGISTRY) to Docker&apos;s config.json ($DOCKER_CONFIG, else ~/.docker), keeping everything else in it. No token is written there.</source>
        <translation>Docker (および credHelpers を読むすべてのクライアント) が、Astro のイメージレジストリ用の新しい Astro トークンを docker-credential-astro から取得できるようにします。各 REGISTRY (既定: 現在のコンテキストのドメインのレジストリ、または ASTRO_IMAGE_REGISTRY) の credHelpers エントリを Docker の config.json ($DOCKER_CONFIG、なければ ~/.docker) に追加し、ほかの内容はすべて保持します。トークンはそこに書き込まれません。</translation>
    </message>
    <message>
        <source>no image registry is known for %1: set ASTRO_IMAGE_REGISTRY=HOST[:PORT] or name the registry.</source>
        <translation>%1 のイメージレジストリが不明です: ASTRO_IMAGE_REGISTRY=HOST[:PORT] を設定するか、レジストリを指定してください。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a registry (HOST[:PORT]).</source>
        <translation>「%1」はレジストリ (HOST[:PORT]) ではありません。</translation>
    </message>
    <message>
        <source>cannot find Docker&apos;s configuration: set DOCKER_CONFIG or HOME.</source>
        <translation>Docker の設定が見つかりません: DOCKER_CONFIG または HOME を設定してください。</translation>
    </message>
    <message>
        <source>%1 is not a JSON object (%2); it was not changed.</source>
        <translation>%1 は JSON オブジェクトではありません (%2)。変更していません。</translation>
    </message>
    <message>
        <source>cannot create %1.</source>
        <translation>%1 を作成できません。</translation>
    </message>
    <message>
        <source>Adding credentials for: %1
Docker configuration file updated: %2
</source>
        <translation>認証情報を追加しました: %1
Docker の設定ファイルを更新しました: %2
</translation>
    </message>
    <message>
        <source>Warning: docker-credential-astro is not on your PATH, where Docker looks for it.
</source>
        <translation>警告: docker-credential-astro が PATH にありません。Docker は PATH から探します。
</translation>
    </message>
    <message>
        <source>could not refresh the token for %1 (astro-network exited with %2; it said why on stderr).</source>
        <translation>%1 のトークンを更新できませんでした (astro-network が %2 で終了しました。理由は stderr に出力されています)。</translation>
    </message>
    <message>
        <source>docker-credential-astro: %1 is ASTRO_IMAGE_REGISTRY, the registry of the current context, but there is no current context. Run &apos;astro login DOMAIN&apos; (or set ASTRO_DOMAIN) for the domain it serves.
</source>
        <translation>docker-credential-astro: %1 は ASTRO_IMAGE_REGISTRY (現在のコンテキストのレジストリ) ですが、現在のコンテキストがありません。対応するドメインで &apos;astro login DOMAIN&apos; を実行してください (または ASTRO_DOMAIN を設定してください)。
</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>Invalid domain &quot;%1&quot;. Give a domain such as astronomer.io, or localhost:PORT for a local server.</source>
        <translation>無効なドメイン &quot;%1&quot; です。astronomer.io のようなドメインか、ローカルサーバーなら localhost:PORT を指定してください。</translation>
    </message>
    <message>
        <source>Invalid port in domain &quot;%1&quot;.</source>
        <translation>ドメイン &quot;%1&quot; のポートが無効です。</translation>
    </message>
    <message>
        <source>A port is only allowed on a local domain (localhost or 127.0.0.1).</source>
        <translation>ポートはローカルドメイン (localhost または 127.0.0.1) でのみ指定できます。</translation>
    </message>
</context>
<context>
    <name>ExecCommand</name>
    <message>
        <source>Domain whose token to pass (default: the current context).</source>
        <translation>トークンを渡すドメイン (既定: 現在のコンテキスト)。</translation>
    </message>
    <message>
        <source>Environment variable that holds the token (default: ASTRO_API_TOKEN).</source>
        <translation>トークンを入れる環境変数 (既定: ASTRO_API_TOKEN)。</translation>
    </message>
    <message>
        <source>auth exec needs &apos;--&apos; and a command: astro auth exec [-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]</source>
        <translation>auth exec には &apos;--&apos; とコマンドが必要です: astro auth exec [-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]</translation>
    </message>
    <message>
        <source>Run COMMAND with a fresh access token in the environment variable NAME and the domain in ASTRO_DOMAIN, never on a command line. The token is refreshed first when it is due. Standard input, output and error are COMMAND&apos;s; signals reach it, and astro exits with its exit status.</source>
        <translation>新しいアクセストークンを環境変数 NAME に、ドメインを ASTRO_DOMAIN に入れて COMMAND を実行します。トークンがコマンドラインに載ることはありません。更新が必要なときは先にトークンを更新します。標準入力・標準出力・標準エラーは COMMAND のものになり、シグナルは COMMAND に届き、astro は COMMAND の終了ステータスで終了します。</translation>
    </message>
    <message>
        <source>--env needs a variable name (letters, digits and _, not starting with a digit), not &quot;%1&quot;.</source>
        <translation>--env には変数名 (英字、数字、_ で、数字で始まらないもの) が必要です。「%1」は使えません。</translation>
    </message>
    <message>
        <source>command not found: %1</source>
        <translation>コマンドが見つかりません: %1</translation>
    </message>
    <message>
        <source>cannot run %1: %2</source>
        <translation>%1 を実行できません: %2</translation>
    </message>
    <message>
        <source>--env %1 would change how the command runs: name another variable.</source>
        <translation>--env %1 はコマンドの実行方法を変えてしまいます。別の変数名を指定してください。</translation>
    </message>
</context>
<context>
    <name>FallbackStore</name>
    <message>
        <source>Warning: %1 Falling back to a file; set ASTRO_CREDENTIAL_STORE=keychain to refuse this.</source>
        <translation>警告: %1 代わりにファイルを使用します。これを拒否するには ASTRO_CREDENTIAL_STORE=keychain を設定してください。</translation>
    </message>
</context>
<context>
    <name>FileStore</name>
    <message>
        <source>file %1</source>
        <translation>ファイル %1</translation>
    </message>
    <message>
        <source>Refusing to use %1: other users can read or write it. Run &apos;chmod 600 %1&apos; and log in again to rotate the tokens, or delete it.</source>
        <translation>%1 は使用しません: 他のユーザーが読み書きできる状態です。&apos;chmod 600 %1&apos; を実行してから再度ログインしてトークンを更新するか、ファイルを削除してください。</translation>
    </message>
    <message>
        <source>%1 is too large to be ours.</source>
        <translation>%1 は大きすぎるため、astro のファイルではありません。</translation>
    </message>
    <message>
        <source>%1 is corrupt; it was left unchanged. Move it away and log in again.</source>
        <translation>%1 は破損しています。ファイルは変更されていません。別の場所に移動してから再度ログインしてください。</translation>
    </message>
    <message>
        <source>The entry for %1 in %2 is corrupt. Log in again.</source>
        <translation>%2 にある %1 のエントリは破損しています。再度ログインしてください。</translation>
    </message>
    <message>
        <source>Warning: credentials were saved in plain text in %1 (mode 0600), because no keychain could be used.</source>
        <translation>警告: キーチェーンを使用できなかったため、認証情報を平文で %1 (モード 0600) に保存しました。</translation>
    </message>
    <message>
        <source>%1 is locked by another process.</source>
        <translation>%1 は別のプロセスがロックしています。</translation>
    </message>
</context>
<context>
    <name>FreshToken</name>
    <message>
        <source>the token for %1 expired at %2 and cannot be refreshed. Run &apos;astro login %1&apos; to authenticate again.</source>
        <translation>%1 のトークンは %2 に有効期限が切れており、更新できません。&apos;astro login %1&apos; を実行して再度認証してください。</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>トークンが見つかりません。&apos;astro login&apos; を実行して認証してください</translation>
    </message>
    <message>
        <source>the token for %1 was refreshed, but it could not be saved (%2 tries): %3
The stored login still works: fix the cause above and try again.</source>
        <translation>%1 のトークンを更新しましたが、保存できませんでした (%2 回試行): %3
保存されているログインは引き続き使用できます。上記の原因を解決してから再試行してください。</translation>
    </message>
    <message>
        <source>the token for %1 was refreshed, but the new tokens could not be saved (%2 tries): %3
The server has replaced the refresh token, so the stored one no longer works: the login for %1 is lost. Fix the cause above, then run &apos;astro login %1&apos;.</source>
        <translation>%1 のトークンを更新しましたが、新しいトークンを保存できませんでした (%2 回試行): %3
サーバーがリフレッシュトークンを置き換えたため、保存されているリフレッシュトークンは使用できなくなりました。%1 へのログインは失われています。上記の原因を解決してから &apos;astro login %1&apos; を実行してください。</translation>
    </message>
    <message>
        <source>another astro process has been refreshing, logging in to or out of %1 for %2 s (lock %3). Try again.</source>
        <translation>別の astro プロセスが %2 秒間、%1 のトークンの更新、ログイン、またはログアウトを行っています (ロック %3)。もう一度お試しください。</translation>
    </message>
    <message>
        <source>Waiting for another astro process, which is refreshing, logging in to or out of %1 (lock %2).%3
</source>
        <translation>%1 のトークン更新、ログインまたはログアウト中の別の astro プロセスを待っています (ロック %2)。%3
</translation>
    </message>
    <message>
        <source>Your token has expired. Please log in again: run &apos;%1&apos; (APC tokens cannot be refreshed; this one expired at %2).</source>
        <translation>トークンの有効期限が切れています。再度ログインしてください: &apos;%1&apos; を実行してください (APC のトークンは更新できません。このトークンは %2 に期限切れになりました)。</translation>
    </message>
    <message>
        <source>Warning: could not refresh the token for %1: %2
Using the current token, which expires in %3 (at %4).
</source>
        <translation>警告: %1 のトークンを更新できませんでした: %2
現在のトークンを使用します。有効期限はあと %3 (%4) です。
</translation>
    </message>
    <message>
        <source>another astro process tried just now and could not reach the server.</source>
        <translation>別の astro プロセスが先ほど試みましたが、サーバーに接続できませんでした。</translation>
    </message>
</context>
<context>
    <name>GuiLauncher</name>
    <message>
        <source>neither DISPLAY nor WAYLAND_DISPLAY is set</source>
        <translation>DISPLAY も WAYLAND_DISPLAY も設定されていません</translation>
    </message>
    <message>
        <source>Error: the login window (astro-gui) is not installed with this astro. Run &apos;astro login&apos; in a terminal instead.
</source>
        <translation>エラー: この astro にはログインウィンドウ (astro-gui) がインストールされていません。代わりにターミナルで &apos;astro login&apos; を実行してください。
</translation>
    </message>
    <message>
        <source>Error: could not start the login window (astro-gui).
</source>
        <translation>エラー: ログインウィンドウ (astro-gui) を起動できませんでした。
</translation>
    </message>
    <message>
        <source>the X display %1 does not answer</source>
        <translation>X ディスプレイ %1 が応答しません</translation>
    </message>
    <message>
        <source>the Wayland display %1 does not answer</source>
        <translation>Wayland ディスプレイ %1 が応答しません</translation>
    </message>
    <message>
        <source>QT_QPA_PLATFORM=%1 needs a display that is not set</source>
        <translation>QT_QPA_PLATFORM=%1 には設定されていないディスプレイが必要です</translation>
    </message>
</context>
<context>
    <name>GuiMain</name>
    <message>
        <source>The Astro CLI&apos;s login window (astro login --gui).

Usage:
  astro-gui [DOMAIN] [flags]
</source>
        <translation>Astro CLI のログインウィンドウ (astro login --gui)。

使い方:
  astro-gui [DOMAIN] [オプション]
</translation>
    </message>
    <message>
        <source>the login window logs in with the browser (or a pasted address or token); for another way, run &apos;astro login&apos; in a terminal.</source>
        <translation>ログインウィンドウはブラウザー (または貼り付けたアドレスかトークン) でログインします。別の方法を使うには、ターミナルで &apos;astro login&apos; を実行してください。</translation>
    </message>
    <message>
        <source>the login window needs a display (%1). Run &apos;astro login&apos; in a terminal instead, or &apos;astro login --login-link&apos;.</source>
        <translation>ログインウィンドウにはディスプレイが必要です (%1)。代わりにターミナルで &apos;astro login&apos; か &apos;astro login --login-link&apos; を実行してください。</translation>
    </message>
    <message>
        <source>Astro Login</source>
        <translation>Astro ログイン</translation>
    </message>
</context>
<context>
    <name>Headless</name>
    <message>
        <source>this is an SSH session</source>
        <translation>SSH セッションです</translation>
    </message>
    <message>
        <source>this is a CI environment</source>
        <translation>CI 環境です</translation>
    </message>
    <message>
        <source>this is a container</source>
        <translation>コンテナ内です</translation>
    </message>
    <message>
        <source>this is WSL with no way to open a Windows browser (install wslu for wslview)</source>
        <translation>Windows のブラウザーを開く手段のない WSL です (wslview を使うには wslu をインストールしてください)</translation>
    </message>
    <message>
        <source>there is no display (DISPLAY and WAYLAND_DISPLAY are not set)</source>
        <translation>ディスプレイがありません (DISPLAY と WAYLAND_DISPLAY が設定されていません)</translation>
    </message>
</context>
<context>
    <name>Houston</name>
    <message>
        <source>Could not %1: Houston at %2 answered &quot;%3&quot;.</source>
        <translation>%1に失敗しました: %2 の Houston の応答は「%3」でした。</translation>
    </message>
    <message>
        <source>Could not %1: %2. Nothing was stored. Contact your Astro Private Cloud administrator if this persists.</source>
        <translation>%1に失敗しました: %2。何も保存していません。問題が解決しない場合は、Astro Private Cloud の管理者にお問い合わせください。</translation>
    </message>
    <message>
        <source>Cannot reach Houston at %1 to %2: %3. Check your network and the domain (%4).</source>
        <translation>%1 の Houston に接続できません (%2): %3。ネットワークとドメイン (%4) を確認してください。</translation>
    </message>
    <message>
        <source>Could not %1: Houston at %2 answered HTTP %3. Try again or contact your Astro Private Cloud administrator.</source>
        <translation>%1に失敗しました: %2 の Houston が HTTP %3 を返しました。再試行するか、Astro Private Cloud の管理者にお問い合わせください。</translation>
    </message>
    <message>
        <source>Could not %1: Houston at %2 answered something that is not a GraphQL answer. Check the domain (%3).</source>
        <translation>%1に失敗しました: %2 の Houston の応答は GraphQL の応答ではありません。ドメイン (%3) を確認してください。</translation>
    </message>
    <message>
        <source>fetch the login configuration</source>
        <translation>ログイン設定の取得</translation>
    </message>
    <message>
        <source>log in with a password</source>
        <translation>パスワードによるログイン</translation>
    </message>
    <message>
        <source>local auth login failed: %1</source>
        <translation>ローカル認証によるログインに失敗しました: %1</translation>
    </message>
    <message>
        <source>local auth login failed: Houston at %1 returned no usable token.</source>
        <translation>ローカル認証によるログインに失敗しました: %1 の Houston は使用できるトークンを返しませんでした。</translation>
    </message>
    <message>
        <source>check the token</source>
        <translation>トークンの確認</translation>
    </message>
    <message>
        <source>fetch Houston&apos;s version</source>
        <translation>Houston のバージョンの取得</translation>
    </message>
    <message>
        <source>list the workspaces</source>
        <translation>ワークスペースの一覧の取得</translation>
    </message>
    <message>
        <source>Your token has expired. Please log in again: run &apos;%1&apos;.</source>
        <translation>トークンの有効期限が切れています。再度ログインしてください: &apos;%1&apos; を実行してください。</translation>
    </message>
    <message>
        <source>Houston at %1 did not accept the token: it is not valid there, or it was revoked. Please log in again: run &apos;%2&apos;.</source>
        <translation>%1 の Houston はトークンを受け付けませんでした。そこでは無効か、失効しています。再度ログインしてください: &apos;%2&apos; を実行してください。</translation>
    </message>
    <message>
        <source>The token is malformed: a Houston token is a JWT (three parts separated by dots, on one line). Copy it again from %1.</source>
        <translation>トークンの形式が正しくありません。Houston のトークンは JWT (ドットで区切られた 3 つの部分、1 行) です。%1 からもう一度コピーしてください。</translation>
    </message>
</context>
<context>
    <name>Http</name>
    <message>
        <source>no answer from %1 within %2 s</source>
        <translation>%2 秒以内に %1 から応答がありません</translation>
    </message>
    <message>
        <source>the answer from %1 is larger than %2 KiB; it was cut off</source>
        <translation>%1 からの応答が %2 KiB を超えたため、途中で打ち切りました</translation>
    </message>
    <message>
        <source>%1 answered with a redirect (HTTP %2) to %3; astro follows no redirects, so nothing was sent there</source>
        <translation>%1 が %3 へのリダイレクト (HTTP %2) を返しました。astro はリダイレクトをたどらないため、リダイレクト先には何も送信していません</translation>
    </message>
    <message>
        <source> (through the proxy %1)</source>
        <translation> (プロキシ %1 経由)</translation>
    </message>
    <message>
        <source>%1. Fix or unset that variable</source>
        <translation>%1。この変数を修正するか、設定を解除してください</translation>
    </message>
    <message>
        <source>the proxy %1 refused the connection</source>
        <translation>プロキシ %1 が接続を拒否しました</translation>
    </message>
    <message>
        <source>the proxy %1 closed the connection (does it allow CONNECT to %2?)</source>
        <translation>プロキシ %1 が接続を閉じました (%2 への CONNECT が許可されていますか?)</translation>
    </message>
    <message>
        <source>the proxy %1 was not found</source>
        <translation>プロキシ %1 が見つかりません</translation>
    </message>
    <message>
        <source>the proxy %1 did not answer in time</source>
        <translation>プロキシ %1 が時間内に応答しませんでした</translation>
    </message>
    <message>
        <source>the proxy %1 needs a user name and password: give them in the variable as http://USER:PASSWORD@HOST:PORT, or ask your network administrator</source>
        <translation>プロキシ %1 にはユーザー名とパスワードが必要です: 環境変数に http://USER:PASSWORD@HOST:PORT の形式で指定するか、ネットワーク管理者に問い合わせてください</translation>
    </message>
    <message>
        <source>the proxy %1 failed: %2</source>
        <translation>プロキシ %1 でエラーが発生しました: %2</translation>
    </message>
    <message>
        <source>the TLS certificate of %1 is signed by a certificate authority this machine does not trust. If your network uses its own CA, set ASTRO_CA_FILE to its PEM bundle (or SSL_CERT_FILE for all of them)</source>
        <translation>%1 の TLS 証明書は、このマシンが信頼していない認証局によって署名されています。ネットワークで独自の認証局を使用している場合は、ASTRO_CA_FILE にその PEM バンドルを設定してください (信頼するすべての認証局を指定するには SSL_CERT_FILE を使用します)</translation>
    </message>
    <message>
        <source>the TLS certificate of %1 has expired or is not valid yet (is the system clock right?)</source>
        <translation>%1 の TLS 証明書は有効期限が切れているか、まだ有効になっていません (システムの時計は正しいですか?)</translation>
    </message>
    <message>
        <source>the TLS certificate presented for %1 is for another name (an intercepting proxy, or a wrong address?)</source>
        <translation>%1 に対して提示された TLS 証明書は別の名前のものです (通信を傍受するプロキシか、アドレスの誤りではありませんか?)</translation>
    </message>
    <message>
        <source>TLS with %1 failed: %2</source>
        <translation>%1 との TLS 接続に失敗しました: %2</translation>
    </message>
    <message>
        <source>the proxy %1 did not accept the user name and password given in the variable: check them, or ask your network administrator</source>
        <translation>プロキシ %1 は変数で指定されたユーザー名とパスワードを受け付けませんでした。確認するか、ネットワーク管理者に問い合わせてください</translation>
    </message>
    <message>
        <source>the proxy %1 failed: %2 (check the user name and password given in the variable)</source>
        <translation>プロキシ %1 でエラーが発生しました: %2 (変数で指定したユーザー名とパスワードを確認してください)</translation>
    </message>
</context>
<context>
    <name>IdentityProvider</name>
    <message>
        <source>reach the identity provider</source>
        <translation>ID プロバイダーへの接続</translation>
    </message>
    <message>
        <source>The identity provider of %1 names itself &quot;%2&quot;, not &quot;%3&quot; as the login configuration says; refusing to log in there (RFC 8414). Contact Astronomer Support.</source>
        <translation>%1 の ID プロバイダーは、ログイン設定にある「%3」ではなく「%2」と名乗っています。そこへのログインを拒否します (RFC 8414)。Astronomer サポートにお問い合わせください。</translation>
    </message>
    <message>
        <source>The identity provider of %1 advertises an endpoint that is not https (%2); refusing to send credentials to it.</source>
        <translation>%1 の ID プロバイダーが https ではないエンドポイント (%2) を提示しています。認証情報の送信を拒否します。</translation>
    </message>
    <message>
        <source>retrieve the user&apos;s identity</source>
        <translation>ユーザーの ID 情報の取得</translation>
    </message>
    <message>
        <source>cannot retrieve email: the identity provider returned no email for this token.</source>
        <translation>メールアドレスを取得できません: ID プロバイダーがこのトークンに対してメールアドレスを返しませんでした。</translation>
    </message>
    <message>
        <source>the server offers no revocation endpoint</source>
        <translation>サーバーに失効用のエンドポイントがありません</translation>
    </message>
</context>
<context>
    <name>Interrupt</name>
    <message>
        <source>Interrupted; astro stopped.
</source>
        <translation>中断しました。astro を終了しました。
</translation>
    </message>
</context>
<context>
    <name>KeychainStore</name>
    <message>
        <source>%1 (service %2)</source>
        <translation>%1 (サービス %2)</translation>
    </message>
    <message>
        <source>The %1 did not answer within %2 s (is it locked, or waiting for a password prompt?). Set ASTRO_KEYCHAIN_TIMEOUT to wait longer.</source>
        <translation>%1 が %2 秒以内に応答しませんでした (ロックされているか、パスワードの入力を待っていませんか?)。もっと長く待つには ASTRO_KEYCHAIN_TIMEOUT を設定してください。</translation>
    </message>
    <message>
        <source>The %1 refused access (%2). Unlock it and try again.</source>
        <translation>%1 がアクセスを拒否しました (%2)。ロックを解除してから再試行してください。</translation>
    </message>
    <message>
        <source>The %1 is not available (%2).%3</source>
        <translation>%1 を利用できません (%2)。%3</translation>
    </message>
    <message>
        <source>The %1 is locked, so its items cannot be read. Unlock it (log in to your desktop session, or unlock the keyring) and try again.</source>
        <translation>%1 がロックされているため、項目を読み取れません。ロックを解除して (デスクトップセッションにログインするか、キーリングのロックを解除して) から再試行してください。</translation>
    </message>
    <message>
        <source>The %1 entry for %2 is not an astro-auth credential. Log in again.</source>
        <translation>%1 にある %2 のエントリは astro-auth の認証情報ではありません。再度ログインしてください。</translation>
    </message>
    <message>
        <source>The tokens are %1 bytes, more than a keychain item may hold (%2).</source>
        <translation>トークンは %1 バイトあり、キーチェーンの項目に保存できるサイズ (%2) を超えています。</translation>
    </message>
    <message>
        <source>The %1 failed (%2).</source>
        <translation>%1 の操作に失敗しました (%2)。</translation>
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
既定のワークスペースが見つかりません。ワークスペースの一覧は 
	astro workspace list
既定のワークスペースの設定は 
	astro workspace switch [WORKSPACEID]

</translation>
    </message>
    <message>
        <source>Ignored a request to the login listener: %1.
</source>
        <translation>ログインリスナーへのリクエストを無視しました: %1。
</translation>
    </message>
    <message>
        <source>Login received; finishing…
</source>
        <translation>ログインを受信しました。完了処理中…
</translation>
    </message>
    <message>
        <source>
Please visit the following link on a device with a browser: %1

</source>
        <translation>
ブラウザーのあるデバイスで次のリンクを開いてください: %1

</translation>
    </message>
    <message>
        <source>After you log in, the browser goes to a localhost address that may not load on that device. Paste that whole address here (or a token) and press Enter:
&gt; </source>
        <translation>ログイン後、ブラウザーは localhost のアドレスに移動しますが、その端末では表示できないことがあります。そのアドレス全体 (またはトークン) をここに貼り付けて Enter を押してください:
&gt; </translation>
    </message>
    <message>
        <source>Paste the address (or a token):
&gt; </source>
        <translation>アドレス (またはトークン) を貼り付けてください:
&gt; </translation>
    </message>
    <message>
        <source>
Press Enter to open the browser to log in or ^C to quit…</source>
        <translation>
Enter を押すとブラウザーが開いてログインします。^C で終了します…</translation>
    </message>
    <message>
        <source>
Unable to open the URL, please visit the following link: %1

</source>
        <translation>
URL を開けません。次のリンクを開いてください: %1

</translation>
    </message>
    <message>
        <source>Waiting for login to complete in browser… (up to %1 s, ^C to cancel)
</source>
        <translation>ブラウザーでのログイン完了を待っています… (最大 %1 秒、^C で中止)
</translation>
    </message>
    <message>
        <source>Ignored %1 requests to the login listener in all.
</source>
        <translation>ログインリスナーへのリクエストを合計 %1 件無視しました。
</translation>
    </message>
    <message>
        <source>the operation has timed out: no login arrived within %1 s. Run &apos;astro login&apos; again, or use &apos;--token-login&apos;.</source>
        <translation>タイムアウトしました: %1 秒以内にログインが届きませんでした。&apos;astro login&apos; をもう一度実行するか、&apos;--token-login&apos; を使ってください。</translation>
    </message>
    <message>
        <source>Logging in as %1
</source>
        <translation>%1 としてログインしています
</translation>
    </message>
    <message>
        <source>
Using the &quot;%1&quot; Organization.
</source>
        <translation>
組織「%1」を使用します。
</translation>
    </message>
    <message>
        <source>
&quot;%1&quot; Workspace found. This is your default Workspace.
</source>
        <translation>
ワークスペース「%1」が見つかりました。これが既定のワークスペースです。
</translation>
    </message>
    <message>
        <source>
Successfully authenticated to Astronomer
</source>
        <translation>
Astronomer への認証に成功しました
</translation>
    </message>
    <message>
        <source>
To log in, open %1 on any device and enter the code:

    %2

</source>
        <translation>
ログインするには、任意のデバイスで %1 を開き、次のコードを入力してください:

    %2

</translation>
    </message>
    <message>
        <source>Or open this address, which carries the code: %1
</source>
        <translation>またはコードを含む次のアドレスを開いてください: %1
</translation>
    </message>
    <message>
        <source>Only enter a code that you started yourself. Waiting for approval… (the code expires in %1, ^C to cancel)
</source>
        <translation>自分で開始したコードだけを入力してください。承認を待っています… (コードの有効期限は %1後、^C で中止)
</translation>
    </message>
    <message>
        <source>The server asked to poll more slowly: every %1 s now.
</source>
        <translation>サーバーからポーリング間隔を延ばすよう求められました: 現在 %1 秒ごとです。
</translation>
    </message>
    <message>
        <source>Log in to Astro in your browser (or with --token-login). Credentials are kept in the OS keychain.</source>
        <translation>ブラウザーで (または --token-login で) Astro にログインします。認証情報は OS のキーチェーンに保存されます。</translation>
    </message>
    <message>
        <source>You are logging into Astro via an OAuth token
This token will expire in %1%2 and will not refresh
</source>
        <translation>OAuth トークンで Astro にログインしています
このトークンは %1%2後に期限切れとなり、更新されません
</translation>
    </message>
    <message>
        <source> (assumed: the token carries no expiry)</source>
        <translation> (推定: トークンに有効期限が含まれていません)</translation>
    </message>
    <message>
        <source>No browser can be opened here: %1. Showing a link instead (use --browser to try anyway%2).
</source>
        <translation>ここではブラウザーを開けません: %1。代わりにリンクを表示します (それでも試すには --browser%2)。
</translation>
    </message>
    <message>
        <source>, or --device-code to log in with a code</source>
        <translation>、コードでログインするには --device-code</translation>
    </message>
    <message>
        <source>
If the browser did not open, please visit the following link: %1

</source>
        <translation>
ブラウザーが開かなかった場合は、次のリンクを開いてください: %1

</translation>
    </message>
    <message>
        <source>Warning: you are logging in as %1, but the last login to %2 was as %3. If that is not the account you meant, run &apos;astro logout&apos; and log in again.
</source>
        <translation>警告: %1 としてログインしようとしていますが、%2 への前回のログインは %3 でした。意図したアカウントでない場合は、&apos;astro logout&apos; を実行してから再度ログインしてください。
</translation>
    </message>
    <message>
        <source>The login listener could not start on port %1, so the browser cannot hand the login back by itself. Go on with the paste below.
</source>
        <translation>ログインリスナーをポート %1 で開始できなかったため、ブラウザーはログインを自動では戻せません。下の貼り付けで続けてください。
</translation>
    </message>
    <message>
        <source>the login window needs a display (%1). Log in here without --gui, or with --login-link.</source>
        <translation>ログインウィンドウにはディスプレイが必要です (%1)。ここで --gui なしで、または --login-link でログインしてください。</translation>
    </message>
    <message>
        <source>the login window is not available here.</source>
        <translation>ここではログインウィンドウを使用できません。</translation>
    </message>
    <message>
        <source>Astro Private Cloud offers no device-code login. Log in with a username and password, with --oauth, or with --token-login.</source>
        <translation>Astro Private Cloud はデバイスコードでのログインに対応していません。ユーザー名とパスワード、--oauth、または --token-login でログインしてください。</translation>
    </message>
    <message>
        <source>cannot authenticate, oauth is disabled. Log in with a username and password, or with --token-login.</source>
        <translation>認証できません。OAuth が無効です。ユーザー名とパスワード、または --token-login でログインしてください。</translation>
    </message>
    <message>
        <source>cannot authenticate, oauth is disabled (and so is local authentication at %1). Ask your Astro Private Cloud administrator, or log in with --token-login.</source>
        <translation>認証できません。OAuth が無効です (%1 ではローカル認証も無効です)。Astro Private Cloud の管理者に問い合わせるか、--token-login でログインしてください。</translation>
    </message>
    <message>
        <source>Local authentication (username and password) is disabled at %1: log in with OAuth.
</source>
        <translation>%1 ではローカル認証 (ユーザー名とパスワード) が無効です。OAuth でログインしてください。
</translation>
    </message>
    <message>
        <source>Username (leave blank for oAuth): </source>
        <translation>ユーザー名 (oAuth の場合は空欄): </translation>
    </message>
    <message>
        <source>Password: </source>
        <translation>パスワード: </translation>
    </message>
    <message>
        <source>
Please visit the following URL, authenticate and paste token in next prompt
%1

</source>
        <translation>
次の URL を開いて認証し、次のプロンプトにトークンを貼り付けてください
%1

</translation>
    </message>
    <message>
        <source>oAuth Token: </source>
        <translation>oAuth トークン: </translation>
    </message>
    <message>
        <source>This Astro Private Cloud token will expire in %1 and will not refresh
</source>
        <translation>この Astro Private Cloud トークンは %1後に期限切れになり、更新されません
</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>不明な時間</translation>
    </message>
    <message>
        <source>
You are not a member of any Workspace yet. Ask a Workspace admin to add you, or create one with 
	astro workspace create

</source>
        <translation>
まだどのワークスペースのメンバーでもありません。ワークスペースの管理者に追加を依頼するか、次のコマンドで作成してください 
	astro workspace create

</translation>
    </message>
    <message>
        <source>--apc is for a local domain (localhost or 127.0.0.1); %1 is an Astro domain.</source>
        <translation>--apc はローカルドメイン (localhost または 127.0.0.1) 用です。%1 は Astro のドメインです。</translation>
    </message>
    <message>
        <source>--oauth is for Astro Private Cloud; %1 is an Astro domain (use --apc for a local Astro Private Cloud).</source>
        <translation>--oauth は Astro Private Cloud 用です。%1 は Astro のドメインです (ローカルの Astro Private Cloud には --apc を使ってください)。</translation>
    </message>
    <message>
        <source>the login window logs in to Astro only; log in to Astro Private Cloud (%1) here, without --gui.</source>
        <translation>ログインウィンドウは Astro にのみログインします。Astro Private Cloud (%1) にはここで --gui なしでログインしてください。</translation>
    </message>
    <message>
        <source>Welcome to the Astro CLI%1
To learn more about Astro, go to https://www.astronomer.io/docs
</source>
        <translation>Astro CLI へようこそ%1
Astro について詳しくは https://www.astronomer.io/docs をご覧ください
</translation>
    </message>
    <message>
        <source>Port %1 on localhost is already in use, so the login callback cannot be received, and without a terminal the address cannot be pasted instead. Run it in a terminal, or use &apos;--callback-port 0&apos; for any free port.</source>
        <translation>localhost のポート %1 はすでに使用中のため、ログインのコールバックを受信できません。端末がないため、アドレスを貼り付けることもできません。端末で実行するか、&apos;--callback-port 0&apos; で空いている任意のポートを使ってください。</translation>
    </message>
</context>
<context>
    <name>LoginOptions</name>
    <message>
        <source>Log in with an access token instead of a browser. TOKEN is the token, &apos;-&apos; to read it from stdin, or &apos;@FILE&apos;.</source>
        <translation>ブラウザーの代わりにアクセストークンでログインします。TOKEN はトークン、&apos;-&apos; で標準入力から、&apos;@FILE&apos; でファイルから読み取ります。</translation>
    </message>
    <message>
        <source>Port of the local login callback (default 12345, or $ASTRO_CALLBACK_PORT; 0 = any free port).</source>
        <translation>ローカルのログインコールバックのポート (既定 12345、または $ASTRO_CALLBACK_PORT。0 = 空いている任意のポート)。</translation>
    </message>
    <message>
        <source>Seconds to wait for the browser login, 1 to 86400 (default 300, or $ASTRO_LOGIN_TIMEOUT).</source>
        <translation>ブラウザーでのログインを待つ秒数、1〜86400 (既定 300、または $ASTRO_LOGIN_TIMEOUT)。</translation>
    </message>
    <message>
        <source>Print the login link for a browser on any device instead of opening one; then paste the address it ended on (or a token).</source>
        <translation>ブラウザーを開く代わりに、任意のデバイスのブラウザー用ログインリンクを表示します。その後、最後に表示されたアドレス (またはトークン) を貼り付けます。</translation>
    </message>
    <message>
        <source>Log in with a code entered on another device (RFC 8628), where the server offers it.</source>
        <translation>別のデバイスで入力するコードでログインします (RFC 8628、サーバーが対応している場合)。</translation>
    </message>
    <message>
        <source>Open a browser even where none seems available.</source>
        <translation>ブラウザーが使えないように見える環境でもブラウザーを開きます。</translation>
    </message>
    <message>
        <source>Never open a browser (as --login-link).</source>
        <translation>ブラウザーを開きません (--login-link と同じ)。</translation>
    </message>
    <message>
        <source>Log in in a window (needs a display).</source>
        <translation>ウィンドウでログインします (ディスプレイが必要)。</translation>
    </message>
    <message>
        <source>Astro domain to log in to (default: the current context, else astronomer.io).</source>
        <translation>ログイン先の Astro ドメイン (既定: 現在のコンテキスト、なければ astronomer.io)。</translation>
    </message>
    <message>
        <source>%1 must be a port number from 0 to 65535, not &quot;%2&quot;.</source>
        <translation>%1 は 0〜65535 のポート番号でなければなりません (&quot;%2&quot; ではなく)。</translation>
    </message>
    <message>
        <source>%1 must be a number of seconds from 1 to 86400, not &quot;%2&quot;.</source>
        <translation>%1 は 1〜86400 の秒数でなければなりません (&quot;%2&quot; ではなく)。</translation>
    </message>
    <message>
        <source>login takes at most one DOMAIN, not %1 arguments.</source>
        <translation>login に指定できる DOMAIN は 1 つまでです (%1 個の引数ではなく)。</translation>
    </message>
    <message>
        <source>the DOMAIN argument is empty.</source>
        <translation>DOMAIN 引数が空です。</translation>
    </message>
    <message>
        <source>choose one way to log in: --token-login, --device-code, --login-link/--no-browser or --browser.</source>
        <translation>ログイン方法を 1 つ選んでください: --token-login、--device-code、--login-link/--no-browser、--browser。</translation>
    </message>
    <message>
        <source>--token-login needs a TOKEN, &apos;-&apos; (stdin) or &apos;@FILE&apos;.</source>
        <translation>--token-login には TOKEN、&apos;-&apos; (stdin) または &apos;@FILE&apos; が必要です。</translation>
    </message>
    <message>
        <source>--token-login @FILE needs a file name after &apos;@&apos;.</source>
        <translation>--token-login @FILE には &apos;@&apos; の後にファイル名が必要です。</translation>
    </message>
    <message>
        <source>--gui logs in with the browser: it cannot be combined with --token-login or --device-code.</source>
        <translation>--gui はブラウザーでログインします。--token-login や --device-code と組み合わせることはできません。</translation>
    </message>
    <message>
        <source>Log in to Astro Private Cloud (Houston) at a local DOMAIN (localhost or 127.0.0.1); other domains are recognised by name.</source>
        <translation>ローカルの DOMAIN (localhost または 127.0.0.1) の Astro Private Cloud (Houston) にログインします。その他のドメインは名前で判別されます。</translation>
    </message>
    <message>
        <source>Astro Private Cloud: do not prompt for a username and password; paste an OAuth token from the token page.</source>
        <translation>Astro Private Cloud: ユーザー名とパスワードを尋ねず、トークンページの OAuth トークンを貼り付けます。</translation>
    </message>
    <message>
        <source>--oauth asks for a pasted OAuth token: it cannot be combined with --token-login or --device-code.</source>
        <translation>--oauth は貼り付けた OAuth トークンを求めます。--token-login や --device-code とは併用できません。</translation>
    </message>
</context>
<context>
    <name>LoginPages</name>
    <message>
        <source>Login successful</source>
        <translation>ログインに成功しました</translation>
    </message>
    <message>
        <source>You are logged in</source>
        <translation>ログインしました</translation>
    </message>
    <message>
        <source>The Astro CLI received your login.</source>
        <translation>Astro CLI がログインを受け取りました。</translation>
    </message>
    <message>
        <source>You can close this window and return to the terminal.</source>
        <translation>このウィンドウを閉じて、ターミナルに戻ってください。</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>ログインに失敗しました</translation>
    </message>
    <message>
        <source>The Astro CLI could not complete the login.</source>
        <translation>Astro CLI はログインを完了できませんでした。</translation>
    </message>
    <message>
        <source>Return to the terminal to see why, then try again.</source>
        <translation>ターミナルに戻って理由を確認し、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Unexpected request</source>
        <translation>予期しないリクエスト</translation>
    </message>
    <message>
        <source>This request was not expected</source>
        <translation>このリクエストは想定されていません</translation>
    </message>
    <message>
        <source>It does not belong to the login the Astro CLI is waiting for, so it was ignored.</source>
        <translation>Astro CLI が待っているログインのものではないため、無視されました。</translation>
    </message>
    <message>
        <source>If you are logging in, finish in the browser window the CLI opened, or return to the terminal.</source>
        <translation>ログイン中の場合は、CLI が開いたブラウザーウィンドウで完了するか、ターミナルに戻ってください。</translation>
    </message>
</context>
<context>
    <name>LoginPrompts</name>
    <message>
        <source>no answer: the input ended. Nothing was saved.</source>
        <translation>応答がありません: 入力が終了しました。何も保存されていません。</translation>
    </message>
    <message>
        <source>login cancelled; nothing was saved.</source>
        <translation>ログインを中止しました。何も保存されていません。</translation>
    </message>
    <message>
        <source>Paste your token (it is not shown) and press Enter: </source>
        <translation>トークンを貼り付けて (表示されません) Enter を押してください: </translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>トークンファイル %1 を読み取れません: %2</translation>
    </message>
    <message>
        <source>Note: a token on the command line is visible to other users (ps) and in your shell history; prefer &apos;--token-login -&apos; (stdin) or &apos;--token-login @FILE&apos;.
</source>
        <translation>注意: コマンドラインのトークンは他のユーザー (ps) やシェル履歴から見えます。&apos;--token-login -&apos; (標準入力) か &apos;--token-login @FILE&apos; を使ってください。
</translation>
    </message>
    <message>
        <source>
Please choose a workspace:
</source>
        <translation>
ワークスペースを選択してください:
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
        <translation>1 から %1 までの数字を入力してください。
</translation>
    </message>
</context>
<context>
    <name>LoginSteps</name>
    <message>
        <source>%1 Nothing was changed.</source>
        <translation>%1 何も変更されていません。</translation>
    </message>
</context>
<context>
    <name>LogoutCommand</name>
    <message>
        <source>Domain to log out of (default: the current context).</source>
        <translation>ログアウトするドメイン (既定: 現在のコンテキスト)。</translation>
    </message>
    <message>
        <source>Log out of Astro: revoke the tokens at the server and delete them here.</source>
        <translation>Astro からログアウトします: サーバーでトークンを失効させ、ここから削除します。</translation>
    </message>
    <message>
        <source>The server offers no token revocation; the tokens stay valid until they expire.
</source>
        <translation>サーバーはトークンの失効に対応していません。トークンは有効期限まで有効なままです。
</translation>
    </message>
    <message>
        <source>Warning: could not revoke the tokens at the server (%1); they stay valid until they expire. The local credentials are deleted anyway.
</source>
        <translation>警告: サーバーでトークンを失効させられませんでした (%1)。トークンは有効期限まで有効なままです。ローカルの認証情報は削除します。
</translation>
    </message>
    <message>
        <source>Revoked the %1 at %2.
</source>
        <translation>%2 で%1を失効させました。
</translation>
    </message>
    <message>
        <source>access and refresh tokens</source>
        <translation>アクセストークンとリフレッシュトークン</translation>
    </message>
    <message>
        <source>access token</source>
        <translation>アクセストークン</translation>
    </message>
    <message>
        <source>Could not delete the credentials of %1: %2</source>
        <translation>%1 の認証情報を削除できませんでした: %2</translation>
    </message>
    <message>
        <source>Deleted the credentials from the %1.
</source>
        <translation>%1 から認証情報を削除しました。
</translation>
    </message>
    <message>
        <source>Successfully logged out of Astronomer
</source>
        <translation>Astronomer から正常にログアウトしました
</translation>
    </message>
    <message>
        <source>refresh token</source>
        <translation>リフレッシュトークン</translation>
    </message>
    <message>
        <source>Houston offers no token revocation: there is nothing to revoke there, and the token stays valid until it expires.
</source>
        <translation>Houston にはトークンの失効機能がありません。失効させるものはなく、トークンは期限切れになるまで有効です。
</translation>
    </message>
    <message>
        <source>Not logged in to %1: there was nothing to log out of.
</source>
        <translation>%1 にはログインしていません: ログアウトするものはありませんでした。
</translation>
    </message>
</context>
<context>
    <name>LoopbackReplyHandler</name>
    <message>
        <source>Port %1 on localhost is already in use, so the login callback cannot be received. Is another &apos;astro login&apos; running? Otherwise use &apos;--callback-port 0&apos; for any free port, or &apos;--login-link&apos;.</source>
        <translation>localhost のポート %1 はすでに使用中のため、ログインのコールバックを受信できません。別の &apos;astro login&apos; が実行中ではありませんか? そうでなければ、空いている任意のポートを使う &apos;--callback-port 0&apos; か、&apos;--login-link&apos; を使用してください。</translation>
    </message>
    <message>
        <source>Cannot listen on 127.0.0.1 port %1 for the login callback: %2</source>
        <translation>ログインのコールバック用に 127.0.0.1 のポート %1 で待ち受けできません: %2</translation>
    </message>
    <message>
        <source>Port %1 on localhost (::1) is already in use. Is another &apos;astro login&apos; running? Otherwise use &apos;--callback-port 0&apos; or &apos;--login-link&apos;.</source>
        <translation>localhost (::1) のポート %1 はすでに使用中です。別の &apos;astro login&apos; が実行中ではありませんか? そうでなければ &apos;--callback-port 0&apos; か &apos;--login-link&apos; を使用してください。</translation>
    </message>
    <message>
        <source>slow client timed out</source>
        <translation>遅いクライアントがタイムアウトしました</translation>
    </message>
    <message>
        <source>oversized request headers</source>
        <translation>リクエストヘッダーが大きすぎます</translation>
    </message>
    <message>
        <source>malformed request line</source>
        <translation>不正なリクエスト行</translation>
    </message>
    <message>
        <source>malformed header</source>
        <translation>不正なヘッダー</translation>
    </message>
    <message>
        <source>missing or repeated Host header</source>
        <translation>Host ヘッダーがないか、重複しています</translation>
    </message>
    <message>
        <source>Host header is not localhost</source>
        <translation>Host ヘッダーが localhost ではありません</translation>
    </message>
    <message>
        <source>method other than GET</source>
        <translation>GET 以外のメソッド</translation>
    </message>
    <message>
        <source>request for another path</source>
        <translation>別のパスへのリクエスト</translation>
    </message>
    <message>
        <source>callback after the login completed</source>
        <translation>ログイン完了後のコールバック</translation>
    </message>
    <message>
        <source>callback without state</source>
        <translation>state のないコールバック</translation>
    </message>
    <message>
        <source>callback with a wrong state</source>
        <translation>state が正しくないコールバック</translation>
    </message>
    <message>
        <source>callback from another issuer (iss mismatch)</source>
        <translation>別の発行者からのコールバック (iss が一致しません)</translation>
    </message>
    <message>
        <source>callback without a code</source>
        <translation>code のないコールバック</translation>
    </message>
    <message>
        <source>callback without iss, which this server always sends</source>
        <translation>iss のないコールバック (このサーバーは常に iss を送信します)</translation>
    </message>
</context>
<context>
    <name>NetworkEnvironment</name>
    <message>
        <source>the proxy in %1 is not one astro can use (it takes http://HOST:PORT or socks5://HOST:PORT)</source>
        <translation>%1 のプロキシは astro で使用できません (http://HOST:PORT または socks5://HOST:PORT を指定してください)</translation>
    </message>
    <message>
        <source>%1=%2 cannot be read: %3</source>
        <translation>%1=%2 を読み取れません: %3</translation>
    </message>
    <message>
        <source>%1=%2 holds no PEM certificate</source>
        <translation>%1=%2 に PEM 証明書が含まれていません</translation>
    </message>
    <message>
        <source>SSL_CERT_DIR names %1, which is not a directory</source>
        <translation>SSL_CERT_DIR に指定された %1 はディレクトリではありません</translation>
    </message>
    <message>
        <source>SSL_CERT_FILE/SSL_CERT_DIR hold no PEM certificate</source>
        <translation>SSL_CERT_FILE/SSL_CERT_DIR に PEM 証明書が含まれていません</translation>
    </message>
    <message>
        <source>%1=%2: no such file</source>
        <translation>%1=%2: ファイルがありません</translation>
    </message>
    <message>
        <source>%1=%2 is larger than 16 MiB: not a CA bundle</source>
        <translation>%1=%2 は 16 MiB を超えています。CA バンドルではありません</translation>
    </message>
</context>
<context>
    <name>NetworkServices</name>
    <message>
        <source>ASTRO_HTTP_TIMEOUT must be a whole number of seconds from 1 to 3600, not &quot;%1&quot;.</source>
        <translation>ASTRO_HTTP_TIMEOUT は 1 から 3600 までの整数の秒数でなければなりません (&quot;%1&quot; は無効です)。</translation>
    </message>
</context>
<context>
    <name>PastedInput</name>
    <message>
        <source>Nothing was pasted.</source>
        <translation>何も貼り付けられていません。</translation>
    </message>
    <message>
        <source>That is too long to be a login address or a token.</source>
        <translation>ログインのアドレスやトークンにしては長すぎます。</translation>
    </message>
    <message>
        <source>That address carries no login result. Paste the whole address shown in the browser&apos;s address bar after you logged in.</source>
        <translation>このアドレスにはログイン結果が含まれていません。ログイン後にブラウザーのアドレスバーに表示されたアドレス全体を貼り付けてください。</translation>
    </message>
    <message>
        <source>That is not the login callback address (it should end in /callback?code=…).</source>
        <translation>これはログインのコールバックアドレスではありません (/callback?code=… で終わるはずです)。</translation>
    </message>
    <message>
        <source>That address has no code in it. Paste the address the browser ended on after you logged in.</source>
        <translation>このアドレスにはコードが含まれていません。ログイン後にブラウザーが最後に表示したアドレスを貼り付けてください。</translation>
    </message>
    <message>
        <source>That is neither the address the browser ended on nor a token.</source>
        <translation>これはブラウザーが最後に表示したアドレスでも、トークンでもありません。</translation>
    </message>
</context>
<context>
    <name>PlaintextMigration</name>
    <message>
        <source>Warning: the tokens of %1 stay in plain text in %2: the credential store cannot take them (%3).
</source>
        <translation>警告: %1 のトークンは %2 に平文のまま残ります。認証情報ストアがそれらを受け取れません (%3)。
</translation>
    </message>
    <message>
        <source>Moved the tokens of %1 that astro-cli kept in plain text in %2 into the %3.
</source>
        <translation>astro-cli が %2 に平文で保存していた %1 のトークンを %3 に移動しました。
</translation>
    </message>
    <message>
        <source>The credential store holds a login for %1: removing the tokens that astro-cli left in plain text in %2.
</source>
        <translation>認証情報ストアには %1 のログインが既にあります。astro-cli が %2 に平文で残したトークンを削除します。
</translation>
    </message>
    <message>
        <source>Removing the refresh token that astro-cli left for %1 in plain text in %2.
</source>
        <translation>astro-cli が %2 に平文で残した %1 のリフレッシュトークンを削除します。
</translation>
    </message>
    <message>
        <source>a token is still in plain text in %1, where anyone who can read the file can use it: the credential store could not take it (see the warning above).</source>
        <translation>トークンがまだ %1 に平文で残っており、このファイルを読める人は誰でも使用できます。認証情報ストアが受け取れませんでした (上の警告を参照)。</translation>
    </message>
</context>
<context>
    <name>RealServices</name>
    <message>
        <source> Start or unlock your keychain, or set ASTRO_CREDENTIAL_STORE=auto to allow the file fallback.</source>
        <translation> キーチェーンを起動またはロック解除するか、ASTRO_CREDENTIAL_STORE=auto を設定してファイルへのフォールバックを許可してください。</translation>
    </message>
    <message>
        <source>ASTRO_CREDENTIAL_STORE must be auto, keychain or file, not &quot;%1&quot;.</source>
        <translation>ASTRO_CREDENTIAL_STORE は auto、keychain、file のいずれかでなければなりません (「%1」は無効です)。</translation>
    </message>
    <message>
        <source>Cannot find your home directory: HOME is not set, and the password database has no home directory for this account. Set HOME or ASTRO_HOME.</source>
        <translation>ホームディレクトリが見つかりません: HOME が設定されておらず、パスワードデータベースにもこのアカウントのホームディレクトリがありません。HOME または ASTRO_HOME を設定してください。</translation>
    </message>
    <message>
        <source>ASTRO_KEYCHAIN_TIMEOUT must be a number of seconds, more than 0 and at most 3600, not &quot;%1&quot;.</source>
        <translation>ASTRO_KEYCHAIN_TIMEOUT は 0 より大きく 3600 以下の秒数でなければなりません (&quot;%1&quot; は無効です)。</translation>
    </message>
</context>
<context>
    <name>ReplacedLogin</name>
    <message>
        <source>Revoking the tokens of the previous login to %1.
</source>
        <translation>%1 への以前のログインのトークンを失効させます。
</translation>
    </message>
</context>
<context>
    <name>SafeFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>不明なエラー</translation>
    </message>
    <message>
        <source>Cannot create the directory %1: %2</source>
        <translation>ディレクトリ %1 を作成できません: %2</translation>
    </message>
    <message>
        <source>%1 is not a directory.</source>
        <translation>%1 はディレクトリではありません。</translation>
    </message>
    <message>
        <source>Cannot make %1 private (mode 0700): %2. Run &apos;chmod 700 %1&apos;.</source>
        <translation>%1 を非公開 (モード 0700) にできません: %2。&apos;chmod 700 %1&apos; を実行してください。</translation>
    </message>
    <message>
        <source>%1 is not a regular file; it was left unchanged. Replace it with a regular file, or remove it.</source>
        <translation>%1 は通常のファイルではありません。変更はしていません。通常のファイルに置き換えるか、削除してください。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み取れません: %2</translation>
    </message>
    <message>
        <source>Cannot create the lock file %1: %2</source>
        <translation>ロックファイル %1 を作成できません: %2</translation>
    </message>
    <message>
        <source>The lock is held by %1, process %2.</source>
        <translation>ロックを保持しているのは %1 (プロセス %2) です。</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>no organization found. Please contact your Astro Organization Owner to be invited to the organization</source>
        <translation>組織が見つかりません。組織に招待してもらうよう、Astro の組織オーナーに連絡してください</translation>
    </message>
</context>
<context>
    <name>StatusCommand</name>
    <message>
        <source>Domain to check (default: the current context).</source>
        <translation>確認するドメイン (既定: 現在のコンテキスト)。</translation>
    </message>
    <message>
        <source>Print the status as JSON.</source>
        <translation>状態を JSON で出力します。</translation>
    </message>
    <message>
        <source>Show who is logged in where, and where the credentials live. Exit 0 when a usable token exists, 1 otherwise.</source>
        <translation>誰がどこにログインしているか、認証情報がどこに保存されているかを表示します。使用可能なトークンがあれば終了コード 0、なければ 1 を返します。</translation>
    </message>
    <message>
        <source>Not logged in. Run &apos;astro login&apos; to authenticate.
</source>
        <translation>ログインしていません。&apos;astro login&apos; を実行して認証してください。
</translation>
    </message>
    <message>
        <source> (current context)</source>
        <translation> (現在のコンテキスト)</translation>
    </message>
    <message>
        <source>  Not logged in. Run &apos;astro login %1&apos; to authenticate.
</source>
        <translation>  ログインしていません。&apos;astro login %1&apos; を実行して認証してください。
</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>組織</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>ワークスペース</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Stored in</source>
        <translation>保存先</translation>
    </message>
    <message>
        <source>expires %1 (in %2)</source>
        <translation>有効期限 %1 (残り %2)</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>%1 に期限切れ</translation>
    </message>
    <message>
        <source>no known expiry</source>
        <translation>有効期限は不明</translation>
    </message>
    <message>
        <source>possible (refresh token stored)</source>
        <translation>可能 (リフレッシュトークンを保存済み)</translation>
    </message>
    <message>
        <source>not possible (no refresh token)</source>
        <translation>不可 (リフレッシュトークンなし)</translation>
    </message>
    <message>
        <source>  Problem:      %1
</source>
        <translation>  問題:            %1
</translation>
    </message>
    <message>
        <source>  The token expired. Run &apos;astro login %1&apos; to authenticate again.
</source>
        <translation>  トークンの有効期限が切れています。&apos;astro login %1&apos; を実行して再度認証してください。
</translation>
    </message>
    <message>
        <source>%1
Also, %2</source>
        <translation>%1
また、%2</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>製品</translation>
    </message>
    <message>
        <source>Astro Private Cloud (apc)</source>
        <translation>Astro Private Cloud (apc)</translation>
    </message>
    <message>
        <source>not possible (APC tokens cannot be refreshed)</source>
        <translation>不可 (APC トークンは更新できません)</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>ASTRO_API_TOKEN is set: &apos;astro auth token&apos; prints it, not a stored login.
</source>
        <translation>ASTRO_API_TOKEN が設定されています: &apos;astro auth token&apos; は保存されたログインではなく、このトークンを出力します。
</translation>
    </message>
    <message>
        <source>unknown (the token is not a JWT)</source>
        <translation>不明 (トークンは JWT ではありません)</translation>
    </message>
    <message>
        <source>  The token expired. Set a new ASTRO_API_TOKEN, or unset it to use the stored login.
</source>
        <translation>  トークンの有効期限が切れています。新しい ASTRO_API_TOKEN を設定するか、保存されたログインを使うには設定を解除してください。
</translation>
    </message>
    <message>
        <source>could not refresh the token (the current one is used until it expires): %1</source>
        <translation>トークンを更新できませんでした (現在のトークンを有効期限まで使用します): %1</translation>
    </message>
</context>
<context>
    <name>Terminal</name>
    <message>
        <source>macOS Keychain</source>
        <translation>macOS キーチェーン</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>Windows 資格情報マネージャー</translation>
    </message>
    <message>
        <source>Secret Service keychain</source>
        <translation>Secret Service キーチェーン</translation>
    </message>
</context>
<context>
    <name>TokenCommand</name>
    <message>
        <source>Domain whose token to print (default: the current context).</source>
        <translation>トークンを出力するドメイン (既定: 現在のコンテキスト)。</translation>
    </message>
    <message>
        <source>Print a valid access token for scripts, and nothing else, on stdout.</source>
        <translation>スクリプト用に、有効なアクセストークンだけを stdout に出力します。</translation>
    </message>
    <message>
        <source>auth token takes no arguments; use --domain.</source>
        <translation>auth token は引数を取りません。--domain を使用してください。</translation>
    </message>
    <message>
        <source>no token found. Please run &apos;astro login&apos; to authenticate</source>
        <translation>トークンが見つかりません。&apos;astro login&apos; を実行して認証してください</translation>
    </message>
    <message>
        <source>could not write the token to stdout (%1).</source>
        <translation>トークンを stdout に書き込めませんでした (%1)。</translation>
    </message>
</context>
<context>
    <name>TokenLogin</name>
    <message>
        <source>The token is empty. Give it with --token-login TOKEN, --token-login - (stdin) or --token-login @FILE.</source>
        <translation>トークンが空です。--token-login TOKEN、--token-login - (stdin)、または --token-login @FILE で指定してください。</translation>
    </message>
    <message>
        <source>The token is malformed: it is longer than 16 KiB.</source>
        <translation>トークンの形式が正しくありません: 16 KiB を超えています。</translation>
    </message>
    <message>
        <source>The token is malformed: it contains characters that cannot be part of a token (a space, a line break or a quote?).</source>
        <translation>トークンの形式が正しくありません: トークンに使えない文字 (空白、改行、引用符など) が含まれています。</translation>
    </message>
    <message>
        <source>The token expired at %1. Create a new token and try again.</source>
        <translation>トークンは %1 に有効期限が切れています。新しいトークンを作成して再試行してください。</translation>
    </message>
    <message>
        <source>The token was rejected by %1: it is invalid, expired or revoked. Nothing was saved.</source>
        <translation>トークンは %1 に拒否されました: 無効、期限切れ、または失効しています。何も保存していません。</translation>
    </message>
</context>
<context>
    <name>TokenRefresh</name>
    <message>
        <source>Cannot refresh the token: %1</source>
        <translation>トークンを更新できません: %1</translation>
    </message>
</context>
<context>
    <name>TokenResponse</name>
    <message>
        <source>the server refused the grant (invalid_grant): the login or code expired, was already used or was revoked. Run &apos;astro login&apos; to log in again.</source>
        <translation>サーバーが認可グラントを拒否しました (invalid_grant): ログインまたはコードの有効期限が切れたか、すでに使用されたか、失効しています。&apos;astro login&apos; を実行して再度ログインしてください。</translation>
    </message>
    <message>
        <source>the token endpoint refused the request (HTTP %1%2).</source>
        <translation>トークンエンドポイントが要求を拒否しました (HTTP %1%2)。</translation>
    </message>
    <message>
        <source>the token endpoint&apos;s answer is not a JSON object; nothing was stored. Try again or contact Astronomer Support.</source>
        <translation>トークンエンドポイントの応答が JSON オブジェクトではありません。何も保存していません。再試行するか、Astronomer サポートにお問い合わせください。</translation>
    </message>
    <message>
        <source>the token endpoint returned no usable access token.</source>
        <translation>トークンエンドポイントが使用可能なアクセストークンを返しませんでした。</translation>
    </message>
    <message>
        <source>the token endpoint returned a malformed refresh token.</source>
        <translation>トークンエンドポイントが不正な形式のリフレッシュトークンを返しました。</translation>
    </message>
    <message>
        <source>the token endpoint answered with %1 instead of JSON; nothing was stored. Try again or contact Astronomer Support.</source>
        <translation>トークンエンドポイントが JSON ではなく %1 で応答しました。何も保存していません。再試行するか、Astronomer サポートにお問い合わせください。</translation>
    </message>
</context>
<context>
    <name>astro::LoginWindow</name>
    <message>
        <source>Astro Login</source>
        <translation>Astro ログイン</translation>
    </message>
    <message>
        <source>Logging in to &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; にログインしています</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>ブラウザー</translation>
    </message>
    <message>
        <source>Your browser opens automatically. If it did not, open this link:</source>
        <translation>ブラウザーが自動的に開きます。開かない場合は、このリンクを開いてください:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Open browser again</source>
        <translation>ブラウザーをもう一度開く</translation>
    </message>
    <message>
        <source>Browser on another device?</source>
        <translation>別のデバイスのブラウザーを使いますか?</translation>
    </message>
    <message>
        <source>Paste the address the browser ended on, or an access token:</source>
        <translation>ブラウザーが最後に表示したアドレス、またはアクセストークンを貼り付けてください:</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続行</translation>
    </message>
    <message>
        <source>Fetching the login configuration…</source>
        <translation>ログイン設定を取得しています…</translation>
    </message>
    <message>
        <source>Login received; finishing…</source>
        <translation>ログインを受信しました。完了処理中…</translation>
    </message>
    <message>
        <source>Waiting for login to complete in browser…</source>
        <translation>ブラウザーでのログイン完了を待っています…</translation>
    </message>
    <message>
        <source>Unable to open the browser: open the link below on any device.</source>
        <translation>ブラウザーを開けません: 下のリンクを任意のデバイスで開いてください。</translation>
    </message>
    <message>
        <source>Logging in as %1…</source>
        <translation>%1 としてログインしています…</translation>
    </message>
    <message>
        <source>Successfully authenticated to Astronomer</source>
        <translation>Astronomer への認証に成功しました</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>ワークスペース: %1</translation>
    </message>
    <message>
        <source>No default workspace: choose one with &apos;astro workspace switch&apos;.</source>
        <translation>既定のワークスペースがありません: &apos;astro workspace switch&apos; で選択してください。</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>ログインに失敗しました</translation>
    </message>
    <message>
        <source>Signed in as %1
Organization: %2</source>
        <translation>%1 としてログインしました
組織: %2</translation>
    </message>
    <message>
        <source>The login listener could not start on port %1: after you log in, paste the address the browser ended on below.</source>
        <translation>ログインリスナーをポート %1 で開始できませんでした。ログイン後、ブラウザーが最後に表示したアドレスを下に貼り付けてください。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認しています…</translation>
    </message>
</context>
</TS>
