# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kcred_global_optspecs
    string join \n profile= output= endpoint= no-input v/verbose timeout= min-ttl= h/help V/version
end

function __fish_kcred_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kcred_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kcred_using_subcommand
    set -l cmd (__fish_kcred_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kcred -n "__fish_kcred_needs_command" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_needs_command" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_needs_command" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_needs_command" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_needs_command" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_needs_command" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_needs_command" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kcred -n "__fish_kcred_needs_command" -s V -l version -d 'Print version'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "profile" -d 'Manage profiles: one IAM access key each, its secret in the OS keyring'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "token" -d 'Print a valid API token (cached until it expires)'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "iam-key" -d 'Manage IAM access keys (at most 2 per project)'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "s3-key" -d 'Manage S3 access keys (at most 2 per project)'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "project" -d 'Projects of the current user'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "s3-temp" -d 'Exchange the token for temporary S3 credentials (cached until they expire)'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "kms-key" -d 'Manage KMS user keys: create, rotate, deactivate, destroy, delete; access control; service keys'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "env" -d 'Print the environment for scripts and CI (token, project; the key with --with-key)'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "exec" -d 'Run a command with the token (the key with --with-key) in its environment'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "kube-credential" -d 'Print a token as a Kubernetes ExecCredential, for kubectl\'s exec plugin'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "registry" -d 'Container registries (KakaoCloud Container Registry) served by docker-credential-kcred'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "ncp" -d 'NAVER Cloud: the key that signs requests'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "glesys" -d 'GleSYS: Object Storage instances'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "doctor" -d 'Check profiles, secrets, cached tokens and the server against each other; finish or undo interrupted key operations, and repair what is safe to'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c kcred -n "__fish_kcred_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -f -a "add" -d 'Add a profile: verify the key, store its secret in the keyring, cache a first token'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -f -a "list" -d 'List profiles'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -f -a "show" -d 'Show one profile (the current one by default)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -f -a "remove" -d 'Remove a profile, its stored secret and its cached tokens'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -f -a "set" -d 'Change a profile\'s endpoints or region, or move its secret to another store, without entering the secret again'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -f -a "passphrase" -d 'Change the passphrase of the encrypted secrets file (profiles with --store file)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -f -a "use" -d 'Make a profile the default one'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove set passphrase use help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l provider -d 'The cloud the key belongs to [default: kakaocloud]' -r -f -a "kakaocloud\t'KakaoCloud: IAM access keys, API tokens, S3 access keys (the default)'
ncp\t'NAVER Cloud Platform: temporary keys from its Secure Token Service'
glesys\t'GleSYS: Object Storage access keys'"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l access-key -d 'NAVER Cloud: the sub account\'s access key ID (with --provider ncp)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l project -d 'GleSYS: the project ID, e.g. CL12345 (with --provider glesys)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l access-key-id -d 'IAM access key ID (token method 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l access-key-name -d 'IAM access key name (token method 2, with --user-id)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l user-id -d 'User UUID that owns the key (token method 2)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l store -d 'Where to keep the secret and tokens: the OS keyring, an encrypted file (passphrase from KCRED_FILE_PASSPHRASE or a prompt), or Vault/OpenBao as a profile shared by a team or CI fleet (VAULT_ADDR, VAULT_TOKEN; use it with KCRED_STORE=vault)' -r -f -a "keyring\t'The OS keyring (the default)'
file\t'An encrypted file in the data dir, unlocked with a passphrase'
vault\t'A Vault-compatible server (OpenBao, HashiCorp Vault): shared profiles for a team or a CI fleet, their secrets and one token cache for all machines'"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l region -d 'KakaoCloud region: sets the Object Storage, KMS and Container Registry endpoints (IAM is global) [default: kr-central-2]' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l s3-region -d 'Region for S3 clients, over --region\'s [default: the region]' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l s3-endpoint -d 'Object Storage endpoint for S3 clients, over --region\'s [default: https://objectstorage.REGION.kakaocloud.com]' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l kms-endpoint -d 'KMS endpoint for `kcred kms-key`, over --region\'s [default: https://key-management-service.REGION.kakaocloud.com]' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l secret-stdin -d 'Read the secret from the first line of standard input instead of a prompt'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l no-verify -d 'Do not issue a token to check the key before saving'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l force -d 'Replace a profile of the same name'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from list" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from list" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from list" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from list" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from show" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from show" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from show" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from show" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l region -d 'KakaoCloud region: the Object Storage, KMS and Container Registry endpoints not set for themselves follow it' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l s3-region -d 'Region for S3 clients' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l s3-endpoint -d 'Object Storage endpoint for S3 clients' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l kms-endpoint -d 'KMS endpoint for `kcred kms-key` (KakaoCloud profiles)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l store -d 'Move the secret, and the S3 key secrets the profile remembers, to this store: the OS keyring, the encrypted file, or Vault (a shared profile; cached tokens are dropped, not moved)' -r -f -a "keyring\t'The OS keyring (the default)'
file\t'An encrypted file in the data dir, unlocked with a passphrase'
vault\t'A Vault-compatible server (OpenBao, HashiCorp Vault): shared profiles for a team or a CI fleet, their secrets and one token cache for all machines'"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -s y -l yes -d 'Moving a shared profile out of Vault: do not ask for confirmation'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -l new-passphrase-stdin -d 'Read the new passphrase from standard input (first line) instead of a prompt'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from passphrase" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from use" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from use" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from use" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from use" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from use" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from use" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from use" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a profile: verify the key, store its secret in the keyring, cache a first token'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "list" -d 'List profiles'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one profile (the current one by default)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a profile, its stored secret and its cached tokens'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a profile\'s endpoints or region, or move its secret to another store, without entering the secret again'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "passphrase" -d 'Change the passphrase of the encrypted secrets file (profiles with --store file)'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make a profile the default one'
complete -c kcred -n "__fish_kcred_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l duration -d 'NAVER Cloud: lifetime of the temporary key in seconds (600 to 43200)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l mfa-serial -d 'NAVER Cloud: the MFA device\'s serial number or NRN' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l mfa-code -d 'NAVER Cloud: the code the MFA device shows now' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l refresh -d 'Issue a new token and replace the cached one'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l no-cache -d 'Issue a new token without reading or writing the cache'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -f -a "show" -d 'Show the cached token\'s expiry, user and project (not the token)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -f -a "verify" -d 'Ask the server whether the cached token is still valid (exit 3 if not)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -f -a "revoke" -d 'Revoke the cached token on the server and drop it from the cache'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -f -a "forget" -d 'Drop the cached token from the cache (it stays valid on the server)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and not __fish_seen_subcommand_from show verify revoke forget help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from show" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from show" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from show" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from show" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from verify" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from verify" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from verify" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from verify" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from verify" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from verify" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from revoke" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from revoke" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from revoke" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from revoke" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from revoke" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from forget" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from forget" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from forget" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from forget" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from forget" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from forget" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from forget" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from forget" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the cached token\'s expiry, user and project (not the token)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Ask the server whether the cached token is still valid (exit 3 if not)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke the cached token on the server and drop it from the cache'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "forget" -d 'Drop the cached token from the cache (it stays valid on the server)'
complete -c kcred -n "__fish_kcred_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -f -a "create" -d 'Create an IAM access key in the current project; its secret goes to the keyring'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -f -a "list" -d 'List the IAM access keys of the current project'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -f -a "delete" -d 'Delete an IAM access key, its stored secret and the tokens it issued'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -f -a "rotate" -d 'Replace the current profile\'s key with a new one, then delete the old one'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and not __fish_seen_subcommand_from create list delete rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l name -d 'Name of the key [default: kcred-HOST-DATE]' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l description -d 'Description of the key' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l expires-at -d 'When the key stops working (RFC 3339, e.g. 2027-06-30T00:00:00Z)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l save-as -d 'Also make a profile that uses the new key' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l show-secret -d 'Print the secret (it can never be read from KakaoCloud again)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from list" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from list" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from list" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from list" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -l force -d 'Also when it is the key the current profile uses (the profile stops working)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -s y -l yes -d 'Do not ask for confirmation'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an IAM access key in the current project; its secret goes to the keyring'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the IAM access keys of the current project'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete an IAM access key, its stored secret and the tokens it issued'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace the current profile\'s key with a new one, then delete the old one'
complete -c kcred -n "__fish_kcred_using_subcommand iam-key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -f -a "create" -d 'Create an S3 access key; its secret goes to the keyring'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -f -a "list" -d 'List S3 access keys'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -f -a "delete" -d 'Delete an S3 access key and its stored secret'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -f -a "credential-process" -d 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and not __fish_seen_subcommand_from create list delete credential-process help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l project -d 'Project ID or name [default: the current key\'s project]' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l instance -d 'GleSYS: the Object Storage instance (see `kcred glesys instances`)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l description -d 'GleSYS: a description of the key' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l show-secret -d 'Print the secret (it is not shown again)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -l project -d 'Only the keys of this project (ID or name)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -l instance -d 'GleSYS: the Object Storage instance' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -l instance -d 'GleSYS: the Object Storage instance' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -l temp -d 'Temporary credentials instead (with SessionToken and Expiration)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from credential-process" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an S3 access key; its secret goes to the keyring'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List S3 access keys'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete an S3 access key and its stored secret'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from help" -f -a "credential-process" -d 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List the projects of the current user'
complete -c kcred -n "__fish_kcred_using_subcommand project; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from list" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from list" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from list" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from list" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the projects of the current user'
complete -c kcred -n "__fish_kcred_using_subcommand project; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l duration -d 'How long the credentials should live, in seconds (KakaoCloud\'s default when unset)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l refresh -d 'Get new credentials and replace the cached ones'
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l show-secret -d 'Print the secret key and session token too'
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand s3-temp" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "list" -d 'List the KMS keys of the current project'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "show" -d 'Show one KMS key'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "create" -d 'Create a KMS key (with version 1, unless --pre-activation)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "rotate" -d 'Rotate a KMS key now: a new version becomes the current one'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "versions" -d 'List the versions of a KMS key (* marks the current one)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "public-key" -d 'Print the public key of an asymmetric KMS key (PEM)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "delete" -d 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "version" -d 'Deactivate a version, schedule or cancel its destruction'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "set-rotation" -d 'Set how often a KMS key rotates by itself'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "access-control" -d 'Show or change who may use a KMS key (its access-control list)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "service-keys" -d 'List the service keys that KakaoCloud services made for the project (read-only)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and not __fish_seen_subcommand_from list show create rotate versions public-key delete version set-rotation access-control service-keys help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from list" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from list" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from list" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from list" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from show" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from show" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from show" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from show" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l name -d 'Name of the key' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l description -d 'Description of the key' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l algorithm -d 'Algorithm [default: AES256-GCM96 when --usage is not given either; else the only one the usage allows]' -r -f -a "AES256-GCM96\t''
RSA-2048\t''
ECDSA-P256\t''
HMAC-224\t''
HMAC-256\t''
HMAC-384\t''
HMAC-512\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l usage -d 'What the key is for [default: SYMMETRIC_ENCRYPT_DECRYPT when --algorithm is not given either; else the only usage the algorithm serves]' -r -f -a "SYMMETRIC_ENCRYPT_DECRYPT\t''
ASYMMETRIC_ENCRYPT_DECRYPT\t''
DIGITAL_SIGNATURE\t''
HMAC\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l rotation-days -d 'Days between automatic rotations, 1 to 1095 [default: KakaoCloud\'s]' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l target -d 'A subject allowed to use the key (repeat for more)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l pre-activation -d 'Create it in PRE_ACTIVATION status, with no version yet'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l access-control -d 'Enable access control: only the subjects on the key\'s list may use it'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from rotate" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from rotate" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from rotate" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from rotate" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from rotate" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from rotate" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from versions" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from versions" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from versions" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from versions" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from versions" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from versions" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from versions" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from versions" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from public-key" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from public-key" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from public-key" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from public-key" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from public-key" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from public-key" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from public-key" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from public-key" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -f -a "deactivate" -d 'Deactivate a version: it no longer encrypts or decrypts'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -f -a "destroy" -d 'Schedule the destruction of deactivated versions (irreversible once the time passes)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -f -a "cancel-destroy" -d 'Cancel the scheduled destruction of versions (they stay deactivated)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from version" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -l days -d 'Days between automatic rotations, 1 to 1095' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from set-rotation" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l add -d 'Add subjects to the list' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l remove -d 'Remove subjects from the list' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l enable -d 'Turn access control on: only the subjects on the list may use the key'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l disable -d 'Turn access control off'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from access-control" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from service-keys" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from service-keys" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from service-keys" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from service-keys" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from service-keys" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from service-keys" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from service-keys" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from service-keys" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the KMS keys of the current project'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one KMS key'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a KMS key (with version 1, unless --pre-activation)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Rotate a KMS key now: a new version becomes the current one'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "versions" -d 'List the versions of a KMS key (* marks the current one)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "public-key" -d 'Print the public key of an asymmetric KMS key (PEM)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "version" -d 'Deactivate a version, schedule or cancel its destruction'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "set-rotation" -d 'Set how often a KMS key rotates by itself'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "access-control" -d 'Show or change who may use a KMS key (its access-control list)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "service-keys" -d 'List the service keys that KakaoCloud services made for the project (read-only)'
complete -c kcred -n "__fish_kcred_using_subcommand kms-key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand env" -l format -d 'How to print the variables [default: sh; powershell on Windows; json with --output json]' -r -f -a "sh\t'export NAME=\'value\' (POSIX sh, bash, zsh)'
fish\t'set -gx NAME \'value\''
powershell\t'$Env:NAME = \'value\''
cmd\t'set "NAME=value" (Windows cmd.exe)'
dotenv\t'NAME=\'value\', for `set -a; . ./.env` and dotenv loaders'
github\t'appends to $GITHUB_ENV and masks the secrets (GitHub Actions)'
json\t'one JSON object'"
complete -c kcred -n "__fish_kcred_using_subcommand env" -l s3 -d 'Add AWS_* variables for an S3 access key (the profile\'s only one unless named)' -r
complete -c kcred -n "__fish_kcred_using_subcommand env" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand env" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand env" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand env" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand env" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand env" -l s3-temp -d 'Add AWS_* variables for temporary S3 credentials (with AWS_SESSION_TOKEN)'
complete -c kcred -n "__fish_kcred_using_subcommand env" -l no-export -d 'Plain assignments without export (sh, dotenv) or global instead of exported (fish)'
complete -c kcred -n "__fish_kcred_using_subcommand env" -l with-key -d 'Also print the IAM access key and its SECRET, for tools that take only a key (OpenStack CLI, KakaoCloud\'s Terraform provider); anyone who sees the output has it'
complete -c kcred -n "__fish_kcred_using_subcommand env" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand env" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand env" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l s3 -d 'Add AWS_* variables for an S3 access key (the profile\'s only one unless named)' -r
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l with-key -d 'Also give the command the IAM access key and its secret, for tools that take only a key (OpenStack CLI, KakaoCloud\'s Terraform provider)'
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l s3-temp -d 'Add AWS_* variables for temporary S3 credentials (with AWS_SESSION_TOKEN)'
complete -c kcred -n "__fish_kcred_using_subcommand exec" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand exec" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand exec" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand kube-credential" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand kube-credential" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand kube-credential" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kube-credential" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand kube-credential" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand kube-credential" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand kube-credential" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand kube-credential" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -f -a "configure" -d 'Point registries at docker-credential-kcred in every client\'s auth file, for the current profile (no HOST: the profile\'s PROJECT.REGION.kcr.dev), and remove their plaintext logins'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -f -a "list" -d 'List the registries kcred serves, their profiles and the auth files that point at it'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -f -a "remove" -d 'Undo `configure` for a registry: its auth-file entries and its profile\'s record'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -f -a "pull-secret" -d 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile\'s key, for `kubectl apply -f -`'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and not __fish_seen_subcommand_from configure list remove pull-secret help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -s y -l yes -d 'Remove plaintext logins for these hosts without asking'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -l dry-run -d 'Only print what would change'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from configure" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from list" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from list" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from list" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from list" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from remove" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from remove" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from remove" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from remove" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from remove" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -l name -d 'The Secret\'s name' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -l namespace -d 'The Secret\'s namespace (kubectl\'s current one when not given)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from pull-secret" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "configure" -d 'Point registries at docker-credential-kcred in every client\'s auth file, for the current profile (no HOST: the profile\'s PROJECT.REGION.kcr.dev), and remove their plaintext logins'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the registries kcred serves, their profiles and the auth files that point at it'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Undo `configure` for a registry: its auth-file entries and its profile\'s record'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "pull-secret" -d 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile\'s key, for `kubectl apply -f -`'
complete -c kcred -n "__fish_kcred_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -f -a "credentials" -d 'Describe the key that signs requests (`GET /api/v1/credentials`)'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and not __fish_seen_subcommand_from credentials help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from credentials" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from credentials" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from credentials" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from credentials" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from credentials" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from credentials" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from credentials" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from credentials" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from help" -f -a "credentials" -d 'Describe the key that signs requests (`GET /api/v1/credentials`)'
complete -c kcred -n "__fish_kcred_using_subcommand ncp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -f -a "instances" -d 'List Object Storage instances and their access keys'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and not __fish_seen_subcommand_from instances help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from instances" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from instances" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from instances" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from instances" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from instances" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from instances" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from instances" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from instances" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from help" -f -a "instances" -d 'List Object Storage instances and their access keys'
complete -c kcred -n "__fish_kcred_using_subcommand glesys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -l dry-run -d 'Only report: change nothing, here or on the server'
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand completions" -l profile -d 'Profile to use instead of the default one' -r
complete -c kcred -n "__fish_kcred_using_subcommand completions" -l output -d 'Output format for data' -r -f -a "table\t''
json\t''"
complete -c kcred -n "__fish_kcred_using_subcommand completions" -l endpoint -d 'Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)' -r
complete -c kcred -n "__fish_kcred_using_subcommand completions" -l timeout -d 'Seconds to wait for the server, and for another kcred issuing for the same profile (at least 1)' -r
complete -c kcred -n "__fish_kcred_using_subcommand completions" -l min-ttl -d 'Seconds a cached token must still be valid for to be used' -r
complete -c kcred -n "__fish_kcred_using_subcommand completions" -l no-input -d 'Never prompt; fail instead (implied when CI is set or stdin is not a terminal)'
complete -c kcred -n "__fish_kcred_using_subcommand completions" -s v -l verbose -d 'Log requests (method, URL, status, time) to stderr; secrets are never shown'
complete -c kcred -n "__fish_kcred_using_subcommand completions" -s h -l help -d 'Print help'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "profile" -d 'Manage profiles: one IAM access key each, its secret in the OS keyring'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "token" -d 'Print a valid API token (cached until it expires)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "iam-key" -d 'Manage IAM access keys (at most 2 per project)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "s3-key" -d 'Manage S3 access keys (at most 2 per project)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "project" -d 'Projects of the current user'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "s3-temp" -d 'Exchange the token for temporary S3 credentials (cached until they expire)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "kms-key" -d 'Manage KMS user keys: create, rotate, deactivate, destroy, delete; access control; service keys'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "env" -d 'Print the environment for scripts and CI (token, project; the key with --with-key)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "exec" -d 'Run a command with the token (the key with --with-key) in its environment'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "kube-credential" -d 'Print a token as a Kubernetes ExecCredential, for kubectl\'s exec plugin'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "registry" -d 'Container registries (KakaoCloud Container Registry) served by docker-credential-kcred'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "ncp" -d 'NAVER Cloud: the key that signs requests'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "glesys" -d 'GleSYS: Object Storage instances'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "doctor" -d 'Check profiles, secrets, cached tokens and the server against each other; finish or undo interrupted key operations, and repair what is safe to'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c kcred -n "__fish_kcred_using_subcommand help; and not __fish_seen_subcommand_from profile token iam-key s3-key project s3-temp kms-key env exec kube-credential registry ncp glesys doctor completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "add" -d 'Add a profile: verify the key, store its secret in the keyring, cache a first token'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "list" -d 'List profiles'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "show" -d 'Show one profile (the current one by default)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "remove" -d 'Remove a profile, its stored secret and its cached tokens'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "set" -d 'Change a profile\'s endpoints or region, or move its secret to another store, without entering the secret again'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "passphrase" -d 'Change the passphrase of the encrypted secrets file (profiles with --store file)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "use" -d 'Make a profile the default one'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "show" -d 'Show the cached token\'s expiry, user and project (not the token)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "verify" -d 'Ask the server whether the cached token is still valid (exit 3 if not)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke the cached token on the server and drop it from the cache'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "forget" -d 'Drop the cached token from the cache (it stays valid on the server)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from iam-key" -f -a "create" -d 'Create an IAM access key in the current project; its secret goes to the keyring'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from iam-key" -f -a "list" -d 'List the IAM access keys of the current project'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from iam-key" -f -a "delete" -d 'Delete an IAM access key, its stored secret and the tokens it issued'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from iam-key" -f -a "rotate" -d 'Replace the current profile\'s key with a new one, then delete the old one'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from s3-key" -f -a "create" -d 'Create an S3 access key; its secret goes to the keyring'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from s3-key" -f -a "list" -d 'List S3 access keys'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from s3-key" -f -a "delete" -d 'Delete an S3 access key and its stored secret'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from s3-key" -f -a "credential-process" -d 'Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from project" -f -a "list" -d 'List the projects of the current user'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "list" -d 'List the KMS keys of the current project'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "show" -d 'Show one KMS key'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "create" -d 'Create a KMS key (with version 1, unless --pre-activation)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "rotate" -d 'Rotate a KMS key now: a new version becomes the current one'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "versions" -d 'List the versions of a KMS key (* marks the current one)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "public-key" -d 'Print the public key of an asymmetric KMS key (PEM)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "delete" -d 'Delete a KMS key: one in pre-activation, or one whose versions are all destroyed'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "version" -d 'Deactivate a version, schedule or cancel its destruction'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "set-rotation" -d 'Set how often a KMS key rotates by itself'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "access-control" -d 'Show or change who may use a KMS key (its access-control list)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from kms-key" -f -a "service-keys" -d 'List the service keys that KakaoCloud services made for the project (read-only)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "configure" -d 'Point registries at docker-credential-kcred in every client\'s auth file, for the current profile (no HOST: the profile\'s PROJECT.REGION.kcr.dev), and remove their plaintext logins'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "list" -d 'List the registries kcred serves, their profiles and the auth files that point at it'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "remove" -d 'Undo `configure` for a registry: its auth-file entries and its profile\'s record'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "pull-secret" -d 'Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current profile\'s key, for `kubectl apply -f -`'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from ncp" -f -a "credentials" -d 'Describe the key that signs requests (`GET /api/v1/credentials`)'
complete -c kcred -n "__fish_kcred_using_subcommand help; and __fish_seen_subcommand_from glesys" -f -a "instances" -d 'List Object Storage instances and their access keys'
