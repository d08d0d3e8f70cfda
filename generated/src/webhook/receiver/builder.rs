//! Configuring a [`Receiver`].

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::handler::{EventHandler, NoHandler};
use super::{Inner, Receiver, reply};
use crate::generated::webhooks::Event;
use crate::webhook::auth::BasicCredentials;
use crate::webhook::dedup::{DedupStore, MemoryDedupStore};
use crate::webhook::event::WebhookEvent;

/// Builds a [`Receiver`]. Every setting has a default except the handler, which is required.
pub struct ReceiverBuilder<Ev = Event, H = NoHandler, S = MemoryDedupStore> {
    credentials: Option<BasicCredentials>,
    realm: String,
    store: S,
    deadline: Duration,
    body_limit: usize,
    handler: H,
    marker: PhantomData<fn() -> Ev>,
}

impl<Ev: WebhookEvent> ReceiverBuilder<Ev> {
    /// A builder for events of type `Ev` with the defaults: no authentication, a [`MemoryDedupStore`],
    /// [`Receiver::DEFAULT_DEADLINE`] and [`Receiver::DEFAULT_BODY_LIMIT`].
    pub fn new() -> Self {
        Self {
            credentials: None,
            realm: Receiver::<NoHandler, MemoryDedupStore, Ev>::DEFAULT_REALM.to_owned(),
            store: MemoryDedupStore::default(),
            deadline: Receiver::<NoHandler, MemoryDedupStore, Ev>::DEFAULT_DEADLINE,
            body_limit: Receiver::<NoHandler, MemoryDedupStore, Ev>::DEFAULT_BODY_LIMIT,
            handler: NoHandler,
            marker: PhantomData,
        }
    }
}

impl<Ev: WebhookEvent> Default for ReceiverBuilder<Ev> {
    fn default() -> Self {
        Self::new()
    }
}

impl<Ev, H, S> ReceiverBuilder<Ev, H, S> {
    /// Requires HTTP Basic credentials (the ones configured on the Bandwidth application). A request without
    /// them, or with others, is answered 401 with `WWW-Authenticate: Basic realm="..."`, which makes Bandwidth
    /// send it again with the credentials.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(BasicCredentials::new(username, password));
        self
    }

    /// The realm named in the 401 challenge (default [`Receiver::DEFAULT_REALM`]).
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = realm.into();
        self
    }

    /// How long one delivery may take, from its headers to the answer: reading the body, parsing it and the
    /// handler for all its events (default [`Receiver::DEFAULT_DEADLINE`], below Bandwidth's 10-second timeout).
    /// A body still arriving then gets 408; a handler still running gets 503 with `Retry-After`, its future is
    /// dropped and its claim abandoned, so events not finished by then are delivered again. Claims live for the
    /// deadline plus [`Receiver::LEASE_MARGIN`].
    pub fn handler_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The largest body accepted, in bytes (default [`Receiver::DEFAULT_BODY_LIMIT`]); larger ones get 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Where handled events are remembered (default: a [`MemoryDedupStore`]; [`NoDedup`](crate::webhook::NoDedup)
    /// turns deduplication off).
    pub fn dedup_store<S2: DedupStore>(self, store: S2) -> ReceiverBuilder<Ev, H, S2> {
        ReceiverBuilder {
            credentials: self.credentials,
            realm: self.realm,
            store,
            deadline: self.deadline,
            body_limit: self.body_limit,
            handler: self.handler,
            marker: PhantomData,
        }
    }

    /// The code that processes each event: a closure `|event| async move { ...; Ok::<_, E>(()) }` or any
    /// [`EventHandler`].
    pub fn handler<H2: EventHandler<Ev>>(self, handler: H2) -> ReceiverBuilder<Ev, H2, S> {
        ReceiverBuilder {
            credentials: self.credentials,
            realm: self.realm,
            store: self.store,
            deadline: self.deadline,
            body_limit: self.body_limit,
            handler,
            marker: PhantomData,
        }
    }
}

impl<Ev: WebhookEvent, H: EventHandler<Ev>, S: DedupStore> ReceiverBuilder<Ev, H, S> {
    /// The receiver, a `tower::Service` to mount with `Router::route_service(path, receiver)`.
    pub fn build(self) -> Receiver<H, S, Ev> {
        let challenge = reply::challenge(&self.realm);
        Receiver {
            inner: Arc::new(Inner {
                credentials: self.credentials,
                challenge,
                store: self.store,
                deadline: self.deadline,
                lease: self.deadline + Receiver::<H, S, Ev>::LEASE_MARGIN,
                retention: Receiver::<H, S, Ev>::DEFAULT_RETENTION,
                body_limit: self.body_limit,
                handler: self.handler,
                marker: PhantomData,
            }),
        }
    }

    /// The receiver as an axum `Router` answering on every path, for a server that does nothing else (see
    /// [`Receiver::into_router`]; to mount it in an application, use [`router_at`](Self::router_at)).
    pub fn into_router(self) -> axum::Router {
        self.build().into_router()
    }

    /// The receiver as an axum `Router` answering only at `path`, safe to `merge` into an application's router
    /// (see [`Receiver::router_at`]).
    pub fn router_at(self, path: &str) -> axum::Router {
        self.build().router_at(path)
    }
}

impl<Ev, H, S: std::fmt::Debug> std::fmt::Debug for ReceiverBuilder<Ev, H, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceiverBuilder")
            .field("credentials", &self.credentials)
            .field("realm", &self.realm)
            .field("store", &self.store)
            .field("deadline", &self.deadline)
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}
