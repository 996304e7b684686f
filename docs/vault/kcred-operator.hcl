# kcred for the operator who adds, rotates and removes shared profiles and keys.
path "secret/data/kcred/*" {
  capabilities = ["create", "read", "update", "delete"]
}
path "secret/metadata/kcred/*" {
  capabilities = ["list", "read", "delete"]
}
path "secret/metadata/kcred" {
  capabilities = ["list"]
}
