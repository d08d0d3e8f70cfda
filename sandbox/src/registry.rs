//! Accounts and applications known to the running emulator (from the config file, changed at run time
//! through the admin API).

use std::collections::HashMap;
use std::sync::RwLock;

use subtle::ConstantTimeEq;

use crate::config::{AccountConfig, ApplicationConfig, Config};
use crate::delivery::Target;
use crate::store::CallbackKind;

/// The accounts and applications, behind a lock.
#[derive(Debug, Default)]
pub struct Registry {
    inner: RwLock<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    accounts: HashMap<String, AccountConfig>,
    applications: HashMap<String, ApplicationConfig>,
}

impl Registry {
    /// The registry of a configuration.
    pub fn new(config: &Config) -> Self {
        let registry = Registry::default();
        for account in &config.accounts {
            registry.put_account(account.clone());
        }
        for application in &config.applications {
            registry.put_application(application.clone());
        }
        registry
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds or replaces an account.
    pub fn put_account(&self, account: AccountConfig) {
        self.write().accounts.insert(account.id.clone(), account);
    }

    /// Adds or replaces an application; returns the previous one.
    pub fn put_application(&self, application: ApplicationConfig) -> Option<ApplicationConfig> {
        self.write()
            .applications
            .insert(application.id.clone(), application)
    }

    /// An account, if configured.
    pub fn account(&self, id: &str) -> Option<AccountConfig> {
        self.read().accounts.get(id).cloned()
    }

    /// Whether the account exists.
    pub fn has_account(&self, id: &str) -> bool {
        self.read().accounts.contains_key(id)
    }

    /// An application, if configured.
    pub fn application(&self, id: &str) -> Option<ApplicationConfig> {
        self.read().applications.get(id).cloned()
    }

    /// Every application, sorted by id.
    pub fn applications(&self) -> Vec<ApplicationConfig> {
        let mut all: Vec<_> = self.read().applications.values().cloned().collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all
    }

    /// Every account id, sorted.
    pub fn account_ids(&self) -> Vec<String> {
        let mut ids: Vec<_> = self.read().accounts.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// Whether `username`/`password` is an API user of the account. Every user of the account is
    /// compared in constant time, without an early exit.
    pub fn check_basic(&self, account_id: &str, username: &str, password: &str) -> bool {
        let inner = self.read();
        let Some(account) = inner.accounts.get(account_id) else {
            return false;
        };
        let mut matched = subtle::Choice::from(0u8);
        for user in &account.users {
            matched |= user.username.as_bytes().ct_eq(username.as_bytes())
                & user.password.as_bytes().ct_eq(password.as_bytes());
        }
        bool::from(matched)
    }

    /// The account whose OAuth2 client this is, comparing secrets in constant time.
    pub fn check_oauth_client(&self, client_id: &str, client_secret: &str) -> Option<String> {
        let inner = self.read();
        let mut found = None;
        for account in inner.accounts.values() {
            for client in &account.oauth_clients {
                let same = client.client_id.as_bytes().ct_eq(client_id.as_bytes())
                    & client
                        .client_secret
                        .as_bytes()
                        .ct_eq(client_secret.as_bytes());
                if bool::from(same) && found.is_none() {
                    found = Some(account.id.clone());
                }
            }
        }
        found
    }

    /// Where an application's events of one kind go right now, if it has a URL for them.
    pub fn target(&self, application_id: &str, kind: CallbackKind) -> Option<Target> {
        let inner = self.read();
        let application = inner.applications.get(application_id)?;
        let (url, credentials) = match kind {
            CallbackKind::Outbound => (
                &application.outbound_callback_url,
                &application.outbound_callback_credentials,
            ),
            CallbackKind::Inbound => (
                &application.inbound_callback_url,
                &application.inbound_callback_credentials,
            ),
        };
        Some(Target {
            url: url.clone()?,
            credentials: credentials.as_ref().map(|c| {
                bandwidth_messaging::webhook::BasicCredentials::new(
                    c.username.clone(),
                    c.password.clone(),
                )
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_ACCOUNT_ID;

    #[test]
    fn basic_credentials_are_checked_per_account() {
        let registry = Registry::new(&Config::default());
        assert!(registry.check_basic(DEFAULT_ACCOUNT_ID, "sandbox", "sandbox"));
        assert!(!registry.check_basic(DEFAULT_ACCOUNT_ID, "sandbox", "wrong"));
        assert!(!registry.check_basic("1234567", "sandbox", "sandbox"));
    }

    #[test]
    fn oauth_client_maps_to_its_account() {
        let registry = Registry::new(&Config::default());
        assert_eq!(
            registry
                .check_oauth_client("sandbox-client", "sandbox-secret")
                .as_deref(),
            Some(DEFAULT_ACCOUNT_ID)
        );
        assert_eq!(registry.check_oauth_client("sandbox-client", "nope"), None);
    }

    #[test]
    fn target_needs_a_url() {
        let registry = Registry::new(&Config::default());
        assert_eq!(
            registry.target(
                crate::config::DEFAULT_APPLICATION_ID,
                CallbackKind::Outbound
            ),
            None
        );
        let mut application = ApplicationConfig::new("a", DEFAULT_ACCOUNT_ID);
        application.inbound_callback_url = Some("http://127.0.0.1:1/in".to_owned());
        registry.put_application(application);
        assert_eq!(
            registry.target("a", CallbackKind::Inbound).map(|t| t.url),
            Some("http://127.0.0.1:1/in".to_owned())
        );
    }
}
