//! kcred: a command-line credential manager for KakaoCloud.
//!
//! The binary is a thin shell around [`commands::run`]. Below the commands sit the IAM client
//! ([`iam`]), the secret store ([`secrets`]), the token cache ([`token_cache`]) and the proof
//! of tokens from a shared one ([`token_proof`]), profiles ([`config`]), credential
//! resolution ([`credentials`]), and key operations with their journal ([`key_ops`],
//! [`journal`]).

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
