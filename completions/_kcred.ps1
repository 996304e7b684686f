
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kcred' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kcred'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kcred' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Manage profiles: one IAM access key each, its secret in the OS keyring')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid API token (cached until it expires)')
            [CompletionResult]::new('iam-key', 'iam-key', [CompletionResultType]::ParameterValue, 'Manage IAM access keys (at most 2 per project)')
            [CompletionResult]::new('s3-key', 's3-key', [CompletionResultType]::ParameterValue, 'Manage S3 access keys (at most 2 per project)')
            [CompletionResult]::new('project', 'project', [CompletionResultType]::ParameterValue, 'Projects of the current user')
            [CompletionResult]::new('s3-temp', 's3-temp', [CompletionResultType]::ParameterValue, 'Exchange the token for temporary S3 credentials (cached until they expire)')
            [CompletionResult]::new('kms-key', 'kms-key', [CompletionResultType]::ParameterValue, 'Manage KMS user keys: create, rotate, deactivate, destroy, delete; access control; service keys')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print the environment for scripts and CI (token, project; the key with --with-key)')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with the token (the key with --with-key) in its environment')
            [CompletionResult]::new('kube-credential', 'kube-credential', [CompletionResultType]::ParameterValue, 'Print a token as a Kubernetes ExecCredential, for kubectl''s exec plugin')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Container registries (KakaoCloud Container Registry) served by docker-credential-kcred')
            [CompletionResult]::new('ncp', 'ncp', [CompletionResultType]::ParameterValue, 'NAVER Cloud: the key that signs requests')
            [CompletionResult]::new('glesys', 'glesys', [CompletionResultType]::ParameterValue, 'GleSYS: Object Storage instances')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check profiles, secrets, cached tokens and the server against each other; finish or undo interrupted key operations, and repair what is safe to')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;profile' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a profile: verify the key, store its secret in the keyring, cache a first token')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one profile (the current one by default)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile, its stored secret and its cached tokens')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a profile''s endpoints or region, or move its secret to another store, without entering the secret again')
            [CompletionResult]::new('passphrase', 'passphrase', [CompletionResultType]::ParameterValue, 'Change the passphrase of the encrypted secrets file (profiles with --store file)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the default one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;profile;add' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The cloud the key belongs to [default: kakaocloud]')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'NAVER Cloud: the sub account''s access key ID (with --provider ncp)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'GleSYS: the project ID, e.g. CL12345 (with --provider glesys)')
            [CompletionResult]::new('--access-key-id', '--access-key-id', [CompletionResultType]::ParameterName, 'IAM access key ID (token method 1)')
            [CompletionResult]::new('--access-key-name', '--access-key-name', [CompletionResultType]::ParameterName, 'IAM access key name (token method 2, with --user-id)')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'User UUID that owns the key (token method 2)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where to keep the secret and tokens: the OS keyring, an encrypted file (passphrase from KCRED_FILE_PASSPHRASE or a prompt), or Vault/OpenBao as a profile shared by a team or CI fleet (VAULT_ADDR, VAULT_TOKEN; use it with KCRED_STORE=vault)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'KakaoCloud region: sets the Object Storage, KMS and Container Registry endpoints (IAM is global) [default: kr-central-2]')
            [CompletionResult]::new('--s3-region', '--s3-region', [CompletionResultType]::ParameterName, 'Region for S3 clients, over --region''s [default: the region]')
            [CompletionResult]::new('--s3-endpoint', '--s3-endpoint', [CompletionResultType]::ParameterName, 'Object Storage endpoint for S3 clients, over --region''s [default: https://objectstorage.REGION.kakaocloud.com]')
            [CompletionResult]::new('--kms-endpoint', '--kms-endpoint', [CompletionResultType]::ParameterName, 'KMS endpoint for `kcred kms-key`, over --region''s [default: https://key-management-service.REGION.kakaocloud.com]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the secret from the first line of standard input instead of a prompt')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not issue a token to check the key before saving')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a profile of the same name')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kcred;profile;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;profile;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;profile;remove' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;profile;set' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'KakaoCloud region: the Object Storage, KMS and Container Registry endpoints not set for themselves follow it')
            [CompletionResult]::new('--s3-region', '--s3-region', [CompletionResultType]::ParameterName, 'Region for S3 clients')
            [CompletionResult]::new('--s3-endpoint', '--s3-endpoint', [CompletionResultType]::ParameterName, 'Object Storage endpoint for S3 clients')
            [CompletionResult]::new('--kms-endpoint', '--kms-endpoint', [CompletionResultType]::ParameterName, 'KMS endpoint for `kcred kms-key` (KakaoCloud profiles)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Move the secret, and the S3 key secrets the profile remembers, to this store: the OS keyring, the encrypted file, or Vault (a shared profile; cached tokens are dropped, not moved)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Moving a shared profile out of Vault: do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Moving a shared profile out of Vault: do not ask for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kcred;profile;passphrase' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--new-passphrase-stdin', '--new-passphrase-stdin', [CompletionResultType]::ParameterName, 'Read the new passphrase from standard input (first line) instead of a prompt')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;profile;use' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;profile;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a profile: verify the key, store its secret in the keyring, cache a first token')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one profile (the current one by default)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile, its stored secret and its cached tokens')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a profile''s endpoints or region, or move its secret to another store, without entering the secret again')
            [CompletionResult]::new('passphrase', 'passphrase', [CompletionResultType]::ParameterValue, 'Change the passphrase of the encrypted secrets file (profiles with --store file)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the default one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;profile;help;add' {
            break
        }
        'kcred;profile;help;list' {
            break
        }
        'kcred;profile;help;show' {
            break
        }
        'kcred;profile;help;remove' {
            break
        }
        'kcred;profile;help;set' {
            break
        }
        'kcred;profile;help;passphrase' {
            break
        }
        'kcred;profile;help;use' {
            break
        }
        'kcred;profile;help;help' {
            break
        }
        'kcred;token' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'NAVER Cloud: lifetime of the temporary key in seconds (600 to 43200)')
            [CompletionResult]::new('--mfa-serial', '--mfa-serial', [CompletionResultType]::ParameterName, 'NAVER Cloud: the MFA device''s serial number or NRN')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'NAVER Cloud: the code the MFA device shows now')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Issue a new token and replace the cached one')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Issue a new token without reading or writing the cache')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the cached token''s expiry, user and project (not the token)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Ask the server whether the cached token is still valid (exit 3 if not)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke the cached token on the server and drop it from the cache')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Drop the cached token from the cache (it stays valid on the server)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;token;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;token;verify' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;token;revoke' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;token;forget' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;token;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the cached token''s expiry, user and project (not the token)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Ask the server whether the cached token is still valid (exit 3 if not)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke the cached token on the server and drop it from the cache')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Drop the cached token from the cache (it stays valid on the server)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;token;help;show' {
            break
        }
        'kcred;token;help;verify' {
            break
        }
        'kcred;token;help;revoke' {
            break
        }
        'kcred;token;help;forget' {
            break
        }
        'kcred;token;help;help' {
            break
        }
        'kcred;iam-key' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an IAM access key in the current project; its secret goes to the keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the IAM access keys of the current project')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an IAM access key, its stored secret and the tokens it issued')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the current profile''s key with a new one, then delete the old one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;iam-key;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the key [default: kcred-HOST-DATE]')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'Description of the key')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'When the key stops working (RFC 3339, e.g. 2027-06-30T00:00:00Z)')
            [CompletionResult]::new('--save-as', '--save-as', [CompletionResultType]::ParameterName, 'Also make a profile that uses the new key')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--show-secret', '--show-secret', [CompletionResultType]::ParameterName, 'Print the secret (it can never be read from KakaoCloud again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;iam-key;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;iam-key;delete' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Also when it is the key the current profile uses (the profile stops working)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;iam-key;rotate' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;iam-key;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an IAM access key in the current project; its secret goes to the keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the IAM access keys of the current project')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an IAM access key, its stored secret and the tokens it issued')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the current profile''s key with a new one, then delete the old one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;iam-key;help;create' {
            break
        }
        'kcred;iam-key;help;list' {
            break
        }
        'kcred;iam-key;help;delete' {
            break
        }
        'kcred;iam-key;help;rotate' {
            break
        }
        'kcred;iam-key;help;help' {
            break
        }
        'kcred;s3-key' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an S3 access key; its secret goes to the keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List S3 access keys')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an S3 access key and its stored secret')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;s3-key;create' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID or name [default: the current key''s project]')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'GleSYS: the Object Storage instance (see `kcred glesys instances`)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'GleSYS: a description of the key')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--show-secret', '--show-secret', [CompletionResultType]::ParameterName, 'Print the secret (it is not shown again)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;s3-key;list' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Only the keys of this project (ID or name)')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'GleSYS: the Object Storage instance')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;s3-key;delete' {
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'GleSYS: the Object Storage instance')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;s3-key;credential-process' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--temp', '--temp', [CompletionResultType]::ParameterName, 'Temporary credentials instead (with SessionToken and Expiration)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;s3-key;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an S3 access key; its secret goes to the keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List S3 access keys')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an S3 access key and its stored secret')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;s3-key;help;create' {
            break
        }
        'kcred;s3-key;help;list' {
            break
        }
        'kcred;s3-key;help;delete' {
            break
        }
        'kcred;s3-key;help;credential-process' {
            break
        }
        'kcred;s3-key;help;help' {
            break
        }
        'kcred;project' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the projects of the current user')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;project;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;project;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the projects of the current user')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;project;help;list' {
            break
        }
        'kcred;project;help;help' {
            break
        }
        'kcred;s3-temp' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the credentials should live, in seconds (KakaoCloud''s default when unset)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Get new credentials and replace the cached ones')
            [CompletionResult]::new('--show-secret', '--show-secret', [CompletionResultType]::ParameterName, 'Print the secret key and session token too')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the KMS keys of the current project')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one KMS key')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a KMS key (with version 1, unless --pre-activation)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a KMS key now: a new version becomes the current one')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'List the versions of a KMS key (* marks the current one)')
            [CompletionResult]::new('public-key', 'public-key', [CompletionResultType]::ParameterValue, 'Print the public key of an asymmetric KMS key (PEM)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Deactivate a version, schedule or cancel its destruction')
            [CompletionResult]::new('set-rotation', 'set-rotation', [CompletionResultType]::ParameterValue, 'Set how often a KMS key rotates by itself')
            [CompletionResult]::new('access-control', 'access-control', [CompletionResultType]::ParameterValue, 'Show or change who may use a KMS key (its access-control list)')
            [CompletionResult]::new('service-keys', 'service-keys', [CompletionResultType]::ParameterValue, 'List the service keys that KakaoCloud services made for the project (read-only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;kms-key;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the key')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'Description of the key')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Algorithm [default: AES256-GCM96 when --usage is not given either; else the only one the usage allows]')
            [CompletionResult]::new('--usage', '--usage', [CompletionResultType]::ParameterName, 'What the key is for [default: SYMMETRIC_ENCRYPT_DECRYPT when --algorithm is not given either; else the only usage the algorithm serves]')
            [CompletionResult]::new('--rotation-days', '--rotation-days', [CompletionResultType]::ParameterName, 'Days between automatic rotations, 1 to 1095 [default: KakaoCloud''s]')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'A subject allowed to use the key (repeat for more)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--pre-activation', '--pre-activation', [CompletionResultType]::ParameterName, 'Create it in PRE_ACTIVATION status, with no version yet')
            [CompletionResult]::new('--access-control', '--access-control', [CompletionResultType]::ParameterName, 'Enable access control: only the subjects on the key''s list may use it')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;rotate' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;versions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;public-key' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;delete' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;version' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate a version: it no longer encrypts or decrypts')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Schedule the destruction of deactivated versions (irreversible once the time passes)')
            [CompletionResult]::new('cancel-destroy', 'cancel-destroy', [CompletionResultType]::ParameterValue, 'Cancel the scheduled destruction of versions (they stay deactivated)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;kms-key;version;deactivate' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;version;destroy' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When, RFC 3339 (`2027-01-31T00:00:00Z`), in the future [default: 7 days from now]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;version;cancel-destroy' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;version;help' {
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate a version: it no longer encrypts or decrypts')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Schedule the destruction of deactivated versions (irreversible once the time passes)')
            [CompletionResult]::new('cancel-destroy', 'cancel-destroy', [CompletionResultType]::ParameterValue, 'Cancel the scheduled destruction of versions (they stay deactivated)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;kms-key;version;help;deactivate' {
            break
        }
        'kcred;kms-key;version;help;destroy' {
            break
        }
        'kcred;kms-key;version;help;cancel-destroy' {
            break
        }
        'kcred;kms-key;version;help;help' {
            break
        }
        'kcred;kms-key;set-rotation' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days between automatic rotations, 1 to 1095')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;access-control' {
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Add subjects to the list')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove subjects from the list')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--enable', '--enable', [CompletionResultType]::ParameterName, 'Turn access control on: only the subjects on the list may use the key')
            [CompletionResult]::new('--disable', '--disable', [CompletionResultType]::ParameterName, 'Turn access control off')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;service-keys' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kms-key;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the KMS keys of the current project')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one KMS key')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a KMS key (with version 1, unless --pre-activation)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a KMS key now: a new version becomes the current one')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'List the versions of a KMS key (* marks the current one)')
            [CompletionResult]::new('public-key', 'public-key', [CompletionResultType]::ParameterValue, 'Print the public key of an asymmetric KMS key (PEM)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Deactivate a version, schedule or cancel its destruction')
            [CompletionResult]::new('set-rotation', 'set-rotation', [CompletionResultType]::ParameterValue, 'Set how often a KMS key rotates by itself')
            [CompletionResult]::new('access-control', 'access-control', [CompletionResultType]::ParameterValue, 'Show or change who may use a KMS key (its access-control list)')
            [CompletionResult]::new('service-keys', 'service-keys', [CompletionResultType]::ParameterValue, 'List the service keys that KakaoCloud services made for the project (read-only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;kms-key;help;list' {
            break
        }
        'kcred;kms-key;help;show' {
            break
        }
        'kcred;kms-key;help;create' {
            break
        }
        'kcred;kms-key;help;rotate' {
            break
        }
        'kcred;kms-key;help;versions' {
            break
        }
        'kcred;kms-key;help;public-key' {
            break
        }
        'kcred;kms-key;help;delete' {
            break
        }
        'kcred;kms-key;help;version' {
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate a version: it no longer encrypts or decrypts')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Schedule the destruction of deactivated versions (irreversible once the time passes)')
            [CompletionResult]::new('cancel-destroy', 'cancel-destroy', [CompletionResultType]::ParameterValue, 'Cancel the scheduled destruction of versions (they stay deactivated)')
            break
        }
        'kcred;kms-key;help;version;deactivate' {
            break
        }
        'kcred;kms-key;help;version;destroy' {
            break
        }
        'kcred;kms-key;help;version;cancel-destroy' {
            break
        }
        'kcred;kms-key;help;set-rotation' {
            break
        }
        'kcred;kms-key;help;access-control' {
            break
        }
        'kcred;kms-key;help;service-keys' {
            break
        }
        'kcred;kms-key;help;help' {
            break
        }
        'kcred;env' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the variables [default: sh; powershell on Windows; json with --output json]')
            [CompletionResult]::new('--s3', '--s3', [CompletionResultType]::ParameterName, 'Add AWS_* variables for an S3 access key (the profile''s only one unless named)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--s3-temp', '--s3-temp', [CompletionResultType]::ParameterName, 'Add AWS_* variables for temporary S3 credentials (with AWS_SESSION_TOKEN)')
            [CompletionResult]::new('--no-export', '--no-export', [CompletionResultType]::ParameterName, 'Plain assignments without export (sh, dotenv) or global instead of exported (fish)')
            [CompletionResult]::new('--with-key', '--with-key', [CompletionResultType]::ParameterName, 'Also print the IAM access key and its SECRET, for tools that take only a key (OpenStack CLI, KakaoCloud''s Terraform provider); anyone who sees the output has it')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kcred;exec' {
            [CompletionResult]::new('--s3', '--s3', [CompletionResultType]::ParameterName, 'Add AWS_* variables for an S3 access key (the profile''s only one unless named)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--with-key', '--with-key', [CompletionResultType]::ParameterName, 'Also give the command the IAM access key and its secret, for tools that take only a key (OpenStack CLI, KakaoCloud''s Terraform provider)')
            [CompletionResult]::new('--s3-temp', '--s3-temp', [CompletionResultType]::ParameterName, 'Add AWS_* variables for temporary S3 credentials (with AWS_SESSION_TOKEN)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;kube-credential' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kcred;registry' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Point registries at docker-credential-kcred in every client''s auth file, for the current profile (no HOST: the profile''s PROJECT.REGION.kcr.dev), and remove their plaintext logins')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the registries kcred serves, their profiles and the auth files that point at it')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Undo `configure` for a registry: its auth-file entries and its profile''s record')
            [CompletionResult]::new('pull-secret', 'pull-secret', [CompletionResultType]::ParameterValue, 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile''s key, for `kubectl apply -f -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;registry;configure' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Remove plaintext logins for these hosts without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Remove plaintext logins for these hosts without asking')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would change')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;registry;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;registry;remove' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;registry;pull-secret' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The Secret''s name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (kubectl''s current one when not given)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kcred;registry;help' {
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Point registries at docker-credential-kcred in every client''s auth file, for the current profile (no HOST: the profile''s PROJECT.REGION.kcr.dev), and remove their plaintext logins')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the registries kcred serves, their profiles and the auth files that point at it')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Undo `configure` for a registry: its auth-file entries and its profile''s record')
            [CompletionResult]::new('pull-secret', 'pull-secret', [CompletionResultType]::ParameterValue, 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile''s key, for `kubectl apply -f -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;registry;help;configure' {
            break
        }
        'kcred;registry;help;list' {
            break
        }
        'kcred;registry;help;remove' {
            break
        }
        'kcred;registry;help;pull-secret' {
            break
        }
        'kcred;registry;help;help' {
            break
        }
        'kcred;ncp' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Describe the key that signs requests (`GET /api/v1/credentials`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;ncp;credentials' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;ncp;help' {
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Describe the key that signs requests (`GET /api/v1/credentials`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;ncp;help;credentials' {
            break
        }
        'kcred;ncp;help;help' {
            break
        }
        'kcred;glesys' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('instances', 'instances', [CompletionResultType]::ParameterValue, 'List Object Storage instances and their access keys')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;glesys;instances' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;glesys;help' {
            [CompletionResult]::new('instances', 'instances', [CompletionResultType]::ParameterValue, 'List Object Storage instances and their access keys')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;glesys;help;instances' {
            break
        }
        'kcred;glesys;help;help' {
            break
        }
        'kcred;doctor' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only report: change nothing, here or on the server')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use instead of the default one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Seconds a cached token must still be valid for to be used')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log requests (method, URL, status, time) to stderr; secrets are never shown')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kcred;help' {
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Manage profiles: one IAM access key each, its secret in the OS keyring')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid API token (cached until it expires)')
            [CompletionResult]::new('iam-key', 'iam-key', [CompletionResultType]::ParameterValue, 'Manage IAM access keys (at most 2 per project)')
            [CompletionResult]::new('s3-key', 's3-key', [CompletionResultType]::ParameterValue, 'Manage S3 access keys (at most 2 per project)')
            [CompletionResult]::new('project', 'project', [CompletionResultType]::ParameterValue, 'Projects of the current user')
            [CompletionResult]::new('s3-temp', 's3-temp', [CompletionResultType]::ParameterValue, 'Exchange the token for temporary S3 credentials (cached until they expire)')
            [CompletionResult]::new('kms-key', 'kms-key', [CompletionResultType]::ParameterValue, 'Manage KMS user keys: create, rotate, deactivate, destroy, delete; access control; service keys')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print the environment for scripts and CI (token, project; the key with --with-key)')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with the token (the key with --with-key) in its environment')
            [CompletionResult]::new('kube-credential', 'kube-credential', [CompletionResultType]::ParameterValue, 'Print a token as a Kubernetes ExecCredential, for kubectl''s exec plugin')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Container registries (KakaoCloud Container Registry) served by docker-credential-kcred')
            [CompletionResult]::new('ncp', 'ncp', [CompletionResultType]::ParameterValue, 'NAVER Cloud: the key that signs requests')
            [CompletionResult]::new('glesys', 'glesys', [CompletionResultType]::ParameterValue, 'GleSYS: Object Storage instances')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check profiles, secrets, cached tokens and the server against each other; finish or undo interrupted key operations, and repair what is safe to')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kcred;help;profile' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a profile: verify the key, store its secret in the keyring, cache a first token')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one profile (the current one by default)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile, its stored secret and its cached tokens')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a profile''s endpoints or region, or move its secret to another store, without entering the secret again')
            [CompletionResult]::new('passphrase', 'passphrase', [CompletionResultType]::ParameterValue, 'Change the passphrase of the encrypted secrets file (profiles with --store file)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the default one')
            break
        }
        'kcred;help;profile;add' {
            break
        }
        'kcred;help;profile;list' {
            break
        }
        'kcred;help;profile;show' {
            break
        }
        'kcred;help;profile;remove' {
            break
        }
        'kcred;help;profile;set' {
            break
        }
        'kcred;help;profile;passphrase' {
            break
        }
        'kcred;help;profile;use' {
            break
        }
        'kcred;help;token' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the cached token''s expiry, user and project (not the token)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Ask the server whether the cached token is still valid (exit 3 if not)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke the cached token on the server and drop it from the cache')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Drop the cached token from the cache (it stays valid on the server)')
            break
        }
        'kcred;help;token;show' {
            break
        }
        'kcred;help;token;verify' {
            break
        }
        'kcred;help;token;revoke' {
            break
        }
        'kcred;help;token;forget' {
            break
        }
        'kcred;help;iam-key' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an IAM access key in the current project; its secret goes to the keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the IAM access keys of the current project')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an IAM access key, its stored secret and the tokens it issued')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the current profile''s key with a new one, then delete the old one')
            break
        }
        'kcred;help;iam-key;create' {
            break
        }
        'kcred;help;iam-key;list' {
            break
        }
        'kcred;help;iam-key;delete' {
            break
        }
        'kcred;help;iam-key;rotate' {
            break
        }
        'kcred;help;s3-key' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an S3 access key; its secret goes to the keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List S3 access keys')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an S3 access key and its stored secret')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)')
            break
        }
        'kcred;help;s3-key;create' {
            break
        }
        'kcred;help;s3-key;list' {
            break
        }
        'kcred;help;s3-key;delete' {
            break
        }
        'kcred;help;s3-key;credential-process' {
            break
        }
        'kcred;help;project' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the projects of the current user')
            break
        }
        'kcred;help;project;list' {
            break
        }
        'kcred;help;s3-temp' {
            break
        }
        'kcred;help;kms-key' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the KMS keys of the current project')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one KMS key')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a KMS key (with version 1, unless --pre-activation)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a KMS key now: a new version becomes the current one')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'List the versions of a KMS key (* marks the current one)')
            [CompletionResult]::new('public-key', 'public-key', [CompletionResultType]::ParameterValue, 'Print the public key of an asymmetric KMS key (PEM)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Deactivate a version, schedule or cancel its destruction')
            [CompletionResult]::new('set-rotation', 'set-rotation', [CompletionResultType]::ParameterValue, 'Set how often a KMS key rotates by itself')
            [CompletionResult]::new('access-control', 'access-control', [CompletionResultType]::ParameterValue, 'Show or change who may use a KMS key (its access-control list)')
            [CompletionResult]::new('service-keys', 'service-keys', [CompletionResultType]::ParameterValue, 'List the service keys that KakaoCloud services made for the project (read-only)')
            break
        }
        'kcred;help;kms-key;list' {
            break
        }
        'kcred;help;kms-key;show' {
            break
        }
        'kcred;help;kms-key;create' {
            break
        }
        'kcred;help;kms-key;rotate' {
            break
        }
        'kcred;help;kms-key;versions' {
            break
        }
        'kcred;help;kms-key;public-key' {
            break
        }
        'kcred;help;kms-key;delete' {
            break
        }
        'kcred;help;kms-key;version' {
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate a version: it no longer encrypts or decrypts')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Schedule the destruction of deactivated versions (irreversible once the time passes)')
            [CompletionResult]::new('cancel-destroy', 'cancel-destroy', [CompletionResultType]::ParameterValue, 'Cancel the scheduled destruction of versions (they stay deactivated)')
            break
        }
        'kcred;help;kms-key;version;deactivate' {
            break
        }
        'kcred;help;kms-key;version;destroy' {
            break
        }
        'kcred;help;kms-key;version;cancel-destroy' {
            break
        }
        'kcred;help;kms-key;set-rotation' {
            break
        }
        'kcred;help;kms-key;access-control' {
            break
        }
        'kcred;help;kms-key;service-keys' {
            break
        }
        'kcred;help;env' {
            break
        }
        'kcred;help;exec' {
            break
        }
        'kcred;help;kube-credential' {
            break
        }
        'kcred;help;registry' {
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Point registries at docker-credential-kcred in every client''s auth file, for the current profile (no HOST: the profile''s PROJECT.REGION.kcr.dev), and remove their plaintext logins')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the registries kcred serves, their profiles and the auth files that point at it')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Undo `configure` for a registry: its auth-file entries and its profile''s record')
            [CompletionResult]::new('pull-secret', 'pull-secret', [CompletionResultType]::ParameterValue, 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile''s key, for `kubectl apply -f -`')
            break
        }
        'kcred;help;registry;configure' {
            break
        }
        'kcred;help;registry;list' {
            break
        }
        'kcred;help;registry;remove' {
            break
        }
        'kcred;help;registry;pull-secret' {
            break
        }
        'kcred;help;ncp' {
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Describe the key that signs requests (`GET /api/v1/credentials`)')
            break
        }
        'kcred;help;ncp;credentials' {
            break
        }
        'kcred;help;glesys' {
            [CompletionResult]::new('instances', 'instances', [CompletionResultType]::ParameterValue, 'List Object Storage instances and their access keys')
            break
        }
        'kcred;help;glesys;instances' {
            break
        }
        'kcred;help;doctor' {
            break
        }
        'kcred;help;completions' {
            break
        }
        'kcred;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
