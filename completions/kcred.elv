
use builtin;
use str;

set edit:completion:arg-completer[kcred] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kcred'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kcred'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand profile 'Manage profiles: one IAM access key each, its secret in the OS keyring'
            cand token 'Print a valid API token (cached until it expires)'
            cand iam-key 'Manage IAM access keys (at most 2 per project)'
            cand s3-key 'Manage S3 access keys (at most 2 per project)'
            cand project 'Projects of the current user'
            cand s3-temp 'Exchange the token for temporary S3 credentials (cached until they expire)'
            cand kms-key 'Manage KMS user keys: create, rotate, deactivate, destroy, delete; access control; service keys'
            cand env 'Print the environment for scripts and CI (token, project; the key with --with-key)'
            cand exec 'Run a command with the token (the key with --with-key) in its environment'
            cand kube-credential 'Print a token as a Kubernetes ExecCredential, for kubectl''s exec plugin'
            cand registry 'Container registries (KakaoCloud Container Registry) served by docker-credential-kcred'
            cand ncp 'NAVER Cloud: the key that signs requests'
            cand glesys 'GleSYS: Object Storage instances'
            cand doctor 'Check profiles, secrets, cached tokens and the server against each other; finish or undo interrupted key operations, and repair what is safe to'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;profile'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a profile: verify the key, store its secret in the keyring, cache a first token'
            cand list 'List profiles'
            cand show 'Show one profile (the current one by default)'
            cand remove 'Remove a profile, its stored secret and its cached tokens'
            cand set 'Change a profile''s endpoints or region, or move its secret to another store, without entering the secret again'
            cand passphrase 'Change the passphrase of the encrypted secrets file (profiles with --store file)'
            cand use 'Make a profile the default one'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;profile;add'= {
            cand --provider 'The cloud the key belongs to [default: kakaocloud]'
            cand --access-key 'NAVER Cloud: the sub account''s access key ID (with --provider ncp)'
            cand --project 'GleSYS: the project ID, e.g. CL12345 (with --provider glesys)'
            cand --access-key-id 'IAM access key ID (token method 1)'
            cand --access-key-name 'IAM access key name (token method 2, with --user-id)'
            cand --user-id 'User UUID that owns the key (token method 2)'
            cand --store 'Where to keep the secret and tokens: the OS keyring, an encrypted file (passphrase from KCRED_FILE_PASSPHRASE or a prompt), or Vault/OpenBao as a profile shared by a team or CI fleet (VAULT_ADDR, VAULT_TOKEN; use it with KCRED_STORE=vault)'
            cand --region 'KakaoCloud region: sets the Object Storage, KMS and Container Registry endpoints (IAM is global) [default: kr-central-2]'
            cand --s3-region 'Region for S3 clients, over --region''s [default: the region]'
            cand --s3-endpoint 'Object Storage endpoint for S3 clients, over --region''s [default: https://objectstorage.REGION.kakaocloud.com]'
            cand --kms-endpoint 'KMS endpoint for `kcred kms-key`, over --region''s [default: https://key-management-service.REGION.kakaocloud.com]'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --secret-stdin 'Read the secret from the first line of standard input instead of a prompt'
            cand --no-verify 'Do not issue a token to check the key before saving'
            cand --force 'Replace a profile of the same name'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kcred;profile;list'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;profile;show'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;profile;remove'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;profile;set'= {
            cand --region 'KakaoCloud region: the Object Storage, KMS and Container Registry endpoints not set for themselves follow it'
            cand --s3-region 'Region for S3 clients'
            cand --s3-endpoint 'Object Storage endpoint for S3 clients'
            cand --kms-endpoint 'KMS endpoint for `kcred kms-key` (KakaoCloud profiles)'
            cand --store 'Move the secret, and the S3 key secrets the profile remembers, to this store: the OS keyring, the encrypted file, or Vault (a shared profile; cached tokens are dropped, not moved)'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand -y 'Moving a shared profile out of Vault: do not ask for confirmation'
            cand --yes 'Moving a shared profile out of Vault: do not ask for confirmation'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kcred;profile;passphrase'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --new-passphrase-stdin 'Read the new passphrase from standard input (first line) instead of a prompt'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;profile;use'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;profile;help'= {
            cand add 'Add a profile: verify the key, store its secret in the keyring, cache a first token'
            cand list 'List profiles'
            cand show 'Show one profile (the current one by default)'
            cand remove 'Remove a profile, its stored secret and its cached tokens'
            cand set 'Change a profile''s endpoints or region, or move its secret to another store, without entering the secret again'
            cand passphrase 'Change the passphrase of the encrypted secrets file (profiles with --store file)'
            cand use 'Make a profile the default one'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;profile;help;add'= {
        }
        &'kcred;profile;help;list'= {
        }
        &'kcred;profile;help;show'= {
        }
        &'kcred;profile;help;remove'= {
        }
        &'kcred;profile;help;set'= {
        }
        &'kcred;profile;help;passphrase'= {
        }
        &'kcred;profile;help;use'= {
        }
        &'kcred;profile;help;help'= {
        }
        &'kcred;token'= {
            cand --duration 'NAVER Cloud: lifetime of the temporary key in seconds (600 to 43200)'
            cand --mfa-serial 'NAVER Cloud: the MFA device''s serial number or NRN'
            cand --mfa-code 'NAVER Cloud: the code the MFA device shows now'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --refresh 'Issue a new token and replace the cached one'
            cand --no-cache 'Issue a new token without reading or writing the cache'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Show the cached token''s expiry, user and project (not the token)'
            cand verify 'Ask the server whether the cached token is still valid (exit 3 if not)'
            cand revoke 'Revoke the cached token on the server and drop it from the cache'
            cand forget 'Drop the cached token from the cache (it stays valid on the server)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;token;show'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;token;verify'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;token;revoke'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;token;forget'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;token;help'= {
            cand show 'Show the cached token''s expiry, user and project (not the token)'
            cand verify 'Ask the server whether the cached token is still valid (exit 3 if not)'
            cand revoke 'Revoke the cached token on the server and drop it from the cache'
            cand forget 'Drop the cached token from the cache (it stays valid on the server)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;token;help;show'= {
        }
        &'kcred;token;help;verify'= {
        }
        &'kcred;token;help;revoke'= {
        }
        &'kcred;token;help;forget'= {
        }
        &'kcred;token;help;help'= {
        }
        &'kcred;iam-key'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create an IAM access key in the current project; its secret goes to the keyring'
            cand list 'List the IAM access keys of the current project'
            cand delete 'Delete an IAM access key, its stored secret and the tokens it issued'
            cand rotate 'Replace the current profile''s key with a new one, then delete the old one'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;iam-key;create'= {
            cand --name 'Name of the key [default: kcred-HOST-DATE]'
            cand --description 'Description of the key'
            cand --expires-at 'When the key stops working (RFC 3339, e.g. 2027-06-30T00:00:00Z)'
            cand --save-as 'Also make a profile that uses the new key'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --show-secret 'Print the secret (it can never be read from KakaoCloud again)'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;iam-key;list'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;iam-key;delete'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --force 'Also when it is the key the current profile uses (the profile stops working)'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;iam-key;rotate'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;iam-key;help'= {
            cand create 'Create an IAM access key in the current project; its secret goes to the keyring'
            cand list 'List the IAM access keys of the current project'
            cand delete 'Delete an IAM access key, its stored secret and the tokens it issued'
            cand rotate 'Replace the current profile''s key with a new one, then delete the old one'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;iam-key;help;create'= {
        }
        &'kcred;iam-key;help;list'= {
        }
        &'kcred;iam-key;help;delete'= {
        }
        &'kcred;iam-key;help;rotate'= {
        }
        &'kcred;iam-key;help;help'= {
        }
        &'kcred;s3-key'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create an S3 access key; its secret goes to the keyring'
            cand list 'List S3 access keys'
            cand delete 'Delete an S3 access key and its stored secret'
            cand credential-process 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;s3-key;create'= {
            cand --project 'Project ID or name [default: the current key''s project]'
            cand --instance 'GleSYS: the Object Storage instance (see `kcred glesys instances`)'
            cand --description 'GleSYS: a description of the key'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --show-secret 'Print the secret (it is not shown again)'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;s3-key;list'= {
            cand --project 'Only the keys of this project (ID or name)'
            cand --instance 'GleSYS: the Object Storage instance'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;s3-key;delete'= {
            cand --instance 'GleSYS: the Object Storage instance'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;s3-key;credential-process'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --temp 'Temporary credentials instead (with SessionToken and Expiration)'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;s3-key;help'= {
            cand create 'Create an S3 access key; its secret goes to the keyring'
            cand list 'List S3 access keys'
            cand delete 'Delete an S3 access key and its stored secret'
            cand credential-process 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;s3-key;help;create'= {
        }
        &'kcred;s3-key;help;list'= {
        }
        &'kcred;s3-key;help;delete'= {
        }
        &'kcred;s3-key;help;credential-process'= {
        }
        &'kcred;s3-key;help;help'= {
        }
        &'kcred;project'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the projects of the current user'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;project;list'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;project;help'= {
            cand list 'List the projects of the current user'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;project;help;list'= {
        }
        &'kcred;project;help;help'= {
        }
        &'kcred;s3-temp'= {
            cand --duration 'How long the credentials should live, in seconds (KakaoCloud''s default when unset)'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --refresh 'Get new credentials and replace the cached ones'
            cand --show-secret 'Print the secret key and session token too'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the KMS keys of the current project'
            cand show 'Show one KMS key'
            cand create 'Create a KMS key (with version 1, unless --pre-activation)'
            cand rotate 'Rotate a KMS key now: a new version becomes the current one'
            cand versions 'List the versions of a KMS key (* marks the current one)'
            cand public-key 'Print the public key of an asymmetric KMS key (PEM)'
            cand delete 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed'
            cand version 'Deactivate a version, schedule or cancel its destruction'
            cand set-rotation 'Set how often a KMS key rotates by itself'
            cand access-control 'Show or change who may use a KMS key (its access-control list)'
            cand service-keys 'List the service keys that KakaoCloud services made for the project (read-only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;kms-key;list'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;show'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;create'= {
            cand --name 'Name of the key'
            cand --description 'Description of the key'
            cand --algorithm 'Algorithm [default: AES256-GCM96 when --usage is not given either; else the only one the usage allows]'
            cand --usage 'What the key is for [default: SYMMETRIC_ENCRYPT_DECRYPT when --algorithm is not given either; else the only usage the algorithm serves]'
            cand --rotation-days 'Days between automatic rotations, 1 to 1095 [default: KakaoCloud''s]'
            cand --target 'A subject allowed to use the key (repeat for more)'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --pre-activation 'Create it in PRE_ACTIVATION status, with no version yet'
            cand --access-control 'Enable access control: only the subjects on the key''s list may use it'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;rotate'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;versions'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;public-key'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;delete'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;version'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand deactivate 'Deactivate a version: it no longer encrypts or decrypts'
            cand destroy 'Schedule the destruction of deactivated versions (irreversible once the time passes)'
            cand cancel-destroy 'Cancel the scheduled destruction of versions (they stay deactivated)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;kms-key;version;deactivate'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;version;destroy'= {
            cand --at 'When, RFC 3339 (`2027-01-31T00:00:00Z`), in the future [default: 7 days from now]'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;version;cancel-destroy'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;version;help'= {
            cand deactivate 'Deactivate a version: it no longer encrypts or decrypts'
            cand destroy 'Schedule the destruction of deactivated versions (irreversible once the time passes)'
            cand cancel-destroy 'Cancel the scheduled destruction of versions (they stay deactivated)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;kms-key;version;help;deactivate'= {
        }
        &'kcred;kms-key;version;help;destroy'= {
        }
        &'kcred;kms-key;version;help;cancel-destroy'= {
        }
        &'kcred;kms-key;version;help;help'= {
        }
        &'kcred;kms-key;set-rotation'= {
            cand --days 'Days between automatic rotations, 1 to 1095'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;access-control'= {
            cand --add 'Add subjects to the list'
            cand --remove 'Remove subjects from the list'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --enable 'Turn access control on: only the subjects on the list may use the key'
            cand --disable 'Turn access control off'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;service-keys'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kms-key;help'= {
            cand list 'List the KMS keys of the current project'
            cand show 'Show one KMS key'
            cand create 'Create a KMS key (with version 1, unless --pre-activation)'
            cand rotate 'Rotate a KMS key now: a new version becomes the current one'
            cand versions 'List the versions of a KMS key (* marks the current one)'
            cand public-key 'Print the public key of an asymmetric KMS key (PEM)'
            cand delete 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed'
            cand version 'Deactivate a version, schedule or cancel its destruction'
            cand set-rotation 'Set how often a KMS key rotates by itself'
            cand access-control 'Show or change who may use a KMS key (its access-control list)'
            cand service-keys 'List the service keys that KakaoCloud services made for the project (read-only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;kms-key;help;list'= {
        }
        &'kcred;kms-key;help;show'= {
        }
        &'kcred;kms-key;help;create'= {
        }
        &'kcred;kms-key;help;rotate'= {
        }
        &'kcred;kms-key;help;versions'= {
        }
        &'kcred;kms-key;help;public-key'= {
        }
        &'kcred;kms-key;help;delete'= {
        }
        &'kcred;kms-key;help;version'= {
            cand deactivate 'Deactivate a version: it no longer encrypts or decrypts'
            cand destroy 'Schedule the destruction of deactivated versions (irreversible once the time passes)'
            cand cancel-destroy 'Cancel the scheduled destruction of versions (they stay deactivated)'
        }
        &'kcred;kms-key;help;version;deactivate'= {
        }
        &'kcred;kms-key;help;version;destroy'= {
        }
        &'kcred;kms-key;help;version;cancel-destroy'= {
        }
        &'kcred;kms-key;help;set-rotation'= {
        }
        &'kcred;kms-key;help;access-control'= {
        }
        &'kcred;kms-key;help;service-keys'= {
        }
        &'kcred;kms-key;help;help'= {
        }
        &'kcred;env'= {
            cand --format 'How to print the variables [default: sh; powershell on Windows; json with --output json]'
            cand --s3 'Add AWS_* variables for an S3 access key (the profile''s only one unless named)'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --s3-temp 'Add AWS_* variables for temporary S3 credentials (with AWS_SESSION_TOKEN)'
            cand --no-export 'Plain assignments without export (sh, dotenv) or global instead of exported (fish)'
            cand --with-key 'Also print the IAM access key and its SECRET, for tools that take only a key (OpenStack CLI, KakaoCloud''s Terraform provider); anyone who sees the output has it'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kcred;exec'= {
            cand --s3 'Add AWS_* variables for an S3 access key (the profile''s only one unless named)'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --with-key 'Also give the command the IAM access key and its secret, for tools that take only a key (OpenStack CLI, KakaoCloud''s Terraform provider)'
            cand --s3-temp 'Add AWS_* variables for temporary S3 credentials (with AWS_SESSION_TOKEN)'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;kube-credential'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kcred;registry'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand configure 'Point registries at docker-credential-kcred in every client''s auth file, for the current profile (no HOST: the profile''s PROJECT.REGION.kcr.dev), and remove their plaintext logins'
            cand list 'List the registries kcred serves, their profiles and the auth files that point at it'
            cand remove 'Undo `configure` for a registry: its auth-file entries and its profile''s record'
            cand pull-secret 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile''s key, for `kubectl apply -f -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;registry;configure'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand -y 'Remove plaintext logins for these hosts without asking'
            cand --yes 'Remove plaintext logins for these hosts without asking'
            cand --dry-run 'Only print what would change'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;registry;list'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;registry;remove'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;registry;pull-secret'= {
            cand --name 'The Secret''s name'
            cand --namespace 'The Secret''s namespace (kubectl''s current one when not given)'
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kcred;registry;help'= {
            cand configure 'Point registries at docker-credential-kcred in every client''s auth file, for the current profile (no HOST: the profile''s PROJECT.REGION.kcr.dev), and remove their plaintext logins'
            cand list 'List the registries kcred serves, their profiles and the auth files that point at it'
            cand remove 'Undo `configure` for a registry: its auth-file entries and its profile''s record'
            cand pull-secret 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile''s key, for `kubectl apply -f -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;registry;help;configure'= {
        }
        &'kcred;registry;help;list'= {
        }
        &'kcred;registry;help;remove'= {
        }
        &'kcred;registry;help;pull-secret'= {
        }
        &'kcred;registry;help;help'= {
        }
        &'kcred;ncp'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand credentials 'Describe the key that signs requests (`GET /api/v1/credentials`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;ncp;credentials'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;ncp;help'= {
            cand credentials 'Describe the key that signs requests (`GET /api/v1/credentials`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;ncp;help;credentials'= {
        }
        &'kcred;ncp;help;help'= {
        }
        &'kcred;glesys'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
            cand instances 'List Object Storage instances and their access keys'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;glesys;instances'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;glesys;help'= {
            cand instances 'List Object Storage instances and their access keys'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;glesys;help;instances'= {
        }
        &'kcred;glesys;help;help'= {
        }
        &'kcred;doctor'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --dry-run 'Only report: change nothing, here or on the server'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;completions'= {
            cand --profile 'Profile to use instead of the default one'
            cand --output 'Output format for data'
            cand --endpoint 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)'
            cand --timeout 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)'
            cand --min-ttl 'Seconds a cached token must still be valid for to be used'
            cand --no-input 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
            cand -v 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand --verbose 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kcred;help'= {
            cand profile 'Manage profiles: one IAM access key each, its secret in the OS keyring'
            cand token 'Print a valid API token (cached until it expires)'
            cand iam-key 'Manage IAM access keys (at most 2 per project)'
            cand s3-key 'Manage S3 access keys (at most 2 per project)'
            cand project 'Projects of the current user'
            cand s3-temp 'Exchange the token for temporary S3 credentials (cached until they expire)'
            cand kms-key 'Manage KMS user keys: create, rotate, deactivate, destroy, delete; access control; service keys'
            cand env 'Print the environment for scripts and CI (token, project; the key with --with-key)'
            cand exec 'Run a command with the token (the key with --with-key) in its environment'
            cand kube-credential 'Print a token as a Kubernetes ExecCredential, for kubectl''s exec plugin'
            cand registry 'Container registries (KakaoCloud Container Registry) served by docker-credential-kcred'
            cand ncp 'NAVER Cloud: the key that signs requests'
            cand glesys 'GleSYS: Object Storage instances'
            cand doctor 'Check profiles, secrets, cached tokens and the server against each other; finish or undo interrupted key operations, and repair what is safe to'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kcred;help;profile'= {
            cand add 'Add a profile: verify the key, store its secret in the keyring, cache a first token'
            cand list 'List profiles'
            cand show 'Show one profile (the current one by default)'
            cand remove 'Remove a profile, its stored secret and its cached tokens'
            cand set 'Change a profile''s endpoints or region, or move its secret to another store, without entering the secret again'
            cand passphrase 'Change the passphrase of the encrypted secrets file (profiles with --store file)'
            cand use 'Make a profile the default one'
        }
        &'kcred;help;profile;add'= {
        }
        &'kcred;help;profile;list'= {
        }
        &'kcred;help;profile;show'= {
        }
        &'kcred;help;profile;remove'= {
        }
        &'kcred;help;profile;set'= {
        }
        &'kcred;help;profile;passphrase'= {
        }
        &'kcred;help;profile;use'= {
        }
        &'kcred;help;token'= {
            cand show 'Show the cached token''s expiry, user and project (not the token)'
            cand verify 'Ask the server whether the cached token is still valid (exit 3 if not)'
            cand revoke 'Revoke the cached token on the server and drop it from the cache'
            cand forget 'Drop the cached token from the cache (it stays valid on the server)'
        }
        &'kcred;help;token;show'= {
        }
        &'kcred;help;token;verify'= {
        }
        &'kcred;help;token;revoke'= {
        }
        &'kcred;help;token;forget'= {
        }
        &'kcred;help;iam-key'= {
            cand create 'Create an IAM access key in the current project; its secret goes to the keyring'
            cand list 'List the IAM access keys of the current project'
            cand delete 'Delete an IAM access key, its stored secret and the tokens it issued'
            cand rotate 'Replace the current profile''s key with a new one, then delete the old one'
        }
        &'kcred;help;iam-key;create'= {
        }
        &'kcred;help;iam-key;list'= {
        }
        &'kcred;help;iam-key;delete'= {
        }
        &'kcred;help;iam-key;rotate'= {
        }
        &'kcred;help;s3-key'= {
            cand create 'Create an S3 access key; its secret goes to the keyring'
            cand list 'List S3 access keys'
            cand delete 'Delete an S3 access key and its stored secret'
            cand credential-process 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)'
        }
        &'kcred;help;s3-key;create'= {
        }
        &'kcred;help;s3-key;list'= {
        }
        &'kcred;help;s3-key;delete'= {
        }
        &'kcred;help;s3-key;credential-process'= {
        }
        &'kcred;help;project'= {
            cand list 'List the projects of the current user'
        }
        &'kcred;help;project;list'= {
        }
        &'kcred;help;s3-temp'= {
        }
        &'kcred;help;kms-key'= {
            cand list 'List the KMS keys of the current project'
            cand show 'Show one KMS key'
            cand create 'Create a KMS key (with version 1, unless --pre-activation)'
            cand rotate 'Rotate a KMS key now: a new version becomes the current one'
            cand versions 'List the versions of a KMS key (* marks the current one)'
            cand public-key 'Print the public key of an asymmetric KMS key (PEM)'
            cand delete 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed'
            cand version 'Deactivate a version, schedule or cancel its destruction'
            cand set-rotation 'Set how often a KMS key rotates by itself'
            cand access-control 'Show or change who may use a KMS key (its access-control list)'
            cand service-keys 'List the service keys that KakaoCloud services made for the project (read-only)'
        }
        &'kcred;help;kms-key;list'= {
        }
        &'kcred;help;kms-key;show'= {
        }
        &'kcred;help;kms-key;create'= {
        }
        &'kcred;help;kms-key;rotate'= {
        }
        &'kcred;help;kms-key;versions'= {
        }
        &'kcred;help;kms-key;public-key'= {
        }
        &'kcred;help;kms-key;delete'= {
        }
        &'kcred;help;kms-key;version'= {
            cand deactivate 'Deactivate a version: it no longer encrypts or decrypts'
            cand destroy 'Schedule the destruction of deactivated versions (irreversible once the time passes)'
            cand cancel-destroy 'Cancel the scheduled destruction of versions (they stay deactivated)'
        }
        &'kcred;help;kms-key;version;deactivate'= {
        }
        &'kcred;help;kms-key;version;destroy'= {
        }
        &'kcred;help;kms-key;version;cancel-destroy'= {
        }
        &'kcred;help;kms-key;set-rotation'= {
        }
        &'kcred;help;kms-key;access-control'= {
        }
        &'kcred;help;kms-key;service-keys'= {
        }
        &'kcred;help;env'= {
        }
        &'kcred;help;exec'= {
        }
        &'kcred;help;kube-credential'= {
        }
        &'kcred;help;registry'= {
            cand configure 'Point registries at docker-credential-kcred in every client''s auth file, for the current profile (no HOST: the profile''s PROJECT.REGION.kcr.dev), and remove their plaintext logins'
            cand list 'List the registries kcred serves, their profiles and the auth files that point at it'
            cand remove 'Undo `configure` for a registry: its auth-file entries and its profile''s record'
            cand pull-secret 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile''s key, for `kubectl apply -f -`'
        }
        &'kcred;help;registry;configure'= {
        }
        &'kcred;help;registry;list'= {
        }
        &'kcred;help;registry;remove'= {
        }
        &'kcred;help;registry;pull-secret'= {
        }
        &'kcred;help;ncp'= {
            cand credentials 'Describe the key that signs requests (`GET /api/v1/credentials`)'
        }
        &'kcred;help;ncp;credentials'= {
        }
        &'kcred;help;glesys'= {
            cand instances 'List Object Storage instances and their access keys'
        }
        &'kcred;help;glesys;instances'= {
        }
        &'kcred;help;doctor'= {
        }
        &'kcred;help;completions'= {
        }
        &'kcred;help;help'= {
        }
    ]
    $completions[$command]
}
