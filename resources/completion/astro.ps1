# PowerShell completion for astro (astro-auth).
# Load with: astro completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName astro -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = $commandAst.CommandElements | ForEach-Object { $_.ToString() }
  $domains = @(astro context list --names 2>$null)
  $loginFlags = '--token-login','--login-link','--device-code','--browser','--no-browser','--callback-port','--timeout','--apc','--oauth','--help'
  $candidates = switch ($words.Count) {
    { $_ -le 1 -or ($_ -eq 2 -and $wordToComplete) } { 'auth','login','logout','context','completion','version','help'; break }
    default {
      switch ($words[1]) {
        'auth' { if ($words.Count -le 3 -and $wordToComplete -or $words.Count -eq 2) { 'login','logout','token','status','exec','configure-docker' }
                 elseif ($words[2] -eq 'login') { $loginFlags + $domains }
                 elseif ($words[2] -eq 'token') { '--domain','--help' }
                 elseif ($words[2] -eq 'exec') { if ($words -contains '--') { @() } else { '--domain','--env','--help','--' } }
                 elseif ($words[2] -eq 'configure-docker') { '--help','images.astronomer.cloud','images.astronomer-dev.cloud','images.astronomer-stage.cloud' }
                 else { @('--help','--json') + $domains } }
        'login' { $loginFlags + $domains }
        'logout' { @('--help') + $domains }
        'context' { if ($words.Count -le 3) { 'list','switch','delete' } else { $domains } }
        'completion' { 'bash','zsh','fish','powershell' }
      }
    }
  }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
