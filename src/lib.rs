//! kcred: a command-line credential manager for KakaoCloud.
//!
//! Two thin binaries over this library, in layers (each uses only those below it): the
//! command line ([`cli`]); the commands ([`commands`], glue); the Ui ([`ui`]) and the settings
//! read once at start ([`settings`], declared in [`reference`]); the core: tokens
//! ([`tokens`], [`token_cache`], [`token_proof`]) and key operations with their journal
//! ([`key_ops`], [`journal`]); the run's stores ([`stores`], [`secrets`], [`vault`],
//! [`config`]); and the HTTP clients ([`iam`], [`kms`], [`object_storage`], [`ncp`],
//! [`glesys`], over [`http`] and [`tls`]). Errors and their exit codes: [`error`], told by
//! [`report`].

pub mod cli;
pub mod commands;
pub mod config;
pub mod core_dumps;
pub mod credentials;
pub mod error;
pub mod failpoint;
pub mod glesys;
pub mod http;
pub mod iam;
pub mod journal;
pub mod key_expiry;
pub mod key_ops;
pub mod kms;
pub mod ncp;
pub mod object_storage;
pub mod reference;
pub mod registry;
pub mod report;
pub mod secrets;
pub mod settings;
pub mod stores;
pub mod tls;
pub mod token_cache;
pub mod token_proof;
pub mod tokens;
pub mod ui;
pub mod vault;

pub use error::{Error, ErrorKind, Result};
