//! The watch over OBS through obs-websocket v5: OBS's stream output must point at
//! screenveil's listener whenever it streams. Any other destination (settings changed by
//! hand or over the websocket, another profile or scene collection) gets its stream stopped
//! and the output pointed back. Events give the moment a stream starts; a poll every 200 ms
//! covers changes no event announces (stream service settings have none). A lost connection
//! (OBS restarted) is retried every second.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use obws::events::{Event, OutputState};

use super::service::Service;
use super::status::Board;

/// How the guard reaches OBS.
#[derive(Clone)]
pub struct Reach {
    pub host: String,
    pub port: u16,
    pub password: Option<String>,
}

impl std::fmt::Debug for Reach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ws://{}:{} (password {})", self.host, self.port, if self.password.is_some() { "set" } else { "none" })
    }
}

const POLL: Duration = Duration::from_millis(200);
const RETRY: Duration = Duration::from_secs(1);

/// obws refuses OBS before 30.2 unless told otherwise. The guard uses only what
/// obs-websocket 5.0 (OBS 28) already has: stream service settings, stream status and stop,
/// and the stream, record, profile and scene collection events; Debian 12 ships OBS 29.
pub async fn connect(reach: &Reach, timeout: Duration) -> Result<obws::Client, obws::error::Error> {
    let dangerous = obws::client::DangerousConnectConfig { skip_studio_version_check: true, skip_websocket_version_check: true };
    obws::Client::connect_with_config(obws::client::ConnectConfig {
        host: reach.host.as_str(),
        port: reach.port,
        password: reach.password.as_deref(),
        event_subscriptions: None,
        broadcast_capacity: obws::client::DEFAULT_BROADCAST_CAPACITY,
        connect_timeout: timeout,
        dangerous: Some(dangerous),
    })
    .await
}

pub async fn service(client: &obws::Client) -> Result<Service, obws::error::Error> {
    let s = client.config().stream_service_settings::<serde_json::Value>().await?;
    Ok(Service { kind: s.r#type, settings: s.settings })
}

pub async fn set_service(client: &obws::Client, s: &Service) -> Result<(), obws::error::Error> {
    client.config().set_stream_service_settings(&s.kind, &s.settings).await
}

/// Messages from the guard to the recordings worker.
pub type RecordingTx = std::sync::mpsc::Sender<std::path::PathBuf>;

/// Guards until the board says stop; then, with `restore`, gives OBS back `original`.
pub async fn run(reach: Reach, listener: String, original: Service, restore: bool, board: Arc<Board>, recordings: Option<RecordingTx>) {
    let ours = Service::through(&listener);
    while !board.stopping() {
        match connect(&reach, Duration::from_secs(3)).await {
            Ok(client) => {
                board.update(|s| s.obs_connected = true);
                let why = watch(&client, &listener, &ours, &board, recordings.as_ref()).await;
                board.update(|s| {
                    s.obs_connected = false;
                    s.obs_points_here = false;
                });
                if let Err(e) = why
                    && !board.stopping()
                {
                    board.act(format!("lost OBS ({e}); reconnecting"));
                }
            }
            Err(e) => {
                board.update(|s| s.last_error = Some(crate::gate::scrub(&format!("OBS websocket: {e}"))));
            }
        }
        sleep_unless_stopping(&board, RETRY).await;
    }
    if restore {
        give_back(&reach, &original, &board).await;
    }
}

async fn sleep_unless_stopping(board: &Board, d: Duration) {
    let end = tokio::time::Instant::now() + d;
    while tokio::time::Instant::now() < end && !board.stopping() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Restores the user's settings; a stream still running then would go out unredacted, so it
/// is stopped first.
async fn give_back(reach: &Reach, original: &Service, board: &Board) {
    for _ in 0..5 {
        if let Ok(client) = connect(reach, Duration::from_secs(3)).await {
            if client.streaming().status().await.is_ok_and(|s| s.active) {
                let _ = client.streaming().stop().await;
            }
            match set_service(&client, original).await {
                Ok(()) => {
                    board.act(format!("restored OBS's stream settings ({})", original.shown()));
                    return;
                }
                Err(e) => board.act(format!("could not restore OBS's stream settings: {e}")),
            }
        }
        tokio::time::sleep(RETRY).await;
    }
    board.act("OBS unreachable: its stream settings still point at screenveil".into());
}

async fn watch(client: &obws::Client, listener: &str, ours: &Service, board: &Board, recordings: Option<&RecordingTx>) -> Result<(), obws::error::Error> {
    let mut events = Box::pin(client.events()?);
    // Events read early by `enforce`, still to be handled here.
    let mut pending: VecDeque<Event> = VecDeque::new();
    let mut g = Guard { client, listener, ours, board };
    g.enforce("", false, &mut events, &mut pending).await?;
    let mut tick = tokio::time::interval(POLL);
    loop {
        let ev = match pending.pop_front() {
            Some(e) => Some(e),
            None => tokio::select! {
                ev = events.next() => ev,
                _ = tick.tick() => {
                    if board.stopping() {
                        return Ok(());
                    }
                    g.enforce("", false, &mut events, &mut pending).await?;
                    continue;
                }
            },
        };
        match ev {
            None | Some(Event::ExitStarted) => return Err(obws::error::Error::Disconnected),
            Some(Event::StreamStateChanged { state, .. }) => {
                if matches!(state, OutputState::Starting | OutputState::Started | OutputState::Reconnecting | OutputState::Reconnected) {
                    g.enforce("as it started ", true, &mut events, &mut pending).await?;
                }
            }
            Some(Event::CurrentProfileChanged { .. }) => g.enforce("after a profile switch ", false, &mut events, &mut pending).await?,
            Some(Event::CurrentSceneCollectionChanged { .. }) => g.enforce("after a scene collection switch ", false, &mut events, &mut pending).await?,
            Some(Event::RecordStateChanged { state: OutputState::Stopped, path: Some(p), .. }) => {
                if let Some(tx) = recordings {
                    let _ = tx.send(p.into());
                }
            }
            Some(_) => {}
        }
    }
}

struct Guard<'a> {
    client: &'a obws::Client,
    listener: &'a str,
    ours: &'a Service,
    board: &'a Board,
}

impl Guard<'_> {
    /// Makes OBS stream only through screenveil: the output is pointed back at the listener
    /// and a stream started with other settings is stopped. `started`: called for a stream
    /// that just started (with the settings found now).
    async fn enforce<S>(&mut self, when: &str, started: bool, events: &mut S, pending: &mut VecDeque<Event>) -> Result<(), obws::error::Error>
    where
        S: futures_util::Stream<Item = Event> + Unpin,
    {
        let (client, board) = (self.client, self.board);
        let now = service(client).await?;
        if now.goes_through(self.listener) {
            board.update(|s| s.obs_points_here = true);
            return Ok(());
        }
        board.update(|s| s.obs_points_here = false);
        // Settings for the next start first; a stream already starting or running keeps the
        // settings it started with, so it is stopped whatever they are now.
        set_service(client, self.ours).await?;
        board.update(|s| s.obs_points_here = true);
        board.act(format!("pointed OBS's stream output back at screenveil (it was set to {})", now.shown()));
        // A start that OBS announced before it answered the change above used the old
        // settings: its event is already here (one socket, in order). A start after it uses
        // screenveil's and is left alone.
        let mut suspect = started;
        while let Some(Some(e)) = events.next().now_or_never() {
            suspect |= matches!(
                e,
                Event::StreamStateChanged { state: OutputState::Starting | OutputState::Started | OutputState::Reconnecting | OutputState::Reconnected, .. }
            );
            pending.push_back(e);
        }
        // A stream still connecting is not "active" and cannot be stopped yet: it is watched
        // until it is, and stopped then, or until it ends by itself (OBS reads the server
        // again as it connects: the output picked for an RTMP URL then fails on screenveil's
        // SRT one, and nothing went out).
        let until = tokio::time::Instant::now() + Duration::from_secs(10);
        let stopped = |board: &Board, before: &str| {
            board.update(|s| s.bypasses_stopped += 1);
            board.act(format!("stopped OBS's stream {when}to {}{before}: it did not go through screenveil", now.shown()));
        };
        loop {
            let status = client.streaming().status().await?;
            if status.active || status.reconnecting {
                let _ = client.streaming().stop().await;
                stopped(board, "");
                return Ok(());
            }
            if !suspect || tokio::time::Instant::now() >= until {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
            while let Some(Some(e)) = events.next().now_or_never() {
                let ended = matches!(e, Event::StreamStateChanged { state: OutputState::Stopped, .. });
                pending.push_back(e);
                if ended {
                    stopped(board, " before it connected");
                    return Ok(());
                }
            }
        }
    }
}
