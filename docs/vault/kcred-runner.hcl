# kcred on a CI runner: read shared profiles and their secrets, share one token cache.
path "secret/data/kcred/profiles/*" {
  capabilities = ["read"]
}
path "secret/metadata/kcred/profiles" {
  capabilities = ["list"]
}
path "secret/metadata/kcred/profiles/" {
  capabilities = ["list"]
}
path "secret/data/kcred/secrets/profile/+/access-key-secret" {
  capabilities = ["read"]
}
path "secret/data/kcred/secrets/s3-key/*" {
  capabilities = ["read"]
}
path "secret/data/kcred/cache/*" {
  capabilities = ["create", "read", "update", "delete"]
}
path "secret/data/kcred/locks/*" {
  capabilities = ["create", "read", "update"]
}
